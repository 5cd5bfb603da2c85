/**
 * The overlay's home on the page: one `<stepwise-overlay>` element under `<html>` with a closed
 * shadow root, styled only from inside it. It sits in the top layer (a manual popover) where the
 * browser has one, so app modals and z-indexes cannot cover it. The page can reach the element
 * itself, so it is kept as it was made: put back under `<html>` when the page removes or moves it,
 * any attribute the page sets on it (`inert`, `hidden`, `style`…) removed, and its popover opened
 * again when the page closes it. It goes away with `signal`.
 */
import { HOST_TAG } from '../overlay/bridge';

export interface OverlayRoot {
  host: HTMLElement;
  root: ShadowRoot;
  /** Where the UI renders. */
  container: HTMLElement;
}

/** Creates the host (`tag`, the overlay's by default) and its closed shadow root, with `css` as its only style. */
export function createOverlayRoot(
  css: string,
  signal: AbortSignal,
  doc: Document = document,
  tag: string = HOST_TAG,
): OverlayRoot {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  container.className = 'stepwise';
  root.append(style, container);
  const topLayer = typeof host.showPopover === 'function';
  if (topLayer) host.setAttribute('popover', 'manual');

  const open = () => {
    if (topLayer && host.isConnected && !host.matches(':popover-open')) host.showPopover();
  };
  const attach = () => {
    if (host.parentNode !== doc.documentElement) doc.documentElement.append(host);
    open();
  };
  attach();
  // SPA frameworks sometimes wipe what they did not create, and a hostile page may move, hide or
  // disable it: put the overlay back as it was.
  const watcher = new MutationObserver(() => {
    for (const name of host.getAttributeNames()) if (name !== 'popover') host.removeAttribute(name);
    if (topLayer && host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
    if (host.parentNode !== doc.documentElement && doc.documentElement) attach();
  });
  watcher.observe(doc.documentElement, { childList: true });
  watcher.observe(host, { attributes: true });
  host.addEventListener('toggle', open, { signal });
  signal.addEventListener(
    'abort',
    () => {
      watcher.disconnect();
      host.remove();
    },
    { once: true },
  );
  return { host, root, container };
}

/** Brings the overlay above a top-layer element the page opened after it (a modal `<dialog>`). */
export function raise(host: HTMLElement): void {
  if (typeof host.showPopover !== 'function' || !host.isConnected) return;
  if (host.matches(':popover-open')) host.hidePopover();
  host.showPopover();
}
