/**
 * Reading usage: the daily counters plus what is still in the ledger, summed per counter. A count
 * is in exactly one of the two tables, so the sum is exact whenever it is read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface UsageRow {
  day: string;
  ruleId: string;
  stepId: string;
  event: string;
  count: number;
}

export interface UsageQuery {
  from?: string;
  to?: string;
  ruleId?: string;
}

/** Counters of the workspace between `from` and `to` (UTC days, inclusive), by day, rule, step, event. */
export async function readUsage(db: Kysely<Database>, workspaceId: string, q: UsageQuery = {}): Promise<UsageRow[]> {
  const part = <T extends 'usage_counters' | 'usage_deltas'>(table: T) => {
    let query = db
      .selectFrom(table as 'usage_counters')
      .select(['day', 'rule_id', 'step_id', 'event', 'count'])
      .where('workspace_id', '=', workspaceId);
    if (q.from) query = query.where('day', '>=', q.from);
    if (q.to) query = query.where('day', '<=', q.to);
    if (q.ruleId) query = query.where('rule_id', '=', q.ruleId);
    return query;
  };
  const rows = await db
    .selectFrom(part('usage_counters').unionAll(part('usage_deltas')).as('u'))
    .select(['day', 'rule_id', 'step_id', 'event'])
    .select((eb) => eb.fn.sum<number>('count').as('count'))
    .groupBy(['day', 'rule_id', 'step_id', 'event'])
    .orderBy('day')
    .orderBy('rule_id')
    .orderBy('step_id')
    .orderBy('event')
    .execute();
  return rows.map((r) => ({
    day: r.day,
    ruleId: r.rule_id,
    stepId: r.step_id,
    event: r.event,
    count: Number(r.count),
  }));
}

/** The sum of every count of the workspace (what the fault tests compare with what they sent). */
export async function totalUsage(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const rows = await readUsage(db, workspaceId);
  return rows.reduce((sum, r) => sum + r.count, 0);
}
