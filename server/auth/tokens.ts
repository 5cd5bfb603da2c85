/**
 * Access tokens: `stw.<id>.<secret>`, random, shown once when made. Only the SHA-256 of the secret
 * is stored (the secret has 256 random bits, so a fast hash is enough); a presented token is
 * looked up by its id and its secret compared in constant time. Revoked tokens stay listed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { announce, type ChangeCache } from '../db/changes';
import type { Database, Role, TokenRow } from '../db/schema';

const PREFIX = 'stw';
const TOKEN_SHAPE = /^stw\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** Who is calling: the token's id, role and workspace. */
export interface Caller {
  tokenId: string;
  workspaceId: string;
  role: Role;
  name: string;
}

/** A token as admins see it (never its secret). */
export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function toTokenInfo(
  row: Pick<TokenRow, 'id' | 'name' | 'role' | 'created_at' | 'last_used_at' | 'revoked_at'>,
): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Makes a token for `workspaceId`; the returned `token` is the only copy of the secret. */
export async function createToken(
  db: Kysely<Database>,
  input: { workspaceId: string; role: Role; name: string; createdBy: string | null },
): Promise<{ token: string; info: TokenInfo }> {
  const id = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('tokens')
    .values({
      id,
      workspace_id: input.workspaceId,
      role: input.role,
      name: input.name,
      secret_hash: hash(secret),
      created_by: input.createdBy,
    })
    .returning(['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
  return { token: `${PREFIX}.${id}.${secret}`, info: toTokenInfo(row) };
}

/** Why a token was refused, in words for the caller. */
export type TokenRefusal = { reason: 'missing' | 'malformed' | 'unknown' | 'revoked'; message: string };

/**
 * Checks a presented token: the caller, or why not. The secret's hash is compared in constant time
 * (and hashed even for an unknown id, so timing says nothing about which ids exist).
 */
/** A token's row as authentication reads it (cached per process, forgotten when it is revoked). */
export type TokenLookup = Pick<TokenRow, 'id' | 'workspace_id' | 'role' | 'name' | 'secret_hash' | 'revoked_at'>;

export async function verifyToken(
  db: Kysely<Database>,
  presented: string | undefined,
  cache?: ChangeCache<TokenLookup | null>,
): Promise<Caller | TokenRefusal> {
  if (!presented) {
    return { reason: 'missing', message: 'Send your Stepwise token in the Authorization header: "Bearer stw.…"' };
  }
  const match = TOKEN_SHAPE.exec(presented);
  if (!match) {
    return { reason: 'malformed', message: 'This is not a Stepwise token: tokens look like "stw.<id>.<secret>"' };
  }
  const [, id, secret] = match as unknown as [string, string, string];
  const read = async () =>
    (await db
      .selectFrom('tokens')
      .select(['id', 'workspace_id', 'role', 'name', 'secret_hash', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst()) ?? null;
  // Unknown ids are not cached: guessing is throttled by the failed-attempt limit instead.
  const cached = cache ? await cache.get(id, read) : await read();
  const row = cached ?? undefined;
  const given = hash(secret);
  const stored = row ? Buffer.from(row.secret_hash) : Buffer.alloc(given.length);
  const same = stored.length === given.length && timingSafeEqual(stored, given);
  if (!row || !same) {
    return {
      reason: 'unknown',
      message: 'This token is not known to this server: check it, or ask an admin for a new one',
    };
  }
  if (row.revoked_at) {
    return {
      reason: 'revoked',
      message: `This token was revoked on ${row.revoked_at.toISOString().slice(0, 10)}: ask an admin of your workspace for a new one`,
    };
  }
  return { tokenId: row.id, workspaceId: row.workspace_id, role: row.role, name: row.name };
}

/** When this process last noted each token's use: most requests then need no database work. */
const touched = new Map<string, number>();

/** Notes when a token was last used, at most once a minute per token (no write on every request). */
export async function touchToken(db: Kysely<Database>, tokenId: string, now = new Date()): Promise<void> {
  const last = touched.get(tokenId);
  if (last !== undefined && now.getTime() - last < 60_000) return;
  touched.delete(tokenId);
  touched.set(tokenId, now.getTime());
  if (touched.size > 10_000) touched.delete(touched.keys().next().value!);
  const minuteAgo = new Date(now.getTime() - 60_000);
  await db
    .updateTable('tokens')
    .set({ last_used_at: now })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
}

/** The workspace's tokens, newest first. */
export async function listTokens(db: Kysely<Database>, workspaceId: string): Promise<TokenInfo[]> {
  const rows = await db
    .selectFrom('tokens')
    .select(['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toTokenInfo);
}

/** Revokes a token of the workspace; `null` when there is no such token there. */
export async function revokeToken(
  db: Kysely<Database>,
  workspaceId: string,
  tokenId: string,
  now = new Date(),
): Promise<TokenInfo | null> {
  await db.transaction().execute(async (tx) => {
    const revoked = await tx
      .updateTable('tokens')
      .set({ revoked_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    // Every server process forgets its copy of the token when this commits.
    if (revoked.numUpdatedRows > 0n) await announce(tx, `token:${tokenId}`);
  });
  const row = await db
    .selectFrom('tokens')
    .select(['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
  return row ? toTokenInfo(row) : null;
}

/** Creates a workspace and its first admin token (`npm run server -- init`). */
export async function createWorkspace(
  db: Kysely<Database>,
  input: { name: string; adminName: string },
): Promise<{ workspaceId: string; token: string; info: TokenInfo }> {
  const workspaceId = `ws_${randomBytes(9).toString('base64url')}`;
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('workspaces').values({ id: workspaceId, name: input.name }).execute();
    const made = await createToken(tx, { workspaceId, role: 'admin', name: input.adminName, createdBy: null });
    return { workspaceId, ...made };
  });
}
