/**
 * The funnels' step days (`usage/step-days.ts`) on PGlite and PostgreSQL: filled by their
 * migration from the counters before it, kept by the naive writer in its transaction, and read
 * with the ledger's part (the roll-up's share is checked in usage-totals.test.ts).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { runDays } from '../usage/step-days';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './helpers/databases';
import { startServer } from './helpers/server';

const dropped: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dropped) await d.drop();
});

describe.each(DATABASE_KINDS)('usage step days on %s', (kind) => {
  it('are filled by their migration from the counters that existed before it', async () => {
    const version = (await listMigrations()).find((m) => m.name === 'usage-step-days')!.version;
    const test = await createTestDatabase(kind, { migrated: false });
    dropped.push(test);
    const database = await openDatabase(test);
    try {
      await migrate(database.scripts, { upTo: version - 1 });
      const fixture = new URL(`../db/fixtures/${String(version - 1).padStart(4, '0')}.sql`, import.meta.url);
      await database.scripts.session((s) => s.exec(readFileSync(fixture, 'utf8')));
      await database.db
        .insertInto('usage_counters')
        .values([
          { workspace_id: 'ws_fixture', day: '2026-01-12', rule_id: 'w', step_id: 'a', event: 'shown', count: 7 },
          { workspace_id: 'ws_fixture', day: '2026-01-12', rule_id: 'w', step_id: 'b', event: 'completed', count: 2 },
          { workspace_id: 'ws_fixture', day: '2026-01-12', rule_id: 'w', step_id: 'b', event: 'shown', count: 3 },
          { workspace_id: 'ws_fixture', day: '2026-01-12', rule_id: 'w', step_id: 'b', event: 'dismissed', count: 1 },
        ])
        .execute();
      expect(await migrate(database.scripts, { upTo: version })).toMatchObject({ applied: [version] });
      const rows = await database.db
        .selectFrom('usage_step_days')
        .select(['rule_id', 'day', 'step_id', 'shown', 'completed'])
        .orderBy('rule_id')
        .orderBy('step_id')
        .execute();
      expect(rows.map((r) => ({ ...r, shown: Number(r.shown), completed: Number(r.completed) }))).toEqual([
        { rule_id: 'fixture-tip', day: '2026-01-10', step_id: 'only', shown: 40, completed: 0 },
        { rule_id: 'w', day: '2026-01-12', step_id: 'a', shown: 7, completed: 0 },
        { rule_id: 'w', day: '2026-01-12', step_id: 'b', shown: 3, completed: 2 },
      ]);
      // The ledger's part is added: the fixture's ledger holds 5 more "shown" on 2026-01-10.
      expect(
        await runDays(database.db, 'ws_fixture', { from: '2026-01-01', to: '2026-01-31' }, [
          { ruleId: 'fixture-tip', firstStep: 'only' },
          { ruleId: 'w', firstStep: 'a' },
        ]).then((days) => days.sort((a, b) => a.rule_id.localeCompare(b.rule_id) || a.day.localeCompare(b.day))),
      ).toEqual([
        { rule_id: 'fixture-tip', day: '2026-01-10', started: 45, completed: 0 },
        { rule_id: 'w', day: '2026-01-12', started: 7, completed: 2 },
      ]);
    } finally {
      await database.close();
    }
  });

  it('are kept by the naive writer (USAGE_WRITES=naive), in the transaction of its counters', async () => {
    const server = await startServer(kind, { config: { usageWrites: 'naive' } });
    try {
      const ws = await server.workspace();
      const { client } = await ws.member();
      const deltas = [
        { ruleId: 'w', stepId: 'a', event: 'shown', day: '2026-03-02', count: 4 },
        { ruleId: 'w', stepId: 'b', event: 'shown', day: '2026-03-02', count: 3 },
        { ruleId: 'w', stepId: '', event: 'completed', day: '2026-03-02', count: 2 },
        { ruleId: 'w', stepId: 'a', event: 'dismissed', day: '2026-03-02', count: 1 },
        { ruleId: 'w', stepId: 'a', event: 'shown', day: '2026-03-03', count: 6 },
      ];
      for (const seq of [1, 2]) {
        const body = { installationId: 'install-naive', batches: [{ seq, kind: 'usage', createdAt: 1, deltas }] };
        expect((await client.post('/v1/sync/push', body)).body.applied).toEqual([seq]);
        expect((await client.post('/v1/sync/push', body)).body.duplicates).toEqual([seq]);
      }
      expect(
        await runDays(server.database.db, ws.id, { from: '2026-03-01', to: '2026-03-31' }, [
          { ruleId: 'w', firstStep: 'a' },
        ]).then((days) => days.sort((a, b) => a.day.localeCompare(b.day))),
      ).toEqual([
        { rule_id: 'w', day: '2026-03-02', started: 8, completed: 4 },
        { rule_id: 'w', day: '2026-03-03', started: 12, completed: 0 },
      ]);
    } finally {
      await server.close();
    }
  });
});
