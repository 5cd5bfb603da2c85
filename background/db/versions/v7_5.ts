import type { SchemaVersion } from './types';

/** A usage counter as versions 1 to 7.5 write it. */
interface CounterV7_5 {
  ruleId: string;
  stepId: string;
  event: string;
  day: string;
  count: unknown;
}

/** The number a (rule, step, event) has in the day totals (version 7.5). */
export interface UsageKeyV7_5 {
  id: number;
  ruleId: string;
  stepId: string;
  event: string;
}

/** One day's counters: `counts[i]` is the count of key `ids[i]` (version 7.5). */
export interface UsageDayV7_5 {
  day: string;
  ids: number[];
  counts: number[];
}

/**
 * Version 7.5 (insights, within its reserved number): usage counters kept per day as well, in one
 * record a day (`insights/day-totals.ts` reads and keeps them), so the Insights page reads a record
 * per day instead of a row per counter. The upgrade fills them from every counter there is; the
 * counters themselves stay as they are (sync and export read them). A counter without a readable
 * count is left out, as the aggregation leaves it out (the next write sets it aside).
 */
export const v7_5: SchemaVersion = {
  version: 7.5,
  stores: {
    usageKeys: '[ruleId+stepId+event], id',
    usageDays: 'day',
  },
  async upgrade(tx) {
    const keys = new Map<string, UsageKeyV7_5>();
    const days = new Map<string, UsageDayV7_5>();
    await tx
      .table('usage')
      .toCollection()
      .each((row: CounterV7_5) => {
        if (typeof row.count !== 'number' || !Number.isFinite(row.count)) return;
        const name = `${row.ruleId}\u0000${row.stepId}\u0000${row.event}`;
        let key = keys.get(name);
        if (!key) {
          key = { id: keys.size, ruleId: row.ruleId, stepId: row.stepId, event: row.event };
          keys.set(name, key);
        }
        let day = days.get(row.day);
        if (!day) {
          day = { day: row.day, ids: [], counts: [] };
          days.set(row.day, day);
        }
        // One counter per (rule, step, event, day): a key appears once in its day.
        day.ids.push(key.id);
        day.counts.push(row.count);
      });
    await tx.table('usageKeys').bulkAdd([...keys.values()]);
    await tx.table('usageDays').bulkAdd([...days.values()]);
  },
};
