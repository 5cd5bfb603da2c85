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
  // A page that takes the overlay out again each time it comes back would have its observer and
  // ours call each other for ever, and the page would freeze: after a few quick returns, the next
  // waits (longer each time), so the page stays responsive whatever it does.
  const returns = new PutBackPacing();
  let later: ReturnType<typeof setTimeout> | undefined;
  const putBack = () => {
    if (later !== undefined || !doc.documentElement || signal.aborted) return;
    const wait = returns.next(performance.now());
    if (wait === 0) attach();
    else
      later = setTimeout(() => {
        later = undefined;
        if (!signal.aborted && host.parentNode !== doc.documentElement && doc.documentElement) attach();
      }, wait);
  };
  // SPA frameworks sometimes wipe what they did not create, and a hostile page may move, hide or
  // disable it: put the overlay back as it was.
  const watcher = new MutationObserver(() => {
    for (const name of host.getAttributeNames()) if (name !== 'popover') host.removeAttribute(name);
    if (topLayer && host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
    if (host.parentNode !== doc.documentElement) putBack();
  });
  watcher.observe(doc.documentElement, { childList: true });
  watcher.observe(host, { attributes: true });
  host.addEventListener('toggle', open, { signal });
  signal.addEventListener(
    'abort',
    () => {
      watcher.disconnect();
      clearTimeout(later);
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

/**
 * How long to wait before putting the overlay back: at once for the first `quick` returns in a
 * second, then 250 ms, doubling on every return that comes as quickly, up to 30 s.
 */
export class PutBackPacing {
  #windowStart = Number.NEGATIVE_INFINITY;
  #count = 0;
  #wait = 0;

  constructor(private readonly quick = 5) {}

  /** The wait before the return asked for at `now` (ms); 0: at once. */
  next(now: number): number {
    if (now - this.#windowStart > 1_000) {
      this.#windowStart = now;
      this.#count = 0;
    }
    if (++this.#count <= this.quick) return 0;
    this.#wait = Math.min(this.#wait ? this.#wait * 2 : 250, 30_000);
    return this.#wait;
  }
}
