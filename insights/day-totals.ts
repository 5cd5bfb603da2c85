/**
 * Usage counters kept per day in a compact form, so that a report over 90 days reads 90 records
 * instead of one row per (rule, step, event, day): a dictionary gives each (rule, step, event) a
 * number once, and each day holds two parallel arrays, those numbers and their counts.
 *
 * The background keeps them as counts are written (`background/db/usage.ts`) and fills them from
 * the counters when the database is upgraded; `groupDayTotals` gives exactly what
 * `groupCounters` gives over the same counters (test/unit/insights/day-totals.test.ts).
 */
import { daysOf, type RuleCounts } from './aggregate';
import type { CounterRow, DayRange } from './model';

/** One (rule, step, event) and its number in the days' arrays. */
export interface CounterKey {
  id: number;
  ruleId: string;
  stepId: string;
  event: string;
}

/** One day's counters: `counts[i]` is the count of key `ids[i]` on `day`. */
export interface DayTotals {
  day: string;
  ids: number[];
  counts: number[];
}

/**
 * A day's counters as stored: typed arrays (the database clones them as blocks of bytes, where a
 * list of 5,000 numbers is 5,000 values to read one by one), or the lists of records written
 * before.
 */
export interface StoredDayTotals {
  day: string;
  ids: ArrayLike<number>;
  counts: ArrayLike<number>;
}

/** A day record to store: its lists as typed arrays. */
export const storedDay = ({ day, ids, counts }: DayTotals): StoredDayTotals => ({
  day,
  ids: Uint32Array.from(ids),
  counts: Float64Array.from(counts),
});

/** A stored day record to change (with lists that grow). */
export const editableDay = ({ day, ids, counts }: StoredDayTotals): DayTotals => ({
  day,
  ids: Array.from(ids),
  counts: Array.from(counts),
});

/** The key of a (rule, step, event) in maps (not stored). */
export const keyOf = (row: Pick<CounterRow, 'ruleId' | 'stepId' | 'event'>): string =>
  `${row.ruleId}\u0000${row.stepId}\u0000${row.event}`;

/**
 * Sets counters in day records: each row's count replaces the one its day held for its key (a row
 * is the counter's new total, not an increment). Returns the records that changed; `keys` gains
 * the (rule, step, event)s it did not know, numbered from `nextId`.
 */
export function setInDays(
  days: Map<string, DayTotals>,
  keys: Map<string, CounterKey>,
  rows: Iterable<CounterRow>,
  /** The lowest number no key has (by default, one past the highest in `keys`). */
  nextId?: number,
): { changed: DayTotals[]; added: CounterKey[] } {
  let next = nextId ?? 0;
  if (nextId === undefined) for (const key of keys.values()) next = Math.max(next, key.id + 1);
  const added: CounterKey[] = [];
  const changed = new Set<DayTotals>();
  const positions = new Map<DayTotals, Map<number, number>>();
  for (const row of rows) {
    const name = keyOf(row);
    let key = keys.get(name);
    if (!key) {
      key = { id: next++, ruleId: row.ruleId, stepId: row.stepId, event: row.event };
      keys.set(name, key);
      added.push(key);
    }
    let day = days.get(row.day);
    if (!day) {
      day = { day: row.day, ids: [], counts: [] };
      days.set(row.day, day);
    }
    let at = positions.get(day);
    if (!at) {
      at = new Map(day.ids.map((id, i) => [id, i]));
      positions.set(day, at);
    }
    const i = at.get(key.id);
    if (i === undefined) {
      at.set(key.id, day.ids.length);
      day.ids.push(key.id);
      day.counts.push(row.count);
    } else day.counts[i] = row.count;
    changed.add(day);
  }
  return { changed: [...changed], added };
}

/** The counters that day records hold, as rows (for tests and exports). */
export function* rowsOfDays(keys: Iterable<CounterKey>, days: Iterable<StoredDayTotals>): Iterable<CounterRow> {
  const byId = new Map<number, CounterKey>();
  for (const key of keys) byId.set(key.id, key);
  for (const { day, ids, counts } of days) {
    for (let i = 0; i < ids.length; i++) {
      const key = byId.get(ids[i]!);
      if (key) yield { ruleId: key.ruleId, stepId: key.stepId, event: key.event, day, count: counts[i]! };
    }
  }
}

const NONE: readonly number[] = [];

/** A rule's counters read from day totals: per key, its total and its counts per day of the range. */
class TableCounts implements RuleCounts {
  constructor(
    private readonly keys: CounterKey[],
    private readonly totals: Float64Array,
    private readonly perDay: (Float64Array | undefined)[],
    private readonly days: number,
  ) {}
  step(stepId: string, event: string): number {
    let n = 0;
    for (const key of this.keys) if (key.stepId === stepId && key.event === event) n += this.totals[key.id]!;
    return n;
  }
  total(event: string): number {
    let n = 0;
    for (const key of this.keys) if (key.event === event) n += this.totals[key.id]!;
    return n;
  }
  private sum(match: (key: CounterKey) => boolean): ArrayLike<number> {
    let out: Float64Array | undefined;
    for (const key of this.keys) {
      const days = match(key) ? this.perDay[key.id] : undefined;
      if (!days) continue;
      out ??= new Float64Array(this.days);
      for (let i = 0; i < out.length; i++) out[i]! += days[i]!;
    }
    // No key of this event: an empty list reads as zeros (`[i] ?? 0`).
    return out ?? NONE;
  }
  daily(event: string): ArrayLike<number> {
    return this.sum((key) => key.event === event);
  }
  stepDaily(stepId: string, event: string): ArrayLike<number> {
    return this.sum((key) => key.stepId === stepId && key.event === event);
  }
}

/**
 * Groups day records in `range` by rule, giving what `groupCounters` gives over the same counters:
 * one pass adds each count into typed arrays by key number (its total, and its day), with no map
 * touched per counter; rules are then made once each, from the keys that counted.
 */
export function groupDayTotals(
  keys: Iterable<CounterKey>,
  days: Iterable<StoredDayTotals>,
  range: DayRange,
): Map<string, RuleCounts> {
  const list = [...keys];
  let size = 0;
  for (const key of list) size = Math.max(size, key.id + 1);
  const byId: (CounterKey | undefined)[] = new Array(size);
  for (const key of list) byId[key.id] = key;
  const dayIndex = new Map(daysOf(range).map((day, i) => [day, i]));
  const totals = new Float64Array(size);
  const perDay: (Float64Array | undefined)[] = new Array(size);
  for (const { day, ids, counts } of days) {
    const d = dayIndex.get(day);
    if (d === undefined) continue;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const count = counts[i]!;
      if (!(count > 0) || !byId[id]) continue;
      totals[id]! += count;
      let row = perDay[id];
      if (!row) {
        row = new Float64Array(dayIndex.size);
        perDay[id] = row;
      }
      row[d]! += count;
    }
  }
  const byRule = new Map<string, CounterKey[]>();
  for (let id = 0; id < size; id++) {
    const key = byId[id];
    if (!key || !perDay[id]) continue;
    const rule = byRule.get(key.ruleId);
    if (rule) rule.push(key);
    else byRule.set(key.ruleId, [key]);
  }
  const out = new Map<string, RuleCounts>();
  for (const [ruleId, ruleKeys] of byRule) out.set(ruleId, new TableCounts(ruleKeys, totals, perDay, dayIndex.size));
  return out;
}
