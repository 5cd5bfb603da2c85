/**
 * Rolls the usage ledger up into the daily counters: in one statement, a slice of ledger rows is
 * deleted and its sums added to `usage_counters` — moved, never copied, so a count is in exactly
 * one of the two tables at any moment. One server at a time rolls up (an advisory lock); the
 * others skip that round.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';

/** Any fixed number: the advisory lock that keeps roll-ups one at a time across servers. */
const ROLLUP_LOCK = 727_002;
/** Ledger rows moved per transaction, so one roll-up never holds locks for long. */
const SLICE = 50_000;

/** Moves up to `slice` ledger rows into the counters; returns how many rows moved (0: nothing to do, or busy). */
export async function rollupOnce(db: Kysely<Database>, slice = SLICE): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS locked`.execute(
      tx,
    );
    if (!rows[0]?.locked) return 0;
    const moved = await tx
      .with('slice', (qb) => qb.selectFrom('usage_deltas').select('id').orderBy('id').limit(slice))
      .with('moved', (qb) =>
        qb
          .deleteFrom('usage_deltas')
          .where('id', 'in', (eb) => eb.selectFrom('slice').select('id'))
          .returning(['workspace_id', 'day', 'rule_id', 'step_id', 'event', 'count']),
      )
      .insertInto('usage_counters')
      .columns(['workspace_id', 'day', 'rule_id', 'step_id', 'event', 'count'])
      .expression((eb) =>
        eb
          .selectFrom('moved')
          .select(['workspace_id', 'day', 'rule_id', 'step_id', 'event'])
          .select((s) => s.fn.sum<number>('count').as('count'))
          .groupBy(['workspace_id', 'day', 'rule_id', 'step_id', 'event'])
          .orderBy('workspace_id')
          .orderBy('day')
          .orderBy('rule_id')
          .orderBy('step_id')
          .orderBy('event'),
      )
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'day', 'rule_id', 'step_id', 'event'])
          .doUpdateSet((eb) => ({ count: eb('usage_counters.count', '+', eb.ref('excluded.count')) })),
      )
      .executeTakeFirst();
    return Number(moved.numInsertedOrUpdatedRows ?? 0);
  });
}

/** Rolls up until the ledger is empty (tests and shutdown); returns the counter rows touched. */
export async function rollupAll(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await rollupOnce(db);
    if (n === 0) {
      const left = await db.selectFrom('usage_deltas').select('id').limit(1).executeTakeFirst();
      if (!left) return total;
      // Another server holds the roll-up lock: wait for it.
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    total += n;
  }
}

/** Runs `rollupOnce` every `intervalMs` until stopped; errors are reported, never thrown. */
export function startRollups(
  db: Kysely<Database>,
  intervalMs: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        while (!stopped && (await rollupOnce(db)) > 0);
      } catch (error) {
        onError(error);
      }
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
