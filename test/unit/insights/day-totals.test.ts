/**
 * The day totals (a record per day) give exactly the report the counters give, computed the naive
 * way (every counter row grouped by `groupCounters`): after writes through the real write path,
 * after an upgrade from version 7 that fills them from existing counters, after clearing, and
 * with a counter that held no readable count.
 */
import { describe, expect, it } from 'vitest';
import { clearLocalData } from '../../../background/db/clear';
import { StepwiseDatabase } from '../../../background/db/database';
import { storePack } from '../../../background/db/packs';
import type { UsageDelta } from '../../../background/db/records';
import { readDayTotals, writeUsage } from '../../../background/db/usage';
import { clearCounts, localReport, ruleInfos } from '../../../background/insights/local-report';
import {
  buildReport,
  CHECKLIST_FINISHED,
  daysOf,
  groupCounters,
  HINT_CORRECTED,
  type RuleCounts,
} from '../../../insights/aggregate';
import { groupDayTotals, rowsOfDays } from '../../../insights/day-totals';
import { type CounterRow, type DayRange, emptyOutcomes, type InsightsFilter } from '../../../insights/model';
import type { Rule } from '../../../rules/model';
import { pack, rule } from '../../fixtures/packs';
import { freshDb } from '../db/helpers';

const NOW = Date.UTC(2026, 10, 30, 12);
const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(NOW - n * DAY).toISOString().slice(0, 10);

/** A seeded pseudo-random generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const walkthroughs: Rule[] = Array.from({ length: 6 }, (_, i) =>
  rule(`w${i}`, {
    kind: 'walkthrough',
    name: `Walkthrough ${i}`,
    steps: ['open', 'fill', 'save'].map((id) => ({ id, target: { selector: `#${id}` }, title: id, brief: 'b' })),
  }),
);
const hints: Rule[] = [rule('h0', { kind: 'hint' }), rule('h1', { kind: 'hint' })];
const EVENTS = ['shown', 'completed', 'dismissed', 'helpful', 'unhelpful', 'target-missing', HINT_CORRECTED];

/** `n` random increments over the last 120 days, for the rules, a checklist and a rule no pack has. */
function deltas(next: () => number, n: number): UsageDelta[] {
  const ids = [...walkthroughs, ...hints].map((r) => r.id);
  return Array.from({ length: n }, () => {
    const pick = next();
    if (pick < 0.05)
      return {
        ruleId: 'first-week',
        stepId: '',
        event: CHECKLIST_FINISHED,
        day: dayAgo(Math.floor(next() * 120)),
        count: 1,
      };
    const ruleId = pick < 0.08 ? 'gone-rule' : ids[Math.floor(next() * ids.length)]!;
    const stepId = ruleId.startsWith('h') ? '' : ['open', 'fill', 'save', ''][Math.floor(next() * 4)]!;
    return {
      ruleId,
      stepId,
      event: EVENTS[Math.floor(next() * EVENTS.length)]!,
      day: dayAgo(Math.floor(next() * 120)),
      count: 1 + Math.floor(next() * 9),
    } as UsageDelta;
  });
}

/** Sums increments of the same counter, as the recorder hands them to a flush. */
function summed(list: UsageDelta[]): UsageDelta[] {
  const out = new Map<string, UsageDelta>();
  for (const d of list) {
    const key = JSON.stringify([d.ruleId, d.stepId, d.event, d.day]);
    const known = out.get(key);
    if (known) known.count += d.count;
    else out.set(key, { ...d });
  }
  return [...out.values()];
}

async function flush(db: StepwiseDatabase, list: UsageDelta[]) {
  await writeUsage(db, { deltas: summed(list), segments: [], batches: [], forget: [], now: NOW });
}

async function seedPacks(db: StepwiseDatabase) {
  await storePack(
    db,
    pack('acme', walkthroughs.slice(0, 4), {
      checklists: [
        {
          id: 'first-week',
          title: 'First week',
          where: { urls: ['https://crm.example.com/*'] },
          items: [{ id: 'a', title: 'A', doneWhen: { exists: { selector: '#a' } } }],
        },
      ],
    } as never),
    'imported',
    NOW,
  );
  await storePack(db, pack('beta', [...walkthroughs.slice(4), ...hints]), 'imported', NOW);
}

const RANGES: DayRange[] = [
  { from: dayAgo(6), to: dayAgo(0) },
  { from: dayAgo(29), to: dayAgo(0) },
  { from: dayAgo(89), to: dayAgo(0) },
  { from: dayAgo(200), to: dayAgo(100) },
  { from: dayAgo(3), to: dayAgo(3) },
];

/** The report the naive way: every counter row, grouped by `groupCounters`. */
async function naiveReport(db: StepwiseDatabase, filter: InsightsFilter) {
  const { rules, checklists } = await ruleInfos(db);
  const counters: CounterRow[] = await db.usage.toArray();
  return buildReport(
    { rules, checklists, counters, probes: [], probeStates: [], comments: [], stuck: [], outgrow: [], now: NOW },
    filter,
  );
}

/** Every answer a rule's grouped counts give, for every rule, step and event the rows name. */
function answers(grouped: Map<string, RuleCounts>, rows: CounterRow[], range: DayRange) {
  const days = daysOf(range).length;
  const list = (values: ArrayLike<number>) => Array.from({ length: days }, (_, i) => values[i] ?? 0);
  const out: Record<string, unknown> = { rules: [...grouped.keys()].sort() };
  for (const r of rows) {
    const counts = grouped.get(r.ruleId);
    if (!counts) continue;
    out[`${r.ruleId}/${r.stepId}/${r.event}`] = [
      counts.step(r.stepId, r.event),
      counts.total(r.event),
      list(counts.daily(r.event)),
      list(counts.stepDaily(r.stepId, r.event)),
    ];
  }
  return out;
}

async function expectSameAsCounters(db: StepwiseDatabase) {
  const rows = await db.usage.toArray();
  const all = await readDayTotals(db, { from: '0000-01-01', to: '9999-12-31' });
  const byKey = (r: CounterRow) => JSON.stringify([r.ruleId, r.stepId, r.event, r.day]);
  const sorted = (list: Iterable<CounterRow>) =>
    [...list].map((r) => [byKey(r), r.count] as const).sort(([a], [b]) => (a < b ? -1 : 1));
  // Exactly the same counters, none more, none less.
  expect(sorted(rowsOfDays(all.keys, all.days))).toEqual(sorted(rows));
  for (const range of RANGES) {
    const totals = await readDayTotals(db, range);
    expect(answers(groupDayTotals(totals.keys, totals.days, range), rows, range)).toEqual(
      answers(groupCounters(rows, range), rows, range),
    );
    for (const filter of [{ range }, { range, packId: 'acme' }, { range, ruleId: 'w4' }] as InsightsFilter[]) {
      const fast = await localReport(db, filter, NOW);
      expect(fast).toEqual(await naiveReport(db, filter));
    }
  }
}

describe('day totals', () => {
  it('give the report the counters give, over many writes, for every range, pack and rule', async () => {
    const db = freshDb();
    await seedPacks(db);
    const next = random(13);
    for (let i = 0; i < 12; i++) await flush(db, deltas(next, 150));
    const rows = await db.usage.count();
    expect(rows).toBeGreaterThan(500);
    // Much fewer records to read than counters: one per day that has any.
    expect(await db.usageDays.count()).toBeLessThanOrEqual(120);
    await expectSameAsCounters(db);
    // The report is not empty: a wrong grouping could not pass as two empty reports.
    const report = await localReport(db, { range: RANGES[2]! }, NOW);
    expect(report.funnels.reduce((n, f) => n + f.started, 0)).toBeGreaterThan(0);
    expect(report.outcomes.checklistsFinished).toBeGreaterThan(0);
    expect(report.outcomes.hintsCorrected).toBeGreaterThan(0);
    expect(report.funnels[0]!.daily).toHaveLength(90);
    db.close();
  });

  it('are filled from existing counters when a version 7 database is upgraded, and kept after', async () => {
    const name = `day-totals-${crypto.randomUUID()}`;
    const old = new StepwiseDatabase({ name, upToVersion: 7 });
    await old.open();
    const next = random(7);
    const rows = summed(deltas(next, 2_000));
    await old.usage.bulkAdd(rows);
    expect(old.tables.map((t) => t.name)).not.toContain('usageDays');
    old.close();

    const db = new StepwiseDatabase({ name });
    await seedPacks(db);
    expect(await db.usage.count()).toBe(rows.length);
    await expectSameAsCounters(db);
    // Writes after the upgrade add to the filled totals; new keys get numbers of their own.
    await flush(db, [...deltas(next, 300), { ruleId: 'new', stepId: 'x', event: 'shown', day: dayAgo(1), count: 2 }]);
    const keys = await db.usageKeys.toArray();
    expect(new Set(keys.map((k) => k.id)).size).toBe(keys.length);
    await expectSameAsCounters(db);
    db.close();
  });

  it('are cleared with the counts, and start again from nothing', async () => {
    const db = freshDb();
    await seedPacks(db);
    const next = random(21);
    await flush(db, deltas(next, 200));
    await clearCounts(db);
    expect(await db.usageDays.count()).toBe(0);
    expect(await db.usageKeys.count()).toBe(0);
    await flush(db, deltas(next, 50));
    await expectSameAsCounters(db);
    db.close();
  });

  it('are stored as typed arrays, and read with the keys kept in memory, which a clear forgets', async () => {
    const db = freshDb();
    await seedPacks(db);
    await flush(db, [{ ruleId: 'w0', stepId: 'open', event: 'shown', day: dayAgo(1), count: 3 }]);
    const [stored] = await db.usageDays.toArray();
    expect(stored?.ids).toBeInstanceOf(Uint32Array);
    expect(stored?.counts).toBeInstanceOf(Uint32Array);
    // A count that does not fit 32 bits (or is not whole) keeps the day's counts in 64.
    await flush(db, [{ ruleId: 'w0', stepId: 'open', event: 'shown', day: dayAgo(1), count: 2 ** 32 }]);
    const [wide] = await db.usageDays.toArray();
    expect(wide?.counts).toBeInstanceOf(Float64Array);
    expect((await localReport(db, { range: RANGES[0]! }, NOW)).funnels.find((f) => f.ruleId === 'w0')?.started).toBe(
      2 ** 32 + 3,
    );
    await clearLocalData(db);
    await seedPacks(db);
    await flush(db, [{ ruleId: 'w0', stepId: 'open', event: 'shown', day: dayAgo(1), count: 3 }]);
    const started = async (ruleId: string) =>
      (await localReport(db, { range: RANGES[0]! }, NOW)).funnels.find((f) => f.ruleId === ruleId)?.started;
    expect(await started('w0')).toBe(3);
    // Everything cleared: the next key is numbered 0 again, for another walkthrough.
    await clearLocalData(db);
    await seedPacks(db);
    await flush(db, [{ ruleId: 'w1', stepId: 'open', event: 'shown', day: dayAgo(1), count: 4 }]);
    expect(await started('w0')).toBe(0);
    expect(await started('w1')).toBe(4);
    // A new key read after the ones kept.
    await flush(db, [{ ruleId: 'w2', stepId: 'open', event: 'shown', day: dayAgo(1), count: 5 }]);
    expect(await started('w2')).toBe(5);
    db.close();
  });

  it('hold a counter’s new total when its old count was unreadable (set aside in the quarantine)', async () => {
    const db = freshDb();
    await seedPacks(db);
    const day = dayAgo(2);
    await flush(db, [{ ruleId: 'w0', stepId: 'open', event: 'shown', day, count: 5 }]);
    await db.usage.put({ ruleId: 'w0', stepId: 'open', event: 'shown', day, count: 'five' as never });
    await flush(db, [{ ruleId: 'w0', stepId: 'open', event: 'shown', day, count: 2 }]);
    expect(await db.quarantine.count()).toBe(1);
    await expectSameAsCounters(db);
    const report = await localReport(db, { range: { from: day, to: day } }, NOW);
    expect(report.funnels.find((f) => f.ruleId === 'w0')?.started).toBe(2);
    db.close();
  });

  it('leave out the days of funnels past the 50 most started, and keep their totals', async () => {
    const db = freshDb();
    const many = Array.from({ length: 60 }, (_, i) =>
      rule(`m${i}`, { kind: 'walkthrough', steps: [{ id: 'a', title: 'A', brief: 'b' }] }),
    );
    await storePack(db, pack('many', many), 'imported', NOW);
    await flush(
      db,
      many.map((r, i) => ({ ruleId: r.id, stepId: 'a', event: 'shown' as const, day: dayAgo(1), count: 100 - i })),
    );
    const report = await localReport(db, { range: RANGES[0]! }, NOW);
    expect(report.funnels).toHaveLength(60);
    expect(report.funnels.slice(0, 50).every((f) => f.daily.length === 7)).toBe(true);
    expect(report.funnels.slice(50).every((f) => f.daily.length === 0 && f.started > 0)).toBe(true);
    expect(await localReport(db, { range: RANGES[0]!, ruleId: 'm59' }, NOW)).toMatchObject({
      funnels: [
        { ruleId: 'm59', started: 41, daily: expect.arrayContaining([{ day: dayAgo(1), started: 41, completed: 0 }]) },
      ],
    });
    db.close();
  });

  it('give one part of the report as the whole report has it, the others left empty and named', async () => {
    const db = freshDb();
    await seedPacks(db);
    await flush(db, deltas(random(5), 1500));
    await db.probes.add({ ruleId: 'h0', stepId: '0', day: dayAgo(2), found: 0, ambiguous: 0, missing: 3, via: {} });
    for (const filter of [{ range: RANGES[2]! }, { range: RANGES[2]!, packId: 'beta' }] as InsightsFilter[]) {
      const whole = await localReport(db, filter, NOW);
      expect(whole.parts).toBeUndefined();
      // Something in every part: an empty part could not pass for the whole one.
      expect(whole.funnels.some((f) => f.started > 0)).toBe(true);
      expect(whole.health.length).toBeGreaterThan(0);
      expect(whole.outcomes.daily.some((d) => d.completed + d.hintsCorrected > 0)).toBe(true);
      const outcomes = await localReport(db, filter, NOW, ['outcomes']);
      expect(outcomes).toEqual({ ...whole, parts: ['outcomes'], funnels: [], health: [] });
      const funnels = await localReport(db, filter, NOW, ['funnels']);
      expect(funnels).toEqual({
        ...whole,
        parts: ['funnels'],
        health: [],
        outcomes: { ...emptyOutcomes(whole.outcomes.stuck), daily: [] },
      });
      const health = await localReport(db, filter, NOW, ['health']);
      expect(health.health).toEqual(whole.health);
      expect(health).toMatchObject({ parts: ['health'], funnels: [], hasData: true });
    }
    // Only a probe result in the range: there is something to show, in every part.
    await clearCounts(db);
    await db.probes.add({ ruleId: 'h0', stepId: '0', day: dayAgo(2), found: 1, ambiguous: 0, missing: 0, via: {} });
    expect(await localReport(db, { range: RANGES[0]! }, NOW, ['outcomes'])).toMatchObject({ hasData: true });
    expect(await localReport(db, { range: { from: dayAgo(1), to: dayAgo(0) } }, NOW, ['outcomes'])).toMatchObject({
      hasData: false,
    });
    db.close();
  });
});
