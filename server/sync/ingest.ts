/**
 * Applies an installation's outbox batches exactly once. In one transaction: lock the
 * installation's row (made on first sight), keep the batches numbered above its `last_seq`, write
 * their effects (usage deltas into the ledger, requests and reports into the inbox) and raise
 * `last_seq` — so a batch is never half-applied, and one sent again is never counted twice.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { parsePack } from '../../rules/index';
import type { Caller } from '../auth/tokens';
import { PREPARED } from '../db/prepared';
import { withRetries } from '../db/retry';
import type { Database, NewInboxItem } from '../db/schema';
import { HttpError } from '../http/errors';
import { addToStepDays } from '../usage/step-days';
import { addToTotals } from '../usage/totals';
import type { Batch, PushBody, PushReply, UsageDeltaIn } from './schemas';

/** How usage reaches the database: appended to the ledger, or (the benchmark's baseline) one upsert per counter. */
export type UsageWrites = 'ledger' | 'naive';

function key(d: UsageDeltaIn): string {
  return `${d.day}\u0000${d.ruleId}\u0000${d.stepId}\u0000${d.event}`;
}

/** Sums the deltas of several batches by counter, sorted by counter (a stable lock order). */
export function sumDeltas(batches: readonly Batch[]): UsageDeltaIn[] {
  const sums = new Map<string, UsageDeltaIn>();
  for (const batch of batches) {
    if (batch.kind !== 'usage') continue;
    for (const d of batch.deltas) {
      const k = key(d);
      const known = sums.get(k);
      if (known) known.count += d.count;
      else sums.set(k, { ...d });
    }
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

function inboxItem(caller: Caller, installationId: string, batch: Batch): NewInboxItem | null {
  const base = {
    id: randomUUID(),
    workspace_id: caller.workspaceId,
    installation_id: installationId,
    seq: batch.seq,
    token_id: caller.tokenId,
    created_at: new Date(batch.createdAt),
  };
  switch (batch.kind) {
    case 'usage':
      return null;
    case 'help':
      return {
        ...base,
        kind: 'help',
        client_id: batch.id,
        rule_id: batch.ruleId ?? null,
        step_id: batch.stepId ?? null,
        url: batch.url ?? null,
        text: batch.text,
        details: JSON.stringify(batch.context ?? {}),
      };
    case 'comment':
      return {
        ...base,
        kind: 'comment',
        client_id: batch.id,
        rule_id: batch.ruleId,
        step_id: batch.stepId ?? null,
        url: batch.url ?? null,
        text: batch.text,
        details: '{}',
      };
    case 'suggestion': {
      // Checked with the pack schema; a tip with problems is still kept (with them) for an admin.
      const parsed = parsePack({
        format: 2,
        id: 'suggestion',
        name: 'Suggestion',
        version: 1,
        rules: [batch.rule],
        checklists: [],
      });
      const problems = parsed.problems.map((p) => ({ ...p, path: p.path.replace(/^rules\[0\]\.?/, 'rule.') }));
      return {
        ...base,
        kind: 'suggestion',
        client_id: batch.id,
        rule_id: typeof batch.rule.id === 'string' ? batch.rule.id.slice(0, 200) : null,
        step_id: null,
        url: null,
        text: batch.text ?? null,
        details: JSON.stringify({ rule: batch.rule, problems }),
      };
    }
    case 'target-missing':
      return {
        ...base,
        kind: 'target-missing',
        client_id: null,
        rule_id: batch.ruleId,
        step_id: batch.stepId ?? null,
        url: batch.url,
        text: null,
        details: JSON.stringify({ count: batch.count, ...(batch.selector && { selector: batch.selector }) }),
      };
  }
}

/**
 * The naive baseline's usage writes: one upsert per counter, in a stable lock order; then the
 * range totals and the step days the insights read, in the same transaction (one statement each).
 */
async function writeUsageNaive(tx: Transaction<Database>, workspaceId: string, deltas: UsageDeltaIn[]): Promise<void> {
  if (!deltas.length) return;
  for (const d of deltas) {
    await tx
      .insertInto('usage_counters')
      .values({
        workspace_id: workspaceId,
        day: d.day,
        rule_id: d.ruleId,
        step_id: d.stepId,
        event: d.event,
        count: d.count,
      })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'day', 'rule_id', 'step_id', 'event'])
          .doUpdateSet((eb) => ({ count: eb('usage_counters.count', '+', eb.ref('excluded.count')) })),
      )
      .execute();
  }
  const source = sql`(
    SELECT ${workspaceId}::text AS workspace_id, d.day, d.rule_id, d.step_id, d.event, d.count
    FROM unnest(${deltas.map((d) => d.day)}::date[], ${deltas.map((d) => d.ruleId)}::text[],
                ${deltas.map((d) => d.stepId)}::text[], ${deltas.map((d) => d.event)}::text[],
                ${deltas.map((d) => d.count)}::bigint[]) AS d (day, rule_id, step_id, event, count)
  )`;
  await addToTotals(source).execute(tx);
  await addToStepDays(source).execute(tx);
}

export interface IngestOptions {
  usageWrites?: UsageWrites;
  /** Tests only: called inside the transaction after the effects are written, before it commits. */
  beforeCommit?: () => Promise<void> | void;
}

/**
 * What one push writes: its usage deltas as parallel columns (in batch order), where each usage
 * batch starts in them, and its inbox items.
 */
export interface PushColumns {
  days: string[];
  rules: string[];
  steps: string[];
  events: string[];
  counts: number[];
  /** Each usage batch's seq, ascending, and the 1-based index of its first delta in the columns. */
  batchSeqs: number[];
  batchStarts: number[];
  /** Inbox items (requests, comments, suggestions, reports), as JSON with their batch's seq. */
  items: string;
  maxSeq: number;
}

/**
 * The push's deltas as columns (no summing: the roll-up sums) and its inbox items as JSON.
 * `batches` must be sorted by seq: the deltas of the batches above any number are then the
 * columns' tail, from the first such batch's start.
 */
export function pushColumns(caller: Caller, installationId: string, batches: readonly Batch[]): PushColumns {
  const cols: PushColumns = {
    days: [],
    rules: [],
    steps: [],
    events: [],
    counts: [],
    batchSeqs: [],
    batchStarts: [],
    items: '[]',
    maxSeq: 0,
  };
  const items: unknown[] = [];
  for (const batch of batches) {
    if (batch.seq > cols.maxSeq) cols.maxSeq = batch.seq;
    if (batch.kind === 'usage') {
      cols.batchSeqs.push(batch.seq);
      cols.batchStarts.push(cols.days.length + 1);
      for (const d of batch.deltas) {
        cols.days.push(d.day);
        cols.rules.push(d.ruleId);
        cols.steps.push(d.stepId);
        cols.events.push(d.event);
        cols.counts.push(d.count);
      }
      continue;
    }
    const item = inboxItem(caller, installationId, batch);
    if (item) items.push({ ...item, details: JSON.parse(item.details as string), created_at: item.created_at });
  }
  if (items.length) cols.items = JSON.stringify(items);
  return cols;
}

/**
 * One push as one statement: the upsert of the installation's row takes its lock (pushes of one
 * installation queue here, across server processes too), raises `last_seq` and keeps the number it
 * replaced in `prev_seq`; the ledger and inbox inserts keep only the batches numbered above that.
 * The push's fresh deltas become one ledger row of parallel arrays: the columns' tail from the
 * first fresh usage batch (the batches are sorted), sliced as they came, with no row per delta in
 * between; none when nothing is fresh. One statement is one transaction: all of it is applied, or
 * none; and one round trip. On PostgreSQL it is a prepared statement (`PREPARED`): parsed and
 * planned once per connection, not on every push.
 */
function pushStatement(caller: Caller, installationId: string, cols: PushColumns) {
  const ws = caller.workspaceId;
  return sql<{ prev_seq: number }>`${sql.raw(PREPARED('push'))}
    WITH inst AS (
      INSERT INTO installations AS i (workspace_id, id, token_id, last_seq, prev_seq)
      VALUES (${ws}, ${installationId}, ${caller.tokenId}, ${cols.maxSeq}, 0)
      ON CONFLICT (workspace_id, id) DO UPDATE
        SET prev_seq = i.last_seq,
            last_seq = GREATEST(i.last_seq, EXCLUDED.last_seq),
            last_seen_at = now(),
            token_id = EXCLUDED.token_id
      RETURNING prev_seq
    ),
    deltas AS (
      SELECT ${cols.days}::date[] AS days, ${cols.rules}::text[] AS rule_ids, ${cols.steps}::text[] AS step_ids,
             ${cols.events}::text[] AS events, ${cols.counts}::bigint[] AS counts,
             (SELECT min(b.start) FROM unnest(${cols.batchSeqs}::bigint[], ${cols.batchStarts}::int[]) AS b(seq, start)
              WHERE b.seq > inst.prev_seq) AS start
      FROM inst
    ),
    usage AS (
      INSERT INTO usage_ledger (workspace_id, days, rule_ids, step_ids, events, counts)
      SELECT ${ws}, d.days[d.start:], d.rule_ids[d.start:], d.step_ids[d.start:], d.events[d.start:], d.counts[d.start:]
      FROM deltas AS d
      WHERE d.start <= cardinality(d.days)
    ),
    items AS (
      INSERT INTO inbox_items (id, workspace_id, kind, installation_id, seq, client_id, token_id, rule_id, step_id,
                               url, text, details, created_at)
      SELECT r.id, ${ws}, r.kind, ${installationId}, r.seq, r.client_id, ${caller.tokenId}, r.rule_id, r.step_id,
             r.url, r.text, r.details, r.created_at
      FROM jsonb_to_recordset(${cols.items}::jsonb) AS r(id text, kind text, seq bigint, client_id text, rule_id text,
             step_id text, url text, text text, details jsonb, created_at timestamptz),
           inst
      WHERE r.seq > inst.prev_seq
    )
    SELECT prev_seq FROM inst`;
}

/** The naive baseline (`USAGE_WRITES=naive`): one upsert per counter, in a transaction. */
async function ingestNaive(
  db: Kysely<Database>,
  caller: Caller,
  body: PushBody,
  batches: Batch[],
  options: IngestOptions,
): Promise<PushReply> {
  return withRetries(() =>
    db.transaction().execute(async (tx) => {
      const now = new Date();
      const installation = await tx
        .insertInto('installations')
        .values({ workspace_id: caller.workspaceId, id: body.installationId, token_id: caller.tokenId })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'id']).doUpdateSet({ last_seen_at: now, token_id: caller.tokenId }),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const last = installation.last_seq;
      const fresh = batches.filter((b) => b.seq > last);
      const duplicates = batches.filter((b) => b.seq <= last).map((b) => b.seq);
      if (!fresh.length) return { lastSeq: last, applied: [], duplicates };

      await writeUsageNaive(tx, caller.workspaceId, sumDeltas(fresh));
      const items = fresh.map((b) => inboxItem(caller, body.installationId, b)).filter((i) => i !== null);
      if (items.length) await tx.insertInto('inbox_items').values(items).execute();
      await options.beforeCommit?.();
      const lastSeq = fresh[fresh.length - 1]!.seq;
      await tx
        .updateTable('installations')
        .set({ last_seq: lastSeq })
        .where('workspace_id', '=', caller.workspaceId)
        .where('id', '=', body.installationId)
        .execute();
      return { lastSeq, applied: fresh.map((b) => b.seq), duplicates };
    }),
  );
}

/** Applies a push from one installation; answers which batches it applied and which it had already. */
export async function ingest(
  db: Kysely<Database>,
  caller: Caller,
  body: PushBody,
  options: IngestOptions = {},
): Promise<PushReply> {
  const batches = [...body.batches].sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < batches.length; i++) {
    if (batches[i]!.seq === batches[i - 1]!.seq) {
      throw new HttpError(400, 'invalid-body', `Batch number ${batches[i]!.seq} appears twice in this push`, {
        problems: [{ path: 'batches', message: `seq ${batches[i]!.seq} appears twice` }],
      });
    }
  }
  if (options.usageWrites === 'naive') return ingestNaive(db, caller, body, batches, options);
  const cols = pushColumns(caller, body.installationId, batches);
  const statement = pushStatement(caller, body.installationId, cols);
  const run = async (): Promise<number> => {
    if (!options.beforeCommit) return (await statement.execute(db)).rows[0]!.prev_seq;
    // Tests: the same statement in an explicit transaction, so a failure can strike before commit.
    return db.transaction().execute(async (tx) => {
      const prev = (await statement.execute(tx)).rows[0]!.prev_seq;
      await options.beforeCommit?.();
      return prev;
    });
  };
  const prev = await withRetries(run);
  const applied = batches.filter((b) => b.seq > prev).map((b) => b.seq);
  const duplicates = batches.filter((b) => b.seq <= prev).map((b) => b.seq);
  return { lastSeq: Math.max(prev, cols.maxSeq), applied, duplicates };
}
