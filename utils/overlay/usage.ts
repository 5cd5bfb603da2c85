/**
 * Usage events from the overlay, batched: sent to the background at most once a second (500 at
 * most a message), and at once when the page is hidden or left. A failed send keeps the events
 * for the next try, so a stopped service worker loses nothing (the next message wakes it).
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
  private pending: UsageRecord[] = [];
  private timerSet = false;
  private sending = false;
  private failures = 0;

  constructor(
    private readonly ctx: OverlayContext,
    private readonly send: Send,
    private readonly delayMs = 1000,
  ) {
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
    this.pending.push(record);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    if (this.pending.length >= BATCH) void this.flush();
    else if (!this.timerSet) {
      this.timerSet = true;
      this.ctx.timers.timeout(() => {
        this.timerSet = false;
        void this.flush();
      }, this.delayMs);
    }
  }

  /** Sends everything pending now. */
  async flush(): Promise<void> {
    if (this.sending || !this.pending.length || this.ctx.signal.aborted) return;
    this.sending = true;
    const events = this.pending.splice(0, BATCH);
    try {
      await this.send({ type: 'usage.record', events });
    } catch (error) {
      this.sending = false;
      // A refused batch is refused again: after a few tries it is dropped rather than resent forever.
      if (++this.failures > 3) {
        console.warn('Stepwise: usage events dropped', error);
        this.failures = 0;
        return;
      }
      this.pending.unshift(...events);
      this.ctx.timers.timeout(() => void this.flush(), 2000 * this.failures);
      return;
    }
    this.failures = 0;
    this.sending = false;
    if (this.pending.length) void this.flush();
  }
}
