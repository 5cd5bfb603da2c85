/**
 * The roll-up paces itself: a round runs only when due (every server process asks; the schedule is
 * shared in the database), moves the ledger as it was when the round began, and sets the next one
 * at least `rests` times its own duration later, never sooner than the interval nor later than the
 * longest wait. Counts are exact through all of it: a count is in the ledger or in the counters,
 * never lost or doubled.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../auth/tokens';
import { openDatabase } from '../db/open';
import { ingest } from '../sync/ingest';
import type { Batch } from '../sync/schemas';
import { rollupRound, startRollups } from '../usage/rollup';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './helpers/databases';

const dropped: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dropped) await d.drop();
});

async function setUp(kind: (typeof DATABASE_KINDS)[number]) {
  const test = await createTestDatabase(kind);
  dropped.push(test);
  const database = await openDatabase(test);
  const ws = await createWorkspace(database.db, { name: 'Pace', adminName: 'Dana' });
  const caller = { workspaceId: ws.workspaceId, tokenId: ws.info.id, role: 'admin' as const, name: 'Dana' };
  let seq = 0;
  /** Pushes `n` batches of 20 counters of one each, as one installation. */
  const push = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const batch: Batch = {
        seq: ++seq,
        kind: 'usage',
        createdAt: Date.UTC(2026, 2, 2),
        deltas: Array.from({ length: 20 }, (_, k) => ({
          day: '2026-03-02',
          ruleId: `rule-${k % 4}`,
          stepId: `step-${k}`,
          event: 'shown',
          count: 1,
        })),
      };
      await ingest(database.db, caller, { installationId: 'pace-installation', batches: [batch] });
    }
  };
  const counted = async () => {
    const row = await database.db
      .selectFrom('usage_counters')
      .select((eb) => eb.fn.sum<string>('count').as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const ledgerRows = async () =>
    Number(
      (
        await database.db
          .selectFrom('usage_ledger')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const dueInMs = async () =>
    Number(
      (
        await sql<{ ms: number }>`SELECT extract(epoch FROM next_at - now()) * 1000 AS ms FROM usage_rollup`.execute(
          database.db,
        )
      ).rows[0]!.ms,
    );
  const makeDue = () => sql`UPDATE usage_rollup SET next_at = now() - interval '1 second'`.execute(database.db);
  return { database, push, counted, ledgerRows, dueInMs, makeDue };
}

describe.each(DATABASE_KINDS)('the roll-up on %s', (kind) => {
  it('runs only when due, moves the whole ledger, and rests a multiple of its own time', async () => {
    const { database, push, counted, ledgerRows, dueInMs, makeDue } = await setUp(kind);
    try {
      await push(30);
      expect(await ledgerRows()).toBe(30);
      await makeDue();
      const pace = { intervalMs: 50, rests: 1_000, longestWaitMs: 20_000 };
      const touched = await rollupRound(database.db, pace);
      expect(touched).toBeGreaterThan(0);
      expect(await ledgerRows()).toBe(0);
      expect(await counted()).toBe(600);
      // The round took some milliseconds: 1,000 times that is well past the 50 ms interval, and
      // capped at the longest wait.
      const due = await dueInMs();
      expect(due).toBeGreaterThan(1_000);
      expect(due).toBeLessThanOrEqual(20_000);

      // Not due: nothing moves, and the counts are still all there (the ledger keeps them).
      await push(5);
      expect(await rollupRound(database.db, pace)).toBeNull();
      expect(await ledgerRows()).toBe(5);
      expect(await counted()).toBe(600);

      // Due again: the rest of the ledger moves, once.
      await makeDue();
      await rollupRound(database.db, pace);
      expect(await ledgerRows()).toBe(0);
      expect(await counted()).toBe(700);

      // An empty ledger does not postpone the next round.
      await makeDue();
      expect(await rollupRound(database.db, pace)).toBe(0);
      expect(await dueInMs()).toBeLessThan(0);
    } finally {
      await database.close();
    }
  });

  it('moves what the ledger held when the round began, then rests, however fast usage arrives', async () => {
    const { database, push, counted, ledgerRows, dueInMs, makeDue } = await setUp(kind);
    try {
      await push(6);
      await makeDue();
      // Slices of two pushes, and a push after each slice: a round that chased the ledger would
      // never end while usage keeps arriving.
      let during = 0;
      const touched = await rollupRound(
        database.db,
        { intervalMs: 60_000, rests: 0, longestWaitMs: 1_000 },
        () => false,
        {
          slice: 2,
          afterSlice: async () => {
            during++;
            await push(1);
          },
        },
      );
      expect(touched).toBeGreaterThan(0);
      expect(during).toBe(3);
      // The three pushes made during the round wait in the ledger for the next one; nothing is lost.
      expect(await ledgerRows()).toBe(3);
      expect(await counted()).toBe(120);
      expect(await dueInMs()).toBeGreaterThan(50_000);

      await makeDue();
      await rollupRound(database.db, { intervalMs: 60_000, rests: 0, longestWaitMs: 1_000 });
      expect(await ledgerRows()).toBe(0);
      expect(await counted()).toBe(180);
    } finally {
      await database.close();
    }
  });

  it('waits at least the interval, even after a quick round, and the timer rolls up by itself', async () => {
    const { database, push, counted, ledgerRows, dueInMs, makeDue } = await setUp(kind);
    try {
      await push(3);
      await makeDue();
      await rollupRound(database.db, { intervalMs: 60_000, rests: 0, longestWaitMs: 1_000 });
      expect(await dueInMs()).toBeGreaterThan(50_000);

      await push(4);
      await makeDue();
      const rollups = startRollups(database.db, { intervalMs: 20, rests: 0, longestWaitMs: 1_000 }, (error) => {
        throw error;
      });
      try {
        for (let i = 0; i < 500 && (await ledgerRows()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      } finally {
        await rollups.stop();
      }
      expect(await ledgerRows()).toBe(0);
      expect(await counted()).toBe(140);
    } finally {
      await database.close();
    }
  });
});
