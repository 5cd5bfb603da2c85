/**
 * The days of walkthrough funnels: `usage_step_days` holds, per rule, day and step, the counts of
 * `shown` and `completed` (migration 8), rule first and in the index itself, so the daily series
 * of the most started funnels (runs started, i.e. the first step shown, and completed) read one
 * index range per rule instead of a scattered counter row per step, event and day.
 *
 * Written in the roll-up's statement with the counters and the range totals (`rollup.ts`), and by
 * the naive writer in its transaction: a count is in the ledger or in all three. Readers add the
 * ledger's part, so the series are exact at any moment.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The upsert that adds `source`'s `shown` and `completed` counts (a relation with `workspace_id,
 * day, rule_id, step_id, event, count`) to their rule, day and step; sorted, a stable lock order.
 */
export function addToStepDays(source: RawBuilder<unknown>) {
  return sql`
    INSERT INTO usage_step_days AS s (workspace_id, rule_id, day, step_id, shown, completed)
    SELECT d.workspace_id, d.rule_id, d.day, d.step_id,
           coalesce(sum(d.count) FILTER (WHERE d.event = 'shown'), 0)::bigint,
           coalesce(sum(d.count) FILTER (WHERE d.event = 'completed'), 0)::bigint
    FROM ${source} AS d
    WHERE d.event IN ('shown', 'completed')
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, rule_id, day, step_id)
    DO UPDATE SET shown = s.shown + EXCLUDED.shown, completed = s.completed + EXCLUDED.completed`;
}

export interface RunDay {
  rule_id: string;
  day: string;
  started: number;
  completed: number;
}

/**
 * Per walkthrough and day of `range` with any count, runs started (`firstStep` shown) and
 * completed (on any step): the step days plus the range's part of the ledger, in one statement.
 */
export async function runDays(
  db: Kysely<Database>,
  workspaceId: string,
  range: { from: string; to: string },
  walkthroughs: readonly { ruleId: string; firstStep: string }[],
): Promise<RunDay[]> {
  if (!walkthroughs.length) return [];
  const ids = walkthroughs.map((w) => w.ruleId);
  const { rows } = await sql<{ rule_id: string; day: unknown; started: string | null; completed: string | null }>`
    SELECT f.rule_id, u.day,
           sum(u.shown) FILTER (WHERE u.step_id = f.first_step) AS started,
           sum(u.completed) AS completed
    FROM unnest(${ids}::text[], ${walkthroughs.map((w) => w.firstStep)}::text[]) AS f (rule_id, first_step)
    JOIN (
      SELECT s.rule_id, s.step_id, s.day, s.shown, s.completed FROM usage_step_days AS s
      WHERE s.workspace_id = ${workspaceId} AND s.rule_id = ANY(${ids}::text[])
        AND s.day >= ${range.from}::date AND s.day <= ${range.to}::date
      UNION ALL
      SELECT d.rule_id, d.step_id, d.day,
             CASE WHEN d.event = 'shown' THEN d.count ELSE 0 END,
             CASE WHEN d.event = 'completed' THEN d.count ELSE 0 END
      FROM usage_deltas AS d
      WHERE d.workspace_id = ${workspaceId} AND d.rule_id = ANY(${ids}::text[])
        AND d.event IN ('shown', 'completed') AND d.day >= ${range.from}::date AND d.day <= ${range.to}::date
    ) AS u ON u.rule_id = f.rule_id
    GROUP BY f.rule_id, u.day`.execute(db);
  return rows.map((r) => ({
    rule_id: r.rule_id,
    day: dayText(r.day),
    started: Number(r.started ?? 0),
    completed: Number(r.completed ?? 0),
  }));
}

/** A `date` column as `YYYY-MM-DD` (PGlite and pg may hand back a Date or text). */
function dayText(day: unknown): string {
  return day instanceof Date ? day.toISOString().slice(0, 10) : String(day).slice(0, 10);
}
