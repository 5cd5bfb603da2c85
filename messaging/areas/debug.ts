/** Storage figures and switches for the end-to-end tests and the store benchmark. */
import * as v from 'valibot';

/** Sent by extension pages only, and answered by the test builds alone (`background/handlers/test-tools.ts`). */
export const fromPages = [
  /**
   * For the end-to-end tests and the benchmarks only (refused in other builds): transaction
   * counts, a flush now, switching usage to the one-write-per-event baseline, or content-health
   * probes off and on (on again, every rule is due: the page benchmark's probe figure).
   */
  // Marked pure so that a production build, which never uses it, drops it (valibot's calls carry
  // no such mark, and a bundler keeps a call it cannot prove harmless).
  /* @__PURE__ */ v.object({
    type: /* @__PURE__ */ v.literal('debug.store'),
    action: /* @__PURE__ */ v.picklist(['stats', 'flush', 'naive', 'batched', 'probes-off', 'probes-on']),
  }),
  /**
   * For the insights benchmark only: usage counters written through the real write path at once
   * (as a flush writes them: counters, day totals, outbox), to set up months of counts quickly.
   */
  /* @__PURE__ */ v.object({
    type: /* @__PURE__ */ v.literal('debug.usage'),
    deltas: /* @__PURE__ */ v.array(
      /* @__PURE__ */ v.object({
        ruleId: /* @__PURE__ */ v.string(),
        stepId: /* @__PURE__ */ v.string(),
        event: /* @__PURE__ */ v.string(),
        day: /* @__PURE__ */ v.pipe(/* @__PURE__ */ v.string(), /* @__PURE__ */ v.isoDate()),
        count: /* @__PURE__ */ v.pipe(
          /* @__PURE__ */ v.number(),
          /* @__PURE__ */ v.safeInteger(),
          /* @__PURE__ */ v.minValue(1),
        ),
      }),
    ),
  }),
] as const;

/** Storage figures for tests and the benchmark. */
export interface StoreStats {
  /** IndexedDB transactions started since the background started. */
  transactions: number;
  readwrite: number;
  /** Usage events counted but not yet written to the database. */
  unflushed: number;
  /** Appends to the usage write-ahead log. */
  walAppends: number;
  usageMode: 'batched' | 'naive';
  /** Whether content-health probes run (`probes-off` stops them). */
  probes: boolean;
  /** How many times a page was handed rules to probe since the background started. */
  probesTaken: number;
  /** When this background started (a new value after the worker was stopped and started again). */
  startedAt: number;
}

export interface Replies {
  'debug.store': StoreStats;
  'debug.usage': { written: number };
}
