/**
 * How the team insights read their sums, on PGlite and PostgreSQL, over a workspace of 150
 * walkthroughs × 11 counters × 32 days (part rolled up, part still in the ledger): the range totals
 * are read by event (migration 9's index), or for a list of rules by rule; the funnels' days one
 * rule's index range at a time and summed per day in the index's order; and each gives exactly what
 * summing the counters and the ledger gives.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../auth/tokens';
import { type OpenDatabase, openDatabase } from '../db/open';
import type { Database } from '../db/schema';
import { rollupAll } from '../usage/rollup';
import { runDays, runDaysQuery } from '../usage/step-days';
import { rangeSums, rangeSumsQuery } from '../usage/totals';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './helpers/databases';

const RULES = 150;
const DAYS = 32;
const TO = '2026-03-31';
const FROM = '2026-03-02';
const COUNTERS = [
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

/** One ledger row per day of `days` (days before TO), as members' pushes arrive. */
function pushDays(db: Kysely<Database>, workspaceId: string, days: { first: number; last: number }) {
  return sql`
    INSERT INTO usage_ledger (workspace_id, days, rule_ids, step_ids, events, counts)
    SELECT ${workspaceId}, array_agg(${TO}::date - d), array_agg('w' || r), array_agg(c.step), array_agg(c.event),
           array_agg(1 + (r * 7 + d) % 9)
    FROM generate_series(${days.first}::int, ${days.last}::int) AS d, generate_series(0, ${RULES - 1}::int) AS r,
         (SELECT * FROM unnest(${COUNTERS.map((c) => c[0])}::text[], ${COUNTERS.map((c) => c[1])}::text[])) AS c (step, event)
    GROUP BY d`.execute(db);
}

interface PlanNode {
  'Node Type': string;
  Strategy?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Group Key'?: string[];
  Plans?: PlanNode[];
}

async function planOf(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<PlanNode> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  const json = rows[0]!['QUERY PLAN'];
  return (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan;
}

/** Every node reading `relation`, with the nodes above it (nearest first). */
function readsOf(node: PlanNode, relation: string, above: PlanNode[] = []): { node: PlanNode; above: PlanNode[] }[] {
  const here = node['Relation Name'] === relation ? [{ node, above }] : [];
  return [...here, ...(node.Plans ?? []).flatMap((p) => readsOf(p, relation, [node, ...above]))];
}

const dropped: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dropped) await d.drop();
});

describe.each(DATABASE_KINDS)('team insights reads on %s', (kind) => {
  let database: OpenDatabase;
  let workspaceId: string;
  beforeAll(async () => {
    const test = await createTestDatabase(kind);
    dropped.push(test);
    database = await openDatabase(test);
    const ws = await createWorkspace(database.db, { name: 'Reads', adminName: 'Admin' });
    workspaceId = ws.workspaceId;
    // 30 days rolled up into the counters, totals and step days; then 4 in the ledger, the two
    // latest new, the two before already counted there too.
    await pushDays(database.db, workspaceId, { first: 2, last: DAYS - 1 });
    await rollupAll(database.db);
    await pushDays(database.db, workspaceId, { first: 0, last: 3 });
    await sql`ANALYZE`.execute(database.db);
  }, 120_000);
  afterAll(() => database?.close());

  /** Sums of the counters and the ledger over the range, the plain way. */
  async function plainSums(events: string[]) {
    const { rows } = await sql<{ rule_id: string; step_id: string; event: string; count: string }>`
      SELECT rule_id, step_id, event, sum(count)::bigint AS count FROM (
        SELECT rule_id, step_id, event, count, day FROM usage_counters WHERE workspace_id = ${workspaceId}
        UNION ALL
        SELECT rule_id, step_id, event, count, day FROM usage_deltas WHERE workspace_id = ${workspaceId}
      ) AS u
      WHERE event = ANY(${events}::text[]) AND day >= ${FROM}::date AND day <= ${TO}::date
      GROUP BY 1, 2, 3`.execute(database.db);
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
  const order = (a: { rule_id: string; step_id: string; event: string }, b: typeof a) =>
    a.rule_id.localeCompare(b.rule_id) || a.step_id.localeCompare(b.step_id) || a.event.localeCompare(b.event);

  it('read the range totals by event, and sum as the counters and the ledger do', async () => {
    const events = ['shown', 'target-missing'];
    const plan = await planOf(database.db, rangeSumsQuery(workspaceId, { from: FROM, to: TO }, null, events));
    const reads = readsOf(plan, 'usage_totals');
    expect(reads.length).toBeGreaterThan(0);
    for (const { node } of reads) expect(node['Index Name']).toBe('usage_totals_by_event');
    const sums = await rangeSums(database.db, workspaceId, { from: FROM, to: TO }, null, events);
    expect(sums.length).toBe(RULES * 5);
    expect(sums.sort(order)).toEqual((await plainSums(events)).sort(order));
  });

  it('read a list of rules’ totals one index range per rule and block, the events checked by hash', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `w${i * 3}`);
    const events = ['shown', 'completed', 'dismissed', 'target-missing', 'helpful', 'unhelpful'];
    const plan = await planOf(database.db, rangeSumsQuery(workspaceId, { from: FROM, to: TO }, ids, events));
    const reads = readsOf(plan, 'usage_totals');
    expect(reads.length).toBeGreaterThan(0);
    for (const { node } of reads) {
      // Both lists in the index condition make PostgreSQL descend the index once per rule and event.
      expect(node['Index Cond']).toContain('rule_id');
      expect(node['Index Cond']).not.toContain('event');
    }
    const sums = await rangeSums(database.db, workspaceId, { from: FROM, to: TO }, ids, events);
    const chosen = new Set(ids);
    expect(sums.sort(order)).toEqual((await plainSums(events)).filter((r) => chosen.has(r.rule_id)).sort(order));
  });

  it('read each funnel’s days as one index range, summed per day as they come, with the ledger’s part', async () => {
    const walkthroughs = Array.from({ length: 50 }, (_, i) => ({ ruleId: `w${i * 3}`, firstStep: 'open' }));
    const plan = await planOf(database.db, runDaysQuery(workspaceId, { from: FROM, to: TO }, walkthroughs));
    const reads = readsOf(plan, 'usage_step_days');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.node['Index Name']).toBe('usage_step_days_pkey');
    // The nearest aggregate above the step days groups one rule's rows by day, in the index's order.
    const aggregate = reads[0]!.above.find((n) => n['Node Type'] === 'Aggregate')!;
    expect(aggregate.Strategy).toBe('Sorted');
    expect(aggregate['Group Key']).toEqual(['s.day']);

    const days = await runDays(database.db, workspaceId, { from: FROM, to: TO }, walkthroughs);
    const plain = await plainSums(['shown', 'completed']);
    const chosen = new Set(walkthroughs.map((w) => w.ruleId));
    const totals = new Map<string, { started: number; completed: number }>();
    for (const r of plain) {
      if (!chosen.has(r.rule_id)) continue;
      const t = totals.get(r.rule_id) ?? { started: 0, completed: 0 };
      if (r.event === 'shown' && r.step_id === 'open') t.started += r.count;
      if (r.event === 'completed') t.completed += r.count;
      totals.set(r.rule_id, t);
    }
    // A row per rule and day (the days in the ledger too, added to their step days once).
    expect(days).toHaveLength(50 * 30);
    expect(new Set(days.map((d) => `${d.rule_id} ${d.day}`)).size).toBe(days.length);
    const summed = new Map<string, { started: number; completed: number }>();
    for (const d of days) {
      const t = summed.get(d.rule_id) ?? { started: 0, completed: 0 };
      t.started += d.started;
      t.completed += d.completed;
      summed.set(d.rule_id, t);
    }
    expect(summed).toEqual(totals);
  });
});
