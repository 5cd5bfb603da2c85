import type { CounterKey, DayTotals } from '../../../insights/day-totals';
import { setInDays } from '../../../insights/day-totals';
import type { UsageCounterRecord } from '../records';
import type { SchemaVersion } from './types';

/**
 * Version 7.5 (insights, within its reserved number): usage counters kept per day as well, in one
 * record a day (`insights/day-totals.ts`), so the Insights page reads a record per day instead of
 * a row per counter. The upgrade fills them from every counter there is; the counters themselves
 * stay as they are (sync and export read them).
 */
export const v7_5: SchemaVersion = {
  version: 7.5,
  stores: {
    usageKeys: '[ruleId+stepId+event], id',
    usageDays: 'day',
  },
  async upgrade(tx) {
    const days = new Map<string, DayTotals>();
    const keys = new Map<string, CounterKey>();
    const rows: UsageCounterRecord[] = await tx.table('usage').toArray();
    // A counter without a readable count is left to the quarantine of the next write, as before.
    setInDays(
      days,
      keys,
      rows.filter((r) => typeof r.count === 'number' && Number.isFinite(r.count)),
    );
    await tx.table('usageKeys').bulkAdd([...keys.values()]);
    await tx.table('usageDays').bulkAdd([...days.values()]);
  },
};
