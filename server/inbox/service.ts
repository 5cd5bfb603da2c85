/**
 * The inbox: "I'm stuck" requests, "No" comments, tip suggestions and target-missing reports as
 * they arrived from members' outboxes. Admins list them and mark them resolved (or open again).
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/tokens';
import type { Database, InboxKind } from '../db/schema';
import { HttpError } from '../http/errors';

export interface InboxItem {
  id: string;
  kind: InboxKind;
  status: 'open' | 'resolved';
  ruleId: string | null;
  stepId: string | null;
  url: string | null;
  text: string | null;
  details: Record<string, unknown>;
  /** Who sent it: the name on their token. */
  from: string | null;
  createdAt: string;
  receivedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface InboxQuery {
  kind?: InboxKind;
  status?: 'open' | 'resolved';
  limit?: number;
  /** Items received before this one (the previous page's last id). */
  after?: string;
}

const COLUMNS = [
  'i.id',
  'i.kind',
  'i.status',
  'i.rule_id',
  'i.step_id',
  'i.url',
  'i.text',
  'i.details',
  'i.created_at',
  'i.received_at',
  'i.resolved_at',
  'i.resolution',
  't.name as from_name',
] as const;

function baseQuery(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('inbox_items as i')
    .leftJoin('tokens as t', 't.id', 'i.token_id')
    .select(COLUMNS)
    .where('i.workspace_id', '=', workspaceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toItem(r: Row): InboxItem {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    ruleId: r.rule_id,
    stepId: r.step_id,
    url: r.url,
    text: r.text,
    details: r.details,
    from: r.from_name,
    createdAt: r.created_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    resolution: r.resolution,
  };
}

/** Items of the workspace, newest first. */
export async function listInbox(db: Kysely<Database>, workspaceId: string, q: InboxQuery = {}): Promise<InboxItem[]> {
  let query = baseQuery(db, workspaceId);
  if (q.kind) query = query.where('i.kind', '=', q.kind);
  if (q.status) query = query.where('i.status', '=', q.status);
  if (q.after) {
    const known = await db
      .selectFrom('inbox_items')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', q.after)
      .executeTakeFirst();
    if (!known) throw new HttpError(400, 'invalid-querystring', `"after" names no item of this workspace: ${q.after}`);
    // Compared in the database: its timestamps are finer than a JavaScript Date.
    const id = q.after;
    query = query.where((eb) => {
      const after = eb.selectFrom('inbox_items as a').select('a.received_at').where('a.id', '=', id);
      return eb.or([eb('i.received_at', '<', after), eb.and([eb('i.received_at', '=', after), eb('i.id', '>', id)])]);
    });
  }
  const rows = await query
    .orderBy('i.received_at', 'desc')
    .orderBy('i.id')
    .limit(q.limit ?? 100)
    .execute();
  return rows.map(toItem);
}

/** Marks an item resolved (with an optional note) or open again. */
export async function setInboxStatus(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  change: { status: 'open' | 'resolved'; resolution?: string },
): Promise<InboxItem> {
  const resolved = change.status === 'resolved';
  const updated = await db
    .updateTable('inbox_items')
    .set({
      status: change.status,
      resolved_at: resolved ? new Date() : null,
      resolved_by: resolved ? caller.tokenId : null,
      resolution: resolved ? (change.resolution ?? null) : null,
    })
    .where('workspace_id', '=', caller.workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!updated.numUpdatedRows) throw new HttpError(404, 'not-found', `There is no inbox item ${id} in this workspace`);
  return toItem(await baseQuery(db, caller.workspaceId).where('i.id', '=', id).executeTakeFirstOrThrow());
}
