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
 *
 * Each walkthrough's step days are one range of the primary key (`LATERAL`: one index range per
 * rule, whatever the planner guesses of the rows), read from the index alone where its pages are
 * all visible, and summed per day in the index's order, so nothing is hashed or sorted. Gathered
 * all together (by a bitmap heap scan, as the planner chose) and hashed by rule and day, the 50
 * funnels' 18,000 step days took half as long again.
 */
export async function runDays(
  db: Kysely<Database>,
  workspaceId: string,
  range: { from: string; to: string },
  walkthroughs: readonly { ruleId: string; firstStep: string }[],
): Promise<RunDay[]> {
  if (!walkthroughs.length) return [];
  const { rows } = await runDaysQuery(workspaceId, range, walkthroughs).execute(db);
  // A rule's day with counts both rolled up and in the ledger comes twice: added up here.
  const out = new Map<string, RunDay>();
  for (const r of rows) {
    const day = dayText(r.day);
    const key = `${r.rule_id}\u0000${day}`;
    const at = out.get(key);
    if (at) {
      at.started += Number(r.started ?? 0);
      at.completed += Number(r.completed ?? 0);
    } else
      out.set(key, {
        rule_id: r.rule_id,
        day,
        started: Number(r.started ?? 0),
        completed: Number(r.completed ?? 0),
      });
  }
  return [...out.values()];
}

/** `runDays`' statement (the tests read its plan). */
export function runDaysQuery(
  workspaceId: string,
  range: { from: string; to: string },
  walkthroughs: readonly { ruleId: string; firstStep: string }[],
) {
  const ids = walkthroughs.map((w) => w.ruleId);
  return sql<{ rule_id: string; day: unknown; started: string | null; completed: string | null }>`
    SELECT f.rule_id, s.day, s.started, s.completed
    FROM unnest(${ids}::text[], ${walkthroughs.map((w) => w.firstStep)}::text[]) AS f (rule_id, first_step)
    CROSS JOIN LATERAL (
      SELECT s.day, sum(s.shown) FILTER (WHERE s.step_id = f.first_step) AS started, sum(s.completed) AS completed
      FROM usage_step_days AS s
      WHERE s.workspace_id = ${workspaceId} AND s.rule_id = f.rule_id
        AND s.day >= ${range.from}::date AND s.day <= ${range.to}::date
      GROUP BY s.day
    ) AS s
    UNION ALL
    SELECT f.rule_id, d.day,
           sum(d.count) FILTER (WHERE d.event = 'shown' AND d.step_id = f.first_step),
           sum(d.count) FILTER (WHERE d.event = 'completed')
    FROM unnest(${ids}::text[], ${walkthroughs.map((w) => w.firstStep)}::text[]) AS f (rule_id, first_step)
    JOIN usage_deltas AS d ON d.rule_id = f.rule_id
    WHERE d.workspace_id = ${workspaceId} AND d.event IN ('shown', 'completed')
      AND d.day >= ${range.from}::date AND d.day <= ${range.to}::date
    GROUP BY f.rule_id, d.day`;
}

/** A `date` column as `YYYY-MM-DD` (PGlite and pg may hand back a Date or text). */
function dayText(day: unknown): string {
  return day instanceof Date ? day.toISOString().slice(0, 10) : String(day).slice(0, 10);
}
