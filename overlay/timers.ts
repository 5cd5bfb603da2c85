/**
 * Timers and animation frames that end with an AbortSignal. WXT's `ctx.setTimeout` adds an abort
 * listener per call, which piles up when a timer is set every frame; this keeps one listener and
 * a set of pending ids instead.
 */
export class SignalTimers {
  readonly #timeouts = new Set<ReturnType<typeof setTimeout>>();
  readonly #frames = new Set<number>();

  readonly #signal: AbortSignal;

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener(
      'abort',
      () => {
        for (const id of this.#timeouts) clearTimeout(id);
        for (const id of this.#frames) cancelAnimationFrame(id);
        this.#timeouts.clear();
        this.#frames.clear();
      },
      { once: true },
    );
  }

  /** Runs `callback` after `ms` unless the signal aborts first; returns a cancel function. */
  timeout(callback: () => void, ms: number): () => void {
    if (this.#signal.aborted) return () => {};
    const id = setTimeout(() => {
      this.#timeouts.delete(id);
      if (!this.#signal.aborted) callback();
    }, ms);
    this.#timeouts.add(id);
    return () => {
      clearTimeout(id);
      this.#timeouts.delete(id);
    };
  }

  /** Runs `callback` before the next paint unless the signal aborts first. */
  frame(callback: () => void): () => void {
    if (this.#signal.aborted) return () => {};
    const id = requestAnimationFrame(() => {
      this.#frames.delete(id);
      if (!this.#signal.aborted) callback();
    });
    this.#frames.add(id);
    return () => {
      cancelAnimationFrame(id);
      this.#frames.delete(id);
    };
  }
}
