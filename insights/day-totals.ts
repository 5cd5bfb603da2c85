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

/** Whether every count fits 32 bits without a fraction (counters are whole numbers). */
const wholeCounts = (counts: readonly number[]): boolean => {
  for (const count of counts) if (!(count >= 0 && count <= 0xffff_ffff && Number.isInteger(count))) return false;
  return true;
};

/**
 * A day record to store: its lists as typed arrays, the counts in 32 bits when they fit (half the
 * bytes of 64: a report over 90 days of a thousand walkthroughs reads 3.6 MB instead of 5.4).
 */
export const storedDay = ({ day, ids, counts }: DayTotals): StoredDayTotals => ({
  day,
  ids: Uint32Array.from(ids),
  counts: wholeCounts(counts) ? Uint32Array.from(counts) : Float64Array.from(counts),
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

/**
 * A rule's counters read from day totals: per key, its total and its counts per day of the range
 * (a row of one grid shared by every rule: a single allocation, however many keys).
 */
class TableCounts implements RuleCounts {
  constructor(
    private readonly keys: CounterKey[],
    private readonly totals: Float64Array,
    private readonly grid: Float64Array,
    /** Each key's row of the grid, by its number. */
    private readonly row: Int32Array,
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
    let one: CounterKey | undefined;
    let out: Float64Array | undefined;
    for (const key of this.keys) {
      if (!match(key)) continue;
      if (!one) {
        one = key;
        continue;
      }
      out ??= this.line(one).slice();
      const at = this.row[key.id]! * this.days;
      for (let i = 0; i < this.days; i++) out[i]! += this.grid[at + i]!;
    }
    // One key (the most common case): its row of the grid, read in place. None: an empty list
    // reads as zeros (`[i] ?? 0`).
    if (out) return out;
    return one ? this.line(one) : NONE;
  }
  /** A key's counts per day: its row of the grid, in place (read only). */
  private line(key: CounterKey): Float64Array {
    const at = this.row[key.id]! * this.days;
    return this.grid.subarray(at, at + this.days);
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
 * two passes add each count into typed arrays by key number (its total; then its day, in one grid
 * of the keys that counted × days), with no map touched and nothing allocated per counter; rules
 * are made once each, from the keys that counted.
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
  const width = dayIndex.size;
  const totals = new Float64Array(size);
  // First the totals, and which keys counted in the range; each of those gets a row of the grid
  // (keys that never counted there take no room).
  const inRange: StoredDayTotals[] = [];
  const dayOfRecord: number[] = [];
  for (const record of days) {
    const d = dayIndex.get(record.day);
    if (d === undefined) continue;
    inRange.push(record);
    dayOfRecord.push(d);
    const { ids, counts } = record;
    for (let i = 0; i < ids.length; i++) {
      const count = counts[i]!;
      if (count > 0 && byId[ids[i]!]) totals[ids[i]!]! += count;
    }
  }
  const row = new Int32Array(size).fill(-1);
  const byRule = new Map<string, CounterKey[]>();
  let rows = 0;
  for (let id = 0; id < size; id++) {
    const key = byId[id];
    if (!key || !(totals[id]! > 0)) continue;
    row[id] = rows++;
    const rule = byRule.get(key.ruleId);
    if (rule) rule.push(key);
    else byRule.set(key.ruleId, [key]);
  }
  const grid = new Float64Array(rows * width);
  for (let r = 0; r < inRange.length; r++) {
    const { ids, counts } = inRange[r]!;
    const d = dayOfRecord[r]!;
    for (let i = 0; i < ids.length; i++) {
      const at = row[ids[i]!] ?? -1;
      const count = counts[i]!;
      if (at >= 0 && count > 0) grid[at * width + d]! += count;
    }
  }
  const out = new Map<string, RuleCounts>();
  for (const [ruleId, ruleKeys] of byRule) out.set(ruleId, new TableCounts(ruleKeys, totals, grid, row, width));
  return out;
}
