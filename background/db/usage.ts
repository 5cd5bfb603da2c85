/**
 * Usage counters in the database: one row per (rule, step, event, day). Increments arrive summed
 * (`UsageDelta`s) and are written in one transaction per flush, which also appends them to the
 * sync outbox under the next sequence number.
 */
import {
  type CounterKey,
  type DayTotals,
  editableDay,
  keyOf,
  type StoredDayTotals,
  setInDays,
  storedDay,
} from '../../insights/day-totals';
import type { CountedEvent } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { QuarantineRecord, UsageCounterRecord, UsageDelta } from './records';
import { clientId, nextOutboxSeq } from './settings';

/** How long a counted message batch id is remembered, so a retry of it is not counted twice. */
export const BATCH_MEMORY_MS = 24 * 60 * 60 * 1000;

/** The UTC day of `time`, `YYYY-MM-DD`. UTC keeps days the same for every client of a team. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A map key for one counter. */
export function counterKey(d: Pick<UsageDelta, 'ruleId' | 'stepId' | 'event' | 'day'>): string {
  return JSON.stringify([d.ruleId, d.stepId, d.event, d.day]);
}

/** Adds `deltas` into `into`, summing increments of the same counter. */
export function addDeltas(into: Map<string, UsageDelta>, deltas: Iterable<UsageDelta>): void {
  for (const d of deltas) {
    const key = counterKey(d);
    const known = into.get(key);
    if (known) known.count += d.count;
    else into.set(key, { ...d });
  }
}

/** Turns reported events into deltas for `day`. */
export function eventsToDeltas(
  events: readonly { ruleId: string; stepId?: string; event: CountedEvent }[],
  day: string,
): Map<string, UsageDelta> {
  const deltas = new Map<string, UsageDelta>();
  addDeltas(
    deltas,
    events.map((e) => ({ ruleId: e.ruleId, stepId: e.stepId ?? '', event: e.event, day, count: 1 })),
  );
  return deltas;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export interface UsageWrite {
  deltas: UsageDelta[];
  /** Write-ahead segments these deltas came from: marked applied in the same transaction. */
  segments: string[];
  /** Message batch ids counted in these deltas. */
  batches: string[];
  /** Segments that are gone from the write-ahead log: their applied marks can go. */
  forget: string[];
  now: number;
}

/** What a flush wrote. */
export interface UsageWritten {
  /** The outbox entry's sequence number. */
  seq: number;
  /** Counters that held no readable count: set aside in the quarantine and started again. */
  quarantined: number;
}

/**
 * Writes one flush in one transaction: adds the deltas to their counters, appends them to the
 * outbox, remembers the segments and batch ids it covered.
 */
export async function writeUsage(db: StepwiseDatabase, write: UsageWrite): Promise<UsageWritten> {
  const tables = [
    db.usage,
    db.usageKeys,
    db.usageDays,
    db.outbox,
    db.settings,
    db.walApplied,
    db.usageBatches,
    db.quarantine,
  ];
  return db.transaction('rw', tables, async () => {
    const keys = write.deltas.map((d) => [d.ruleId, d.stepId, d.event, d.day] as [string, string, string, string]);
    const known = await db.usage.bulkGet(keys);
    const unreadable: QuarantineRecord[] = [];
    const rows: UsageCounterRecord[] = write.deltas.map((d, i) => {
      const before = known[i];
      if (!before) return { ...d };
      if (isCount(before.count)) return { ...d, count: before.count + d.count };
      unreadable.push({
        table: 'usage',
        key: counterKey(d),
        value: before,
        reason: 'count is not a number',
        at: write.now,
      });
      return { ...d };
    });
    if (unreadable.length) await db.quarantine.bulkAdd(unreadable);
    await db.usage.bulkPut(rows);
    await setDayTotals(db, rows);
    const seq = await nextOutboxSeq(db);
    const client = await clientId(db);
    await db.outbox.add({
      seq,
      batchId: `${client}:${seq}`,
      createdAt: write.now,
      kind: 'usage',
      deltas: write.deltas,
    });
    if (write.segments.length) await db.walApplied.bulkPut(write.segments.map((id) => ({ id, at: write.now })));
    if (write.forget.length) await db.walApplied.bulkDelete(write.forget);
    if (write.batches.length) await db.usageBatches.bulkPut(write.batches.map((id) => ({ id, at: write.now })));
    await db.usageBatches
      .where('at')
      .below(write.now - BATCH_MEMORY_MS)
      .delete();
    return { seq, quarantined: unreadable.length };
  });
}

/**
 * Sets `rows` (counters' new totals) in the day totals, numbering the (rule, step, event)s they
 * have not seen; inside the caller's transaction, so the two never disagree.
 */
export async function setDayTotals(db: StepwiseDatabase, rows: readonly UsageCounterRecord[]): Promise<void> {
  if (!rows.length) return;
  const keys = new Map<string, CounterKey>();
  const wanted = new Map<string, [string, string, string]>();
  for (const r of rows) wanted.set(keyOf(r), [r.ruleId, r.stepId, r.event]);
  const [known, last] = await Promise.all([
    db.usageKeys.bulkGet([...wanted.values()]),
    db.usageKeys.orderBy('id').last(),
  ]);
  for (const key of known) if (key) keys.set(keyOf(key), key);
  const dayNames = [...new Set(rows.map((r) => r.day))];
  const days = new Map<string, DayTotals>();
  for (const day of await db.usageDays.bulkGet(dayNames)) if (day) days.set(day.day, editableDay(day));
  // Numbered after the highest there is: an id is never given to two keys.
  const { changed, added } = setInDays(days, keys, rows, (last?.id ?? -1) + 1);
  if (added.length) await db.usageKeys.bulkAdd(added);
  await db.usageDays.bulkPut(changed.map(storedDay));
}

/**
 * The key dictionary kept in memory per database once read: a report needs it whole (5,000 keys
 * for 1,000 walkthroughs), and it only grows, so its count says whether it changed. A clear (after
 * which numbers are given again from 0) forgets it: `forgetCounterKeys`.
 */
const keysInMemory = new WeakMap<StepwiseDatabase, CounterKey[]>();

/** Forgets the keys kept in memory: to be called once the keys' table was cleared. */
export function forgetCounterKeys(db: StepwiseDatabase): void {
  keysInMemory.delete(db);
}

async function counterKeys(db: StepwiseDatabase): Promise<CounterKey[]> {
  const kept = keysInMemory.get(db);
  if (kept && (await db.usageKeys.count()) === kept.length) return kept;
  const keys = await db.usageKeys.toArray();
  keysInMemory.set(db, keys);
  return keys;
}

/** The day totals in `range` and the keys they use. */
export async function readDayTotals(
  db: StepwiseDatabase,
  range: { from: string; to: string },
): Promise<{ keys: CounterKey[]; days: StoredDayTotals[] }> {
  const [keys, days] = await Promise.all([
    counterKeys(db),
    db.usageDays.where('day').between(range.from, range.to, true, true).toArray(),
  ]);
  return { keys, days };
}

/** Every counter, ordered by rule, step, event and day. */
export async function readUsage(db: StepwiseDatabase): Promise<UsageCounterRecord[]> {
  return db.usage.toArray();
}

/** Batch ids counted in the last day (a retried message within it is recognised). */
export async function recentBatches(db: StepwiseDatabase, now: number): Promise<string[]> {
  return (await db.usageBatches
    .where('at')
    .aboveOrEqual(now - BATCH_MEMORY_MS)
    .primaryKeys()) as string[];
}
