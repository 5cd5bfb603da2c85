/**
 * Usage totals over ranges of days, pre-summed so that a sum over 90 days reads a handful of rows
 * per counter instead of 90.
 *
 * `usage_totals` holds, per counter (rule, step, event), the sum over aligned blocks of 2, 4, 8, …
 * 256 days (a block of `span` days starts on a day whose number since 1970-01-01 is a multiple of
 * `span`); the single days are `usage_counters` itself. Any range of days is the union of at most
 * two blocks of each size (the dyadic decomposition, `rangePieces`), so a range's sum reads at most
 * about 18 rows per counter, whatever its length.
 *
 * The totals are written in the same statement that rolls ledger rows up into the daily counters
 * (`rollup.ts`), and by the naive writer in the same transaction as its counters: a count is in the
 * ledger, or in both the counters and the totals, never in between. Readers add the ledger's part
 * for the range, so their sums are exact at any moment, and a push sent again (never applied twice
 * by the ingest) is never counted twice here either.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema';

/** The block sizes kept in `usage_totals`, in days (1 is the daily counters). */
export const TOTAL_SPANS = [2, 4, 8, 16, 32, 64, 128, 256] as const;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

export interface RangePieces {
  /** Single days (read from the daily counters). */
  days: string[];
  /** Blocks of `usage_totals`, by span: their first days. */
  blocks: Map<number, string[]>;
}

/** The range `from`–`to` (inclusive, `YYYY-MM-DD`) as the fewest aligned blocks and single days. */
export function rangePieces(from: string, to: string): RangePieces {
  const out: RangePieces = { days: [], blocks: new Map() };
  let at = dayNumber(from);
  const end = dayNumber(to);
  while (at <= end) {
    let span = 1;
    for (const s of TOTAL_SPANS) {
      if (((at % s) + s) % s !== 0 || at + s - 1 > end) break;
      span = s;
    }
    if (span === 1) out.days.push(dayOf(at));
    else {
      const starts = out.blocks.get(span);
      if (starts) starts.push(dayOf(at));
      else out.blocks.set(span, [dayOf(at)]);
    }
    at += span;
  }
  return out;
}

/**
 * The upsert that adds `source`'s counts (a relation with `workspace_id, day, rule_id, step_id,
 * event, count`) to every block holding their day; sorted, a stable order of row locks. The same
 * block arithmetic as the migration that filled the totals (`0004_usage-totals.sql`).
 */
export function addToTotals(source: RawBuilder<unknown>) {
  return sql`
    INSERT INTO usage_totals AS t (workspace_id, span, start, rule_id, step_id, event, count)
    SELECT d.workspace_id, s.span, d.day - (((d.day - DATE '1970-01-01') % s.span) + s.span) % s.span,
           d.rule_id, d.step_id, d.event, sum(d.count)::bigint
    FROM ${source} AS d, unnest(${sql.raw(`'{${TOTAL_SPANS.join(',')}}'`)}::int[]) AS s (span)
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (workspace_id, span, start, rule_id, step_id, event) DO UPDATE SET count = t.count + EXCLUDED.count`;
}

export interface RangeSum {
  rule_id: string;
  step_id: string;
  event: string;
  count: number;
}

/**
 * Sums per rule, step and event of the workspace over `from`–`to`, for `ruleIds` (null: every
 * rule) and `events`: the blocks of the totals, the single days of the counters and the range's
 * part of the ledger, in one statement.
 *
 * The blocks are one list of (span, start) pairs joined to the totals' primary key, so each is an
 * index range the database reads in order, whatever their number; the days are one list on the
 * counters' key. The rule filter is a hash lookup on one array, and is left out when every rule is
 * asked for (the insights of a whole workspace), since the workspace's key range already holds
 * only its rules.
 */
export async function rangeSums(
  db: Kysely<Database>,
  workspaceId: string,
  range: { from: string; to: string },
  ruleIds: readonly string[] | null,
  events: readonly string[],
): Promise<RangeSum[]> {
  if ((ruleIds && !ruleIds.length) || !events.length) return [];
  const query = rangeSumsQuery(workspaceId, range, ruleIds, events);
  // Tens of thousands of rows grouped into thousands: enough memory to hash them rather than sort
  // them on disk, and no parallel workers (their start-up and merge cost more than they save here).
  // Both set in one statement: every round trip to the database is a wait for the scheduler on a
  // busy machine.
  const { rows } = await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('work_mem', '32MB', true), set_config('max_parallel_workers_per_gather', '0', true)`.execute(
      tx,
    );
    return query.execute(tx);
  });
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * `rangeSums`' statement (the tests read its plan). Over every rule, each block's events are one
 * range of the totals' index by event (migration 9), so a block's other events are never read.
 */
export function rangeSumsQuery(
  workspaceId: string,
  range: { from: string; to: string },
  ruleIds: readonly string[] | null,
  events: readonly string[],
) {
  const pieces = rangePieces(range.from, range.to);
  const spans: number[] = [];
  const starts: string[] = [];
  for (const [span, list] of pieces.blocks)
    for (const start of list) {
      spans.push(span);
      starts.push(start);
    }
  const wanted = [...events];
  const rules = ruleIds ? [...ruleIds] : null;
  const ruleFilter = (column: RawBuilder<unknown>) => (rules ? sql`AND ${column} = ANY(${rules}::text[])` : sql``);
  // Every rule: the events are ranges of the index by event. A list of rules: one range of the
  // primary key per rule and block, the events checked in a hashed list. Both lists as conditions
  // of one index, PostgreSQL descends it once per pair of rule and event (300 descents per block
  // for 50 funnels' 6 events: a 3,300-row read took 20 ms, 5 this way).
  const eventFilter = (column: RawBuilder<unknown>) =>
    rules ? sql`${column} IN (SELECT unnest(${wanted}::text[]))` : sql`${column} = ANY(${wanted}::text[])`;
  return sql<{ rule_id: string; step_id: string; event: string; count: string }>`
    SELECT rule_id, step_id, event, sum(count)::bigint AS count FROM (
      SELECT t.rule_id, t.step_id, t.event, t.count
      FROM unnest(${spans}::int[], ${starts}::date[]) AS p (span, start)
      JOIN usage_totals AS t ON t.workspace_id = ${workspaceId} AND t.span = p.span AND t.start = p.start
      WHERE ${eventFilter(sql`t.event`)} ${ruleFilter(sql`t.rule_id`)}
      UNION ALL
      SELECT c.rule_id, c.step_id, c.event, c.count
      FROM usage_counters AS c
      WHERE c.workspace_id = ${workspaceId} AND c.day = ANY(${pieces.days}::date[])
        AND ${eventFilter(sql`c.event`)} ${ruleFilter(sql`c.rule_id`)}
      UNION ALL
      SELECT d.rule_id, d.step_id, d.event, d.count
      FROM usage_deltas AS d
      WHERE d.workspace_id = ${workspaceId} AND d.day >= ${range.from}::date AND d.day <= ${range.to}::date
        AND d.event = ANY(${wanted}::text[]) ${ruleFilter(sql`d.rule_id`)}
    ) AS u
    GROUP BY rule_id, step_id, event`;
}
