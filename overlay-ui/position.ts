/**
 * Anchoring with Floating UI: the card beside its target (flip, shift, arrow), following scroll,
 * resize and layout changes until the returned cleanup runs. Targets inside same-origin iframes are
 * measured through their frames.
 */
import { arrow, autoUpdate, computePosition, flip, offset, type Placement, shift } from '@floating-ui/dom';
import type { Placement as StepPlacement } from '../rules/engine';

const toPlacement = (placement: StepPlacement | undefined): Placement =>
  !placement || placement === 'auto' ? 'bottom' : placement;

/**
 * Holds a floating element still while a pointer is pressed on it. Pressing a card's button blurs
 * the field the user was in; the app may then show a validation message that shifts the page, and
 * a button that moved between press and release would lose the click. The move waits for the
 * release, and happens in the task after it (once its click has been dispatched).
 */
class SteadyWhilePressed {
  #pressed = false;
  #missed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners = new AbortController();

  constructor(
    floating: HTMLElement,
    private readonly move: () => void,
  ) {
    const options = { capture: true, passive: true, signal: this.#listeners.signal };
    floating.addEventListener('pointerdown', () => (this.#pressed = true), options);
    const release = () => this.#release();
    // A release anywhere (the pointer may have left the card); a click on the card says it too.
    const win = floating.ownerDocument.defaultView ?? window;
    win.addEventListener('pointerup', release, options);
    win.addEventListener('pointercancel', release, options);
    floating.addEventListener('click', release, options);
  }

  /** True while pressed: the caller skips its move, which runs after the release instead. */
  hold(): boolean {
    if (this.#pressed) this.#missed = true;
    return this.#pressed;
  }

  stop(): void {
    this.#listeners.abort();
    clearTimeout(this.#timer);
  }

  #release(): void {
    if (!this.#pressed) return;
    this.#pressed = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (!this.#missed) return;
      this.#missed = false;
      this.move();
    });
  }
}

/** Keeps `floating` beside `reference` (still while it is pressed); returns the cleanup. */
export function anchor(
  reference: Element,
  floating: HTMLElement,
  arrowElement: HTMLElement | null,
  placement: StepPlacement | undefined,
): () => void {
  const update = () => {
    if (steady.hold()) return;
    computePosition(reference, floating, {
      strategy: 'fixed',
      placement: toPlacement(placement),
      middleware: [
        offset(12),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        ...(arrowElement ? [arrow({ element: arrowElement, padding: 10 })] : []),
      ],
    }).then(({ x, y, placement: side, middlewareData }) => {
      if (steady.hold()) return;
      floating.style.left = `${Math.round(x)}px`;
      floating.style.top = `${Math.round(y)}px`;
      floating.dataset.side = side.split('-')[0];
      const a = middlewareData.arrow;
      if (arrowElement && a) {
        arrowElement.style.left = a.x == null ? '' : `${Math.round(a.x)}px`;
        arrowElement.style.top = a.y == null ? '' : `${Math.round(a.y)}px`;
      }
    });
  };
  const steady = new SteadyWhilePressed(floating, update);
  const stopUpdates = autoUpdate(reference, floating, update);
  return () => {
    stopUpdates();
    steady.stop();
  };
}

/** The element's box in the top window's viewport, through same-origin iframes. */
export function viewportRect(element: Element): { x: number; y: number; width: number; height: number } {
  const rect = element.getBoundingClientRect();
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
 * Calls `place` with the target's box whenever it may have moved (not while `floating` is
 * pressed: see `SteadyWhilePressed`); returns the cleanup.
 */
export function follow(
  reference: Element,
  floating: HTMLElement,
  place: (rect: ReturnType<typeof viewportRect>) => void,
) {
  const update = () => {
    if (!steady.hold()) place(viewportRect(reference));
  };
  const steady = new SteadyWhilePressed(floating, update);
  const stopUpdates = autoUpdate(reference, floating, update);
  return () => {
    stopUpdates();
    steady.stop();
  };
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
