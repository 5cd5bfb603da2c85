/**
 * The content script's lifetime: an AbortSignal that everything it starts hangs off, a validity
 * check through the extension API, timers that end with it, and the hand-over to a newer copy of
 * the overlay (after an extension update or reload, the background starts one in open tabs).
 *
 * Nothing here goes through the page: no `window.postMessage`, no DOM event, no id in the DOM. The
 * copies find each other in a slot on the isolated world's own global, under a `Symbol.for` key:
 * the page's world has a global and a symbol registry of its own, and page elements can shadow
 * only string-named globals (`<div id="…">`), so the page can neither see the slot nor forge,
 * block or trigger a hand-over.
 */
import type { OverlayContext } from './bridge';
import { SignalTimers } from './timers';

/** The running copy's stop function, in the isolated world. The shape must stay the same across versions. */
const RUNNING = Symbol.for('stepwise.overlay.running');

type Slot = { [RUNNING]?: (reason: string) => void };

export class Lifetime implements OverlayContext {
  readonly #controller = new AbortController();
  readonly #alive: () => boolean;
  readonly timers: SignalTimers;

  /** `alive` asks the extension API whether the extension that started this copy is still there. */
  constructor(alive: () => boolean) {
    this.#alive = alive;
    this.timers = new SignalTimers(this.signal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** False once this copy ended (or its extension was reloaded, updated or removed: that ends it). */
  get isValid(): boolean {
    if (!this.signal.aborted && !this.#alive()) this.end('The extension was reloaded or removed');
    return !this.signal.aborted;
  }

  /** Ends this copy: every listener, observer and timer tied to `signal` stops, and its UI goes. */
  end(reason = 'Stepwise stopped'): void {
    this.#controller.abort(reason);
  }

  /** A promise that never settles: what a call made after the end waits on. */
  block<T>(): Promise<T> {
    return new Promise<T>(() => {});
  }

  /**
   * Ends the copy that ran in this isolated world before (its UI leaves at once), and takes its
   * place, so that a newer copy can end this one in turn.
   */
  takeOver(scope: object = globalThis): void {
    const slot = scope as Slot;
    const previous = slot[RUNNING];
    if (previous) {
      try {
        previous('A newer copy of Stepwise started');
      } catch {
        // An orphaned copy whose extension is gone may throw on the way out: it is ending anyway.
      }
    }
    const stop = (reason: string) => this.end(reason);
    slot[RUNNING] = stop;
    this.signal.addEventListener(
      'abort',
      () => {
        if (slot[RUNNING] === stop) delete slot[RUNNING];
      },
      { once: true },
    );
  }
}
