/**
 * The range totals the insights read (`usage/totals.ts`) on PGlite and PostgreSQL: for random
 * pushes (resent ones among them, part rolled up, part still in the ledger) every range's sums
 * equal what the raw deltas give; a batch retried after a failure is counted once; the migration
 * that made them fills them from the counters that were there before it.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import type { Batch } from '../sync/schemas';
import { rollupAll } from '../usage/rollup';
import { rangePieces, rangeSums, TOTAL_SPANS } from '../usage/totals';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './helpers/databases';
import { startServer } from './helpers/server';

const DAY_MS = 86_400_000;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const numberOf = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** A small seeded generator (mulberry32): the same "random" data on every run, so a failure repeats. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULES = ['r0', 'r1', 'r2', 'r3'];
const STEPS = ['a', 'b', ''];
const EVENTS = ['shown', 'completed', 'dismissed', 'target-missing'];
const FIRST_DAY = numberOf('2025-11-20');
const SPAN_DAYS = 420;

type Delta = { ruleId: string; stepId: string; event: string; day: string; count: number };
const keyOf = (d: { rule_id: string; step_id: string; event: string }) => `${d.rule_id}/${d.step_id}/${d.event}`;

/** What the raw deltas give over a range: sums per rule, step and event. */
function expectedSums(deltas: readonly Delta[], from: string, to: string, rules: readonly string[]) {
  const out = new Map<string, number>();
  for (const d of deltas) {
    if (d.day < from || d.day > to || !rules.includes(d.ruleId)) continue;
    const key = keyOf({ rule_id: d.ruleId, step_id: d.stepId, event: d.event });
    out.set(key, (out.get(key) ?? 0) + d.count);
  }
  return Object.fromEntries([...out].sort());
}

const asObject = (rows: { rule_id: string; step_id: string; event: string; count: number }[]) =>
  Object.fromEntries(rows.map((r) => [keyOf(r), r.count]).sort());

describe('a range of days as blocks of the totals', () => {
  it('covers every day of the range once, with aligned blocks, at most two of each size', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const from = FIRST_DAY + Math.floor(next() * 800);
      const to = from + Math.floor(next() * 366);
      const { days, blocks } = rangePieces(dayOf(from), dayOf(to));
      const covered = days.map(numberOf);
      for (const [span, starts] of blocks) {
        expect(TOTAL_SPANS).toContain(span);
        expect(starts.length).toBeLessThanOrEqual(2);
        for (const start of starts) {
          const n = numberOf(start);
          expect(n % span, `${start} starts a block of ${span} days`).toBe(0);
          for (let d = n; d < n + span; d++) covered.push(d);
        }
      }
      expect(days.length).toBeLessThanOrEqual(2);
      covered.sort((a, b) => a - b);
      expect(covered).toEqual(Array.from({ length: to - from + 1 }, (_, k) => from + k));
    }
  });
});

const dropped: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dropped) await d.drop();
});

describe.each(DATABASE_KINDS)('usage range totals on %s', (kind) => {
  it('equal the raw deltas’ sums for every range, for random pushes resent, rolled up or still in the ledger', async () => {
    // Roll-ups only when the test asks, so part of the usage is surely still in the ledger.
    const server = await startServer(kind, { config: { rollupIntervalMs: 3_600_000 } });
    try {
      const ws = await server.workspace();
      const other = await server.workspace('Other team');
      const { client } = await ws.member();
      const next = random(kind === 'pglite' ? 1 : 2);
      const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
      const applied: Delta[] = [];
      const seqs = new Map<string, number>();
      for (let push = 0; push < 30; push++) {
        const installationId = pick(['install-a', 'install-b', 'install-c']);
        const batches: Batch[] = [];
        const fresh: Delta[] = [];
        for (let b = 0; b < 1 + Math.floor(next() * 3); b++) {
          const seq = (seqs.get(installationId) ?? 0) + 1;
          seqs.set(installationId, seq);
          const deltas: Delta[] = Array.from({ length: 1 + Math.floor(next() * 40) }, () => ({
            ruleId: pick(RULES),
            stepId: pick(STEPS),
            event: pick(EVENTS),
            day: dayOf(FIRST_DAY + Math.floor(next() * SPAN_DAYS)),
            count: 1 + Math.floor(next() * 20),
          }));
          batches.push({ seq, kind: 'usage', createdAt: Date.now(), deltas: deltas as never });
          fresh.push(...deltas);
        }
        const body = { installationId, batches };
        const reply = await client.post('/v1/sync/push', body);
        expect(reply.body.applied).toEqual(batches.map((b) => b.seq));
        applied.push(...fresh);
        // Resent (the reply was lost): acknowledged, never counted again.
        if (next() < 0.3) expect((await client.post('/v1/sync/push', body)).body.applied).toEqual([]);
        if (next() < 0.4) await server.rollup();
      }
      // Another workspace's usage on the same rules and days never shows.
      const { client: otherClient } = await other.member();
      await otherClient.post('/v1/sync/push', {
        installationId: 'install-a',
        batches: [{ seq: 1, kind: 'usage', createdAt: 1, deltas: applied.slice(0, 50) }],
      });
      const ledger = await server.database.db.selectFrom('usage_ledger').select('id').execute();
      expect(ledger.length, 'some usage is still in the ledger').toBeGreaterThan(0);

      const ranges: [string, string, string[]][] = [
        [dayOf(FIRST_DAY), dayOf(FIRST_DAY + 365), RULES],
        [dayOf(FIRST_DAY + 54), dayOf(FIRST_DAY + 54), ['r1']],
      ];
      for (let i = 0; i < 25; i++) {
        const from = FIRST_DAY - 5 + Math.floor(next() * (SPAN_DAYS + 10));
        const to = Math.min(from + Math.floor(next() * 366), FIRST_DAY + SPAN_DAYS + 5);
        ranges.push([dayOf(from), dayOf(Math.max(from, to)), next() < 0.5 ? RULES : [pick(RULES), pick(RULES)]]);
      }
      const check = async () => {
        for (const [from, to, rules] of ranges) {
          const sums = await rangeSums(server.database.db, ws.id, { from, to }, rules, EVENTS);
          expect(asObject(sums), `${from}–${to} ${rules.join(',')}`).toEqual(expectedSums(applied, from, to, rules));
        }
      };
      await check();
      // Everything rolled up: the totals alone (and single days) give the same sums.
      await server.rollup();
      expect(await server.database.db.selectFrom('usage_ledger').select('id').execute()).toEqual([]);
      await check();
      // Each block's total is the sum of its days in the counters, and no block is missing or extra.
      const { rows } = await sql<{ n: string }>`
        SELECT count(*) AS n FROM (
          (SELECT c.workspace_id, s.span, c.day - (((c.day - DATE '1970-01-01') % s.span) + s.span) % s.span AS start,
                  c.rule_id, c.step_id, c.event, sum(c.count) AS count
           FROM usage_counters AS c, unnest(${[...TOTAL_SPANS]}::int[]) AS s (span)
           GROUP BY 1, 2, 3, 4, 5, 6
           EXCEPT
           SELECT workspace_id, span, start, rule_id, step_id, event, count FROM usage_totals)
          UNION ALL
          (SELECT workspace_id, span, start, rule_id, step_id, event, count FROM usage_totals
           EXCEPT
           SELECT c.workspace_id, s.span, c.day - (((c.day - DATE '1970-01-01') % s.span) + s.span) % s.span,
                  c.rule_id, c.step_id, c.event, sum(c.count)
           FROM usage_counters AS c, unnest(${[...TOTAL_SPANS]}::int[]) AS s (span)
           GROUP BY 1, 2, 3, 4, 5, 6)
        ) AS differences`.execute(server.database.db);
      expect(Number(rows[0]!.n)).toBe(0);
      // The funnels' step days are the counters' shown and completed, per rule, day and step.
      const stepDays = await sql<{ n: string }>`
        SELECT count(*) AS n FROM (
          (SELECT workspace_id, rule_id, day, step_id,
                  coalesce(sum(count) FILTER (WHERE event = 'shown'), 0) AS shown,
                  coalesce(sum(count) FILTER (WHERE event = 'completed'), 0) AS completed
           FROM usage_counters WHERE event IN ('shown', 'completed') GROUP BY 1, 2, 3, 4
           EXCEPT
           SELECT workspace_id, rule_id, day, step_id, shown, completed FROM usage_step_days)
          UNION ALL
          (SELECT workspace_id, rule_id, day, step_id, shown, completed FROM usage_step_days
           EXCEPT
           SELECT workspace_id, rule_id, day, step_id,
                  coalesce(sum(count) FILTER (WHERE event = 'shown'), 0),
                  coalesce(sum(count) FILTER (WHERE event = 'completed'), 0)
           FROM usage_counters WHERE event IN ('shown', 'completed') GROUP BY 1, 2, 3, 4)
        ) AS differences`.execute(server.database.db);
      expect(Number(stepDays.rows[0]!.n)).toBe(0);
      expect(
        Number(
          (await sql<{ n: string }>`SELECT count(*) AS n FROM usage_step_days`.execute(server.database.db)).rows[0]!.n,
        ),
        'step days were written',
      ).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('count a batch once when it is retried after a failure before commit, and when it is sent again', async () => {
    let failNext = false;
    const server = await startServer(kind, {
      config: { rollupIntervalMs: 3_600_000 },
      ingest: {
        beforeCommit: () => {
          if (failNext) {
            failNext = false;
            throw new Error('injected failure after the effects were written');
          }
        },
      },
    });
    try {
      const ws = await server.workspace();
      const { client } = await ws.member();
      const batch = (seq: number, count: number): Batch => ({
        seq,
        kind: 'usage',
        createdAt: 1,
        deltas: [
          { ruleId: 'r0', stepId: 'a', event: 'shown', day: '2026-03-02', count },
          { ruleId: 'r0', stepId: 'a', event: 'shown', day: '2026-03-09', count: 1 },
        ],
      });
      const body = { installationId: 'install-retry', batches: [batch(1, 5)] };
      failNext = true;
      expect((await client.post('/v1/sync/push', body)).status).toBe(500);
      expect((await client.post('/v1/sync/push', body)).body.applied).toEqual([1]);
      await server.rollup();
      expect((await client.post('/v1/sync/push', body)).body.duplicates).toEqual([1]);
      // Sent again with a later batch, after the first was rolled up: only the new one counts.
      const both = { installationId: 'install-retry', batches: [batch(1, 5), batch(2, 10)] };
      expect((await client.post('/v1/sync/push', both)).body).toMatchObject({ applied: [2], duplicates: [1] });
      await server.rollup();
      expect((await client.post('/v1/sync/push', both)).body.applied).toEqual([]);
      await server.rollup();

      const totals = await server.database.db
        .selectFrom('usage_totals')
        .select(['span', 'count'])
        .where('workspace_id', '=', ws.id)
        .where('rule_id', '=', 'r0')
        .orderBy('span')
        .orderBy('start')
        .execute();
      // 2026-03-02 is day 20,514 since 1970, 2026-03-09 day 20,521: in blocks apart up to 8 days, one from 16.
      expect(totals.map((t) => [t.span, Number(t.count)])).toEqual([
        [2, 15],
        [2, 2],
        [4, 15],
        [4, 2],
        [8, 15],
        [8, 2],
        [16, 17],
        [32, 17],
        [64, 17],
        [128, 17],
        [256, 17],
      ]);
      const sums = await rangeSums(
        server.database.db,
        ws.id,
        { from: '2026-03-01', to: '2026-03-31' },
        ['r0'],
        ['shown'],
      );
      expect(sums).toEqual([{ rule_id: 'r0', step_id: 'a', event: 'shown', count: 17 }]);
    } finally {
      await server.close();
    }
  });

  it('are kept by the naive writer too (USAGE_WRITES=naive), in the transaction of its counters', async () => {
    const server = await startServer(kind, { config: { usageWrites: 'naive' } });
    try {
      const ws = await server.workspace();
      const { client } = await ws.member();
      const next = random(3);
      const applied: Delta[] = [];
      for (let seq = 1; seq <= 6; seq++) {
        const deltas: Delta[] = Array.from({ length: 30 }, () => ({
          ruleId: RULES[Math.floor(next() * RULES.length)]!,
          stepId: 'a',
          event: 'shown',
          day: dayOf(FIRST_DAY + Math.floor(next() * SPAN_DAYS)),
          count: 1 + Math.floor(next() * 9),
        }));
        const body = { installationId: 'install-naive', batches: [{ seq, kind: 'usage', createdAt: 1, deltas }] };
        expect((await client.post('/v1/sync/push', body)).body.applied).toEqual([seq]);
        expect((await client.post('/v1/sync/push', body)).body.duplicates).toEqual([seq]);
        applied.push(...deltas);
      }
      expect(await server.database.db.selectFrom('usage_ledger').select('id').execute()).toEqual([]);
      for (const [from, to] of [
        [dayOf(FIRST_DAY), dayOf(FIRST_DAY + 365)],
        [dayOf(FIRST_DAY + 37), dayOf(FIRST_DAY + 150)],
        [dayOf(FIRST_DAY + 200), dayOf(FIRST_DAY + 419)],
      ] as const) {
        const sums = await rangeSums(server.database.db, ws.id, { from, to }, RULES, ['shown']);
        expect(asObject(sums), `${from}–${to}`).toEqual(expectedSums(applied, from, to, RULES));
      }
    } finally {
      await server.close();
    }
  });

  it('are filled by their migration from the counters that existed before it', async () => {
    const migrations = await listMigrations();
    const version = migrations.find((m) => m.name === 'usage-totals')!.version;
    const test = await createTestDatabase(kind, { migrated: false });
    dropped.push(test);
    const database = await openDatabase(test);
    try {
      await migrate(database.scripts, { upTo: version - 1 });
      const fixture = new URL(`../db/fixtures/${String(version - 1).padStart(4, '0')}.sql`, import.meta.url);
      await database.scripts.session((s) => s.exec(readFileSync(fixture, 'utf8')));
      // Many more counters than the saved example: every day of 2025 for a few rules.
      await sql`
        INSERT INTO usage_counters (workspace_id, day, rule_id, step_id, event, count)
        SELECT 'ws_fixture', DATE '2025-01-01' + d, 'rule-' || r, 's', 'shown', 1 + (d * 7 + r) % 13
        FROM generate_series(0, 364) AS d, generate_series(0, 2) AS r`.execute(database.db);
      expect(await migrate(database.scripts, { upTo: version })).toMatchObject({ applied: [version] });

      const rules = ['fixture-tip', 'rule-0', 'rule-1', 'rule-2'];
      const raw = async (from: string, to: string) => {
        const rows = await database.db
          .selectFrom('usage_counters')
          .select(['rule_id', 'step_id', 'event'])
          .select((eb) => eb.fn.sum<string>('count').as('count'))
          .where('day', '>=', from)
          .where('day', '<=', to)
          .groupBy(['rule_id', 'step_id', 'event'])
          .execute();
        return rows.map((r) => ({ ...r, count: Number(r.count) }));
      };
      const ledger = { 'fixture-tip/only/shown': 5, 'fixture-tip/only/helpful': 3 };
      for (const [from, to] of [
        ['2025-01-01', '2025-12-31'],
        ['2025-02-11', '2025-09-30'],
        ['2025-12-01', '2026-01-31'],
        ['2025-06-15', '2025-06-16'],
      ] as const) {
        const sums = await rangeSums(database.db, 'ws_fixture', { from, to }, rules, ['shown', 'dismissed', 'helpful']);
        const expected = asObject(await raw(from, to));
        // The ledger's counts (2026-01-10 and -11) are summed as well, from the ledger.
        if (from <= '2026-01-10' && to >= '2026-01-11')
          for (const [k, n] of Object.entries(ledger)) expected[k] = (expected[k] ?? 0) + n;
        expect(asObject(sums), `${from}–${to}`).toEqual(expected);
        expect(Object.keys(expected).length).toBeGreaterThan(0);
      }
      // A year read from blocks: the migration wrote them (not only single days).
      const blocks = await database.db
        .selectFrom('usage_totals')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('workspace_id', '=', 'ws_fixture')
        .executeTakeFirstOrThrow();
      expect(Number(blocks.n)).toBeGreaterThan((3 * 365) / 2);
      // The ledger rolls up into them afterwards, once (the roll-up writes the later versions' tables too).
      await migrate(database.scripts);
      await rollupAll(database.db);
      const after = await rangeSums(database.db, 'ws_fixture', { from: '2026-01-01', to: '2026-01-31' }, rules, [
        'shown',
        'dismissed',
        'helpful',
      ]);
      expect(asObject(after)).toEqual({
        'fixture-tip//dismissed': 2,
        'fixture-tip/only/helpful': 3,
        'fixture-tip/only/shown': 45,
      });
    } finally {
      await database.close();
    }
  });
});
