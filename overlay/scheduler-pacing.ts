/**
 * The scheduler's pacing arithmetic, apart from the browser: when the next flush may run, how many
 * queued nodes one engine call takes, whether another call fits in a slice, and when a mutation
 * storm starts and ends. Pure: the clock's readings come in as arguments (tested in Node).
 */

/** Timing knobs; the defaults are the product's. */
export interface SchedulerTiming {
  /** Longest engine slice before yielding to the page. */
  sliceMs: number;
  /** Added elements per second above which the flush backs off. */
  stormRate: number;
  /** Flush interval while backed off. */
  stormIntervalMs: number;
  /** Queued nodes beyond which the queue is dropped for one full re-evaluation. */
  maxQueue: number;
}

export const DEFAULT_TIMING: SchedulerTiming = { sliceMs: 4, stormRate: 1000, stormIntervalMs: 250, maxQueue: 20_000 };

/** One frame at 60 Hz: the shortest time between two flushes. */
export const FRAME_MS = 16;
/** The longest slice that runs inside a rendering update (a target's insertion takes well under). */
export const FRAME_SLICE_MS = 1;

/** The pacing state of one scheduler. */
export class Pacing {
  readonly timing: SchedulerTiming;
  /** When the last flush started: the next one comes a frame later at the earliest. */
  #lastFlush = Number.NEGATIVE_INFINITY;
  /** Nodes per engine call, adapted so one call stays well inside a slice. */
  #chunk = 256;
  #perNodeMs = 0;
  // Storm detection: added elements counted per one-second window.
  #windowStart: number;
  #windowCount = 0;
  #storm = false;

  constructor(timing: Partial<SchedulerTiming> | undefined, now: number) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.#windowStart = now;
  }

  /** True while flushes are backed off because of a mutation storm. */
  get storm(): boolean {
    return this.#storm;
  }

  /** How many queued nodes (added subtrees counted whole) the next engine call takes. */
  get chunk(): number {
    return this.#chunk;
  }

  /**
   * Counts elements added at `now`. More than `stormRate` in a one-second window starts a storm; a
   * whole window at or below the rate (or more than one window of silence) ends it.
   */
  count(addedElements: number, now: number): void {
    if (now - this.#windowStart >= 1000) {
      const calm = this.#windowCount <= this.timing.stormRate || now - this.#windowStart >= 2000;
      if (calm) this.#storm = false;
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    this.#windowCount += addedElements;
    if (this.#windowCount > this.timing.stormRate) this.#storm = true;
  }

  /**
   * How long to wait, from `now`, before the next flush: the storm interval during a storm, the
   * rest of the frame when the last flush is less than a frame old (by the clock: a page that is
   * not animating gets its animation frames late), or `undefined` for no wait (the scheduler then
   * takes whichever comes first, a task or the next rendering update).
   */
  wait(now: number): number | undefined {
    if (this.#storm) return this.timing.stormIntervalMs;
    const wait = this.#lastFlush + FRAME_MS - now;
    return wait > 0 ? wait : undefined;
  }

  /** A flush starts at `now`. */
  flushing(now: number): void {
    this.#lastFlush = now;
  }

  /** Whether another engine call is expected to end inside a slice of `sliceMs` that has run `elapsed` ms. */
  fits(elapsed: number, sliceMs: number): boolean {
    return elapsed + this.#chunk * this.#perNodeMs <= sliceMs;
  }

  /** An engine call over `size` nodes took `took` ms: the chunk is sized to half a slice. */
  measured(size: number, took: number): void {
    if (size <= 0) return;
    // A moving average of the engine's cost per node.
    this.#perNodeMs = this.#perNodeMs === 0 ? took / size : this.#perNodeMs * 0.7 + (took / size) * 0.3;
    const sliceMs = this.timing.sliceMs;
    if (size >= this.#chunk || took > sliceMs / 2) {
      const target = (sliceMs * 0.5) / Math.max(this.#perNodeMs, 1e-4);
      this.#chunk = Math.max(16, Math.min(4096, Math.floor(target)));
    }
  }
}
