/**
 * The team server's insights data for the benchmarks: a workspace and `rules` walkthroughs ×
 * `days` days of counters (11 per walkthrough and day), pushed through the ledger and rolled up
 * into the daily counters, range totals and step days, then vacuumed as autovacuum would.
 * `bench/insights-server.ts` times the endpoints over it; `bench/insights-plans.ts` explains
 * their queries.
 */
import { type Kysely, sql } from 'kysely';
import { createWorkspace } from '../server/auth/tokens';
import type { Database } from '../server/db/schema';
import { rollupAll } from '../server/usage/rollup';

/** Seeds the data; returns the workspace (its admin token) and how many counter rows it holds. */
export async function seedServerInsights(db: Kysely<Database>, rules: number, days: number) {
  const ws = await createWorkspace(db, { name: 'Insights bench', adminName: 'Admin' });
  // 11 counters per walkthrough and day: shown on each step, closes, completions, answers.
  const counters = [
    ['open', 'shown'],
    ['fill', 'shown'],
    ['save', 'shown'],
    ['open', 'dismissed'],
    ['fill', 'dismissed'],
    ['save', 'completed'],
    ['open', 'helpful'],
    ['fill', 'unhelpful'],
    ['save', 'target-missing'],
    ['fill', 'target-missing'],
    ['', 'completed'],
  ];
  // Through the ledger (one row per day, as pushes arrive) and the roll-up, the way members'
  // usage reaches the daily counters and the range totals.
  await sql`
    INSERT INTO usage_ledger (workspace_id, days, rule_ids, step_ids, events, counts)
    SELECT ${ws.workspaceId}, array_agg(current_date - d), array_agg('w' || r), array_agg(c.step), array_agg(c.event),
           array_agg(1 + (r + d) % 9)
    FROM generate_series(0, ${days - 1}) AS d, generate_series(0, ${rules - 1}) AS r,
         (SELECT * FROM unnest(${counters.map((c) => c[0])}::text[], ${counters.map((c) => c[1])}::text[])) AS c (step, event)
    GROUP BY d
  `.execute(db);
  const rolling = performance.now();
  await rollupAll(db);
  console.log(`Rolled up in ${Math.round(performance.now() - rolling)} ms.`);
  // What autovacuum does to tables after that many inserted rows: statistics, and the visibility
  // map that lets the step days be read from their index alone.
  await sql`VACUUM ANALYZE usage_counters, usage_totals, usage_step_days`.execute(db);
  const rows = Number(
    (
      await db
        .selectFrom('usage_counters')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(`Seeded ${rows.toLocaleString()} counter rows on PostgreSQL.`);
  return { ws, rows };
}
