/**
 * The overlay's home on the page: one `<stepwise-overlay>` element under `<html>` with a closed
 * shadow root, styled only from inside it. It sits in the top layer (a manual popover) where the
 * browser has one, so app modals and z-indexes cannot cover it, and comes back if the page removes
 * it. It goes away with `signal`.
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

  const attach = () => {
    doc.documentElement.append(host);
    if (topLayer && !host.matches(':popover-open')) host.showPopover();
  };
  attach();
  // SPA frameworks sometimes wipe what they did not create; put the overlay back.
  const watcher = new MutationObserver(() => {
    if (!host.isConnected && doc.documentElement) attach();
  });
  watcher.observe(doc.documentElement, { childList: true });
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
