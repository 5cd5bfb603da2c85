/**
 * Applies an installation's outbox batches exactly once. In one transaction: lock the
 * installation's row (made on first sight), keep the batches numbered above its `last_seq`, write
 * their effects (usage deltas into the ledger, requests and reports into the inbox) and raise
 * `last_seq` — so a batch is never half-applied, and one sent again is never counted twice.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { parsePack } from '../../rules/index';
import type { Caller } from '../auth/tokens';
import { withRetries } from '../db/retry';
import type { Database, NewInboxItem } from '../db/schema';
import { HttpError } from '../http/errors';
import type { Batch, PushBody, PushReply, UsageDeltaIn } from './schemas';

/** How usage reaches the database: appended to the ledger, or (the benchmark's baseline) one upsert per counter. */
export type UsageWrites = 'ledger' | 'naive';

/** Rows per INSERT (6 parameters each, well under PostgreSQL's 65,535). */
const CHUNK = 2000;

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

async function writeUsage(
  tx: Transaction<Database>,
  workspaceId: string,
  deltas: UsageDeltaIn[],
  mode: UsageWrites,
): Promise<void> {
  if (mode === 'naive') {
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
    return;
  }
  for (let i = 0; i < deltas.length; i += CHUNK) {
    await tx
      .insertInto('usage_deltas')
      .values(
        deltas.slice(i, i + CHUNK).map((d) => ({
          workspace_id: workspaceId,
          day: d.day,
          rule_id: d.ruleId,
          step_id: d.stepId,
          event: d.event,
          count: d.count,
        })),
      )
      .execute();
  }
}

export interface IngestOptions {
  usageWrites?: UsageWrites;
  /** Tests only: called inside the transaction after the effects are written, before `last_seq`. */
  beforeCommit?: () => Promise<void> | void;
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
  return withRetries(() =>
    db.transaction().execute(async (tx) => {
      const now = new Date();
      // Made on first sight; the upsert takes the row's lock, so pushes of one installation queue here.
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

      await writeUsage(tx, caller.workspaceId, sumDeltas(fresh), options.usageWrites ?? 'ledger');
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
