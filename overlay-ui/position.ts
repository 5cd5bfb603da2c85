/**
 * Following a target with Floating UI's `autoUpdate` (scroll, resize, layout changes) until the
 * returned cleanup runs, and measuring it through same-origin iframes. Cards choose their side in
 * `placement.ts`.
 */
import { autoUpdate } from '@floating-ui/dom';

/**
 * The element's box in the top window's viewport, through same-origin iframes; `rect` measures it
 * in its own frame (its border box by default).
 */
export function viewportRect(
  element: Element,
  rect: DOMRect = element.getBoundingClientRect(),
): { x: number; y: number; width: number; height: number } {
  let { x, y } = rect;
  let win: Window | null = element.ownerDocument.defaultView;
  while (win && win !== win.parent && win.frameElement) {
    const frame = win.frameElement;
    const box = frame.getBoundingClientRect();
    const style = win.parent.getComputedStyle(frame);
    x += box.x + Number.parseFloat(style.borderLeftWidth) + Number.parseFloat(style.paddingLeft);
    y += box.y + Number.parseFloat(style.borderTopWidth) + Number.parseFloat(style.paddingTop);
    win = win.parent;
  }
  return { x, y, width: rect.width, height: rect.height };
}

/**
 * Calls `place` with the target's box whenever it may have moved; returns the cleanup. With
 * `steady` (the card layout), nothing moves while the pointer is pressed on the overlay: a press
 * that blurs a field can make the app shift the page, and what moved under it would lose the click.
 */
export function follow(
  reference: Element,
  floating: HTMLElement,
  place: (rect: ReturnType<typeof viewportRect>) => void,
  steady?: { ready(update: () => unknown): boolean },
) {
  const update = () => {
    if (!steady || steady.ready(update)) place(viewportRect(reference));
  };
  return autoUpdate(reference, floating, update);
}

/** Scrolls `element` into view (through scroll containers and frames) unless it is fully visible. */
export function revealTarget(element: Element, signal: AbortSignal): void {
  const observer = new IntersectionObserver((entries) => {
    observer.disconnect();
    const entry = entries[0];
    if (signal.aborted || !entry || entry.intersectionRatio >= 0.99) return;
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduce ? 'instant' : 'smooth' });
  });
  observer.observe(element);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
