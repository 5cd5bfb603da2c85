/**
 * Usage events from the overlay, batched: sent to the background a quarter second after the first
 * one (500 at most a message), at once when a walkthrough or tip ends, and at once when the page is
 * hidden or left, whatever is already on its way. A failed send keeps its batch, with its id, for a
 * later try: a stopped service worker loses nothing (the next message wakes it), and a batch that
 * was counted before its reply got lost is not counted twice. When the page is hidden or left,
 * every batch not yet confirmed (one waiting for its retry, or one whose reply has not come) goes
 * again at once: the retry's timer would die with the page.
 */

import type { HelpEvent } from '../messaging/areas/panel';
import type { OverlayContext, Send } from '../overlay/bridge';
import type { UsageEvent } from '../rules/engine';

export interface UsageRecord {
  ruleId: string;
  stepId?: string;
  event: UsageEvent;
}

interface Batch {
  batchId: string;
  events: UsageRecord[];
  tries: number;
}

const BATCH = 500;
/** Kept while the background cannot be reached; older events beyond this are dropped. */
const MAX_PENDING = 5_000;
/** An ending often comes right before the user leaves the page: it goes at once. */
const AT_ONCE: ReadonlySet<UsageEvent> = new Set(['completed', 'dismissed']);
/** Help events kept for an "I'm stuck" request. */
const RECENT = 8;

export class UsageReporter {
  #pending: UsageRecord[] = [];
  readonly #recent: HelpEvent[] = [];
  #timerSet = false;
  readonly #prefix = Math.random().toString(36).slice(2, 10);
  #sequence = 0;
  /** Sent, not yet confirmed by the background: failed and waiting for a retry, or on their way. */
  readonly #unconfirmed = new Map<string, Batch>();
  readonly #ctx: OverlayContext;
  readonly #send: Send;
  readonly #delayMs: number;

  constructor(ctx: OverlayContext, send: Send, delayMs = 250) {
    this.#ctx = ctx;
    this.#send = send;
    this.#delayMs = delayMs;
    const leaving = () => void this.flush(true);
    window.addEventListener('pagehide', leaving, { signal: ctx.signal });
    document.addEventListener(
      'visibilitychange',
      () => {
        if (document.visibilityState === 'hidden') leaving();
      },
      { signal: ctx.signal },
    );
  }

  /** Counts one event. */
  record(record: UsageRecord): void {
    this.#recent.push({ at: Date.now(), ...record });
    if (this.#recent.length > RECENT) this.#recent.shift();
    this.#pending.push(record);
    if (this.#pending.length > MAX_PENDING) this.#pending.splice(0, this.#pending.length - MAX_PENDING);
    if (this.#pending.length >= BATCH || AT_ONCE.has(record.event)) void this.flush();
    else if (!this.#timerSet) {
      this.#timerSet = true;
      this.#ctx.timers.timeout(() => {
        this.#timerSet = false;
        void this.flush();
      }, this.#delayMs);
    }
  }

  /** The last few events on this page, oldest first (for an "I'm stuck" request). */
  recent(): HelpEvent[] {
    return this.#recent.map((e) => ({ ...e }));
  }

  /**
   * Sends everything pending now, beside whatever is already on its way. With `unconfirmed` (the
   * page is going), batches sent before and not yet confirmed go again too, under their own ids.
   */
  async flush(unconfirmed = false): Promise<void> {
    if (this.#ctx.signal.aborted) return;
    const batches: Batch[] = unconfirmed ? [...this.#unconfirmed.values()] : [];
    while (this.#pending.length) {
      const events = this.#pending.splice(0, BATCH);
      batches.push({ batchId: `${this.#prefix}-${++this.#sequence}`, events, tries: 0 });
    }
    await Promise.all(batches.map((batch) => this.#deliver(batch)));
  }

  async #deliver(batch: Batch): Promise<void> {
    this.#unconfirmed.set(batch.batchId, batch);
    try {
      await this.#send({ type: 'usage.record', events: batch.events, batchId: batch.batchId });
      this.#unconfirmed.delete(batch.batchId);
    } catch (error) {
      if (!this.#unconfirmed.has(batch.batchId)) return; // another send of it got through
      // A refused batch is refused again: after a few tries it is dropped rather than resent forever.
      if (++batch.tries > 3) {
        this.#unconfirmed.delete(batch.batchId);
        console.warn('Stepwise: usage events dropped', error);
        return;
      }
      const tries = batch.tries;
      this.#ctx.timers.timeout(() => {
        // Not sent again meanwhile (the page was hidden and shown again, say).
        if (this.#unconfirmed.get(batch.batchId) === batch && batch.tries === tries) void this.#deliver(batch);
      }, 2000 * tries);
    }
  }
}
