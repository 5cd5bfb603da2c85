/** Usage counting: events from the overlay, and every counter for the options page. */
import * as v from 'valibot';
import type { CountedEvent, UsageEvent } from '../../rules/index';
import { Id, UsageEventName } from '../fields';

/** Sent by the overlay content script (extension pages may send them too). */
export const fromOverlay = [
  /**
   * Usage events, batched by the overlay (at most 500 a message). The reply comes once they are
   * safe. Give each message a `batchId` (unique per batch, kept when resending): a batch sent
   * again after an error is then counted once.
   */
  v.object({
    type: v.literal('usage.record'),
    events: v.pipe(
      v.array(v.object({ ruleId: Id, stepId: v.optional(Id), event: UsageEventName })),
      v.minLength(1),
      v.maxLength(500),
    ),
    batchId: v.optional(Id),
  }),
] as const;

/** Sent by extension pages only. */
export const fromPages = [
  /** Every usage counter, after writing what is still in memory. */
  v.object({ type: v.literal('usage.export') }),
] as const;

/** One usage counter: how many times an event happened to a rule's step on one day. */
export interface UsageCounter {
  ruleId: string;
  /** `''` for events about the whole rule. */
  stepId: string;
  event: CountedEvent;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
}

export interface Replies {
  'usage.record': { counted: number };
  'usage.export': { counters: UsageCounter[]; exportedAt: string };
}

export type { CountedEvent, UsageEvent };
