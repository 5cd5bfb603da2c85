/**
 * Rolls the usage ledger up into the daily counters: in one statement, a slice of ledger rows is
 * deleted and its sums added to `usage_counters` — moved, never copied, so a count is in exactly
 * one of the two tables at any moment; the same statement adds them to the range totals
 * (`totals.ts`) and the funnels' step days (`step-days.ts`). One server at a time rolls up (an
 * advisory lock); the others skip that round.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { addToStepDays } from './step-days';
import { addToTotals } from './totals';

/** Any fixed number: the advisory lock that keeps roll-ups one at a time across servers. */
const ROLLUP_LOCK = 727_002;
/**
 * Ledger rows (pushes) moved per transaction, so one roll-up never holds locks for long: a push
 * holds at most 10,000 deltas, usually a few hundred.
 */
const SLICE = 500;

/**
 * Moves up to `slice` ledger rows into the counters, the oldest first, none numbered above `upTo`
 * when given; returns how many counter rows it touched (0: nothing to do, or busy).
 */
export async function rollupOnce(db: Kysely<Database>, slice = SLICE, upTo: number | null = null): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS locked`.execute(
      tx,
    );
    if (!rows[0]?.locked) return 0;
    // The moved deltas are summed per counter once, and those sums feed both the counters and the
    // range totals (`totals.ts`) in the same statement, so a count is never in one and not the
    // other. Summing first matters: fanning each of a slice's deltas out to the 8 block sizes
    // before grouping made 800,000 rows of 100,000 deltas, where the sums make 8 per counter.
    // Sorted by counter before the upserts: a stable order of row locks.
    const moved = await sql`
      WITH slice AS (
        SELECT id FROM usage_ledger WHERE ${upTo === null ? sql`true` : sql`id <= ${upTo}`} ORDER BY id LIMIT ${slice}
      ),
      moved AS (
        DELETE FROM usage_ledger WHERE id IN (SELECT id FROM slice)
        RETURNING workspace_id, days, rule_ids, step_ids, events, counts
      ),
      sums AS (
        SELECT m.workspace_id, d.day, d.rule_id, d.step_id, d.event, sum(d.count)::bigint AS count
        FROM moved AS m, unnest(m.days, m.rule_ids, m.step_ids, m.events, m.counts) AS d (day, rule_id, step_id, event, count)
        GROUP BY 1, 2, 3, 4, 5
      ),
      totals AS (${addToTotals(sql`sums`)}),
      step_days AS (${addToStepDays(sql`sums`)})
      INSERT INTO usage_counters AS c (workspace_id, day, rule_id, step_id, event, count)
      SELECT workspace_id, day, rule_id, step_id, event, count
      FROM sums
      ORDER BY workspace_id, day, rule_id, step_id, event
      ON CONFLICT (workspace_id, day, rule_id, step_id, event) DO UPDATE SET count = c.count + EXCLUDED.count`.execute(
      tx,
    );
    return Number(moved.numAffectedRows ?? 0);
  });
}

/** Rolls up until the ledger is empty (tests and shutdown); returns the counter rows touched. */
export async function rollupAll(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await rollupOnce(db);
    if (n === 0) {
      const left = await db.selectFrom('usage_ledger').select('id').limit(1).executeTakeFirst();
      if (!left) return total;
      // Another server holds the roll-up lock: wait for it.
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    total += n;
  }
}

/** How the roll-up paces itself (`rollupRound`). */
export interface RollupPace {
  /** The shortest time between two roll-ups (`ROLLUP_INTERVAL_MS`). */
  intervalMs: number;
  /**
   * After a roll-up that took t ms, the next waits at least `rests` × t: the roll-up keeps the
   * database busy at most 1 / (1 + rests) of the time, however fast usage arrives.
   */
  rests: number;
  /** The longest rest (unless `intervalMs` is longer), so the ledger (which readers sum too) never holds more than this much usage. */
  longestWaitMs: number;
}

export const LONGEST_WAIT_MS = 30_000;

/** A round's slices (`rollupOnce`); tests make them small and push between them. */
export interface RoundOptions {
  slice?: number;
  afterSlice?: () => Promise<void> | void;
}

/**
 * One roll-up round, when one is due (every server process asks; they share when the next is due
 * in `usage_rollup`): moves the ledger into the counters slice by slice, then sets when the next is
 * due. A roll-up's cost is per distinct counter it touches, whatever number of deltas it sums, so
 * under heavy ingest rolling up less often costs the database less per counter, and the bursts are
 * fewer. Returns the counter rows touched, or null when no round was due.
 */
export async function rollupRound(
  db: Kysely<Database>,
  pace: RollupPace,
  stopped = () => false,
  options: RoundOptions = {},
): Promise<number | null> {
  const due = await sql<{ due: boolean }>`SELECT next_at <= now() AS due FROM usage_rollup`.execute(db);
  if (due.rows[0] && !due.rows[0].due) return null;
  const started = performance.now();
  // The round moves what the ledger held when it started, and no more: under steady ingest the
  // ledger is never empty, and a round that chased it would never rest (a core of the database
  // busy all the time, each slice summing only what arrived during the last one).
  const last = await db
    .selectFrom('usage_ledger')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  if (last?.id === null || last?.id === undefined) return 0;
  const upTo = Number(last.id);
  let touched = 0;
  while (!stopped()) {
    const n = await rollupOnce(db, options.slice ?? SLICE, upTo);
    if (n === 0) break;
    touched += n;
    await options.afterSlice?.();
  }
  if (touched > 0) {
    const took = performance.now() - started;
    const wait = Math.round(Math.max(pace.intervalMs, Math.min(pace.longestWaitMs, pace.rests * took)));
    await db
      .updateTable('usage_rollup')
      .set({ next_at: sql<Date>`now() + make_interval(secs => ${wait / 1000})` })
      .execute();
  }
  return touched;
}

/** Asks for a roll-up round every `pace.intervalMs` until stopped; errors are reported, never thrown. */
export function startRollups(
  db: Kysely<Database>,
  pace: RollupPace,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await rollupRound(db, pace, () => stopped);
      } catch (error) {
        onError(error);
      }
    });
  }, pace.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
