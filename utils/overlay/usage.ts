/**
 * Usage events from the overlay, batched: sent to the background at most once a second (500 at
 * most a message), and at once when the page is hidden or left. A failed send keeps the batch, with
 * its id, for the next try: a stopped service worker loses nothing (the next message wakes it), and
 * a batch that was counted before its reply got lost is not counted twice.
 */
import type { UsageEvent } from '../../rules/model';
import type { OverlayContext, Send } from './bridge';

export interface UsageRecord {
  ruleId: string;
  stepId?: string;
  event: UsageEvent;
}

const BATCH = 500;
/** Kept while the background cannot be reached; older events beyond this are dropped. */
const MAX_PENDING = 5_000;

export class UsageReporter {
  #pending: UsageRecord[] = [];
  /** A batch that failed to send, resent as it was, under the same id. */
  #retry: { batchId: string; events: UsageRecord[] } | null = null;
  readonly #prefix = Math.random().toString(36).slice(2, 10);
  #sequence = 0;
  #timerSet = false;
  #sending = false;
  #failures = 0;

  readonly #ctx: OverlayContext;
  readonly #send: Send;
  readonly #delayMs: number;

  constructor(ctx: OverlayContext, send: Send, delayMs = 1000) {
    this.#ctx = ctx;
    this.#send = send;
    this.#delayMs = delayMs;
    const flushNow = () => void this.flush();
    window.addEventListener('pagehide', flushNow, { signal: ctx.signal });
    document.addEventListener(
      'visibilitychange',
      () => {
        if (document.visibilityState === 'hidden') flushNow();
      },
      { signal: ctx.signal },
    );
  }

  /** Counts one event. */
  record(record: UsageRecord): void {
    this.#pending.push(record);
    if (this.#pending.length > MAX_PENDING) this.#pending.splice(0, this.#pending.length - MAX_PENDING);
    if (this.#pending.length >= BATCH) void this.flush();
    else if (!this.#timerSet) {
      this.#timerSet = true;
      this.#ctx.timers.timeout(() => {
        this.#timerSet = false;
        void this.flush();
      }, this.#delayMs);
    }
  }

  /** Sends everything pending now. */
  async flush(): Promise<void> {
    if (this.#sending || (!this.#pending.length && !this.#retry) || this.#ctx.signal.aborted) return;
    this.#sending = true;
    const batch = this.#retry ?? {
      batchId: `${this.#prefix}-${++this.#sequence}`,
      events: this.#pending.splice(0, BATCH),
    };
    this.#retry = null;
    try {
      await this.#send({ type: 'usage.record', events: batch.events, batchId: batch.batchId });
    } catch (error) {
      this.#sending = false;
      // A refused batch is refused again: after a few tries it is dropped rather than resent forever.
      if (++this.#failures > 3) {
        console.warn('Stepwise: usage events dropped', error);
        this.#failures = 0;
        return;
      }
      this.#retry = batch;
      this.#ctx.timers.timeout(() => void this.flush(), 2000 * this.#failures);
      return;
    }
    this.#failures = 0;
    this.#sending = false;
    if (this.#pending.length || this.#retry) void this.flush();
  }
}
