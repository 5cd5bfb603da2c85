/**
 * Published rule packs: each version immutable once published, validated by the same `parsePack`
 * the extension imports with; one current version per pack (a roll-back makes an earlier version
 * current again). Every change bumps the workspace's pack revision, which is the ETag of the
 * current packs: an extension that already has them gets a 304.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Problem, RulePack } from '../../rules/index';
import { parsePack } from '../../rules/index';
import type { Caller } from '../auth/tokens';
import { announce } from '../db/changes';
import type { Database } from '../db/schema';
import { HttpError } from '../http/errors';

export interface PackVersionInfo {
  version: number;
  name: string;
  rules: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface PackInfo {
  packId: string;
  name: string;
  /** The version members get; `null` once withdrawn. */
  currentVersion: number | null;
  updatedAt: string;
  versions: PackVersionInfo[];
}

export interface CurrentPacks {
  revision: number;
  packs: RulePack[];
}

/** The ETag of a workspace's current packs at `revision`. */
export const packsEtag = (revision: number): string => `"packs-${revision}"`;

async function bumpRevision(tx: Transaction<Database>, workspaceId: string): Promise<void> {
  await tx
    .updateTable('workspaces')
    .set((eb) => ({ packs_revision: eb('packs_revision', '+', 1) }))
    .where('id', '=', workspaceId)
    .execute();
  // Every server process forgets the revision it knew when this commits.
  await announce(tx, `packs:${workspaceId}`);
}

/** Rule ids of the workspace's other current packs, with the pack that holds each. */
async function ruleOwners(tx: Transaction<Database>, workspaceId: string, exceptPack: string) {
  const rows = await tx
    .selectFrom('packs as p')
    .innerJoin('pack_versions as v', (join) =>
      join
        .onRef('v.workspace_id', '=', 'p.workspace_id')
        .onRef('v.pack_id', '=', 'p.pack_id')
        .onRef('v.version', '=', 'p.current_version'),
    )
    .select(['p.pack_id', 'v.body'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.pack_id', '<>', exceptPack)
    .execute();
  const owners = new Map<string, string>();
  for (const row of rows) for (const rule of (row.body as RulePack).rules) owners.set(rule.id, row.pack_id);
  return owners;
}

/**
 * Publishes a pack as a new version. Refused with every problem (and its JSON path) when the pack
 * is not entirely valid, when its version is not newer than the last one published, or when a
 * rule id is already used by another pack of the workspace.
 */
export async function publishPack(
  db: Kysely<Database>,
  caller: Caller,
  input: unknown,
): Promise<PackVersionInfo & { packId: string }> {
  const parsed = parsePack(input);
  if (!parsed.pack || parsed.problems.length) {
    const problems = parsed.problems.length ? parsed.problems : [{ path: '', message: 'is not a rule pack' }];
    throw new HttpError(
      422,
      'invalid-pack',
      `The pack has ${plural(problems.length, 'problem')}; nothing was published`,
      {
        problems,
      },
    );
  }
  const pack = parsed.pack;
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('packs')
      .values({ workspace_id: caller.workspaceId, pack_id: pack.id, current_version: null })
      .onConflict((oc) => oc.columns(['workspace_id', 'pack_id']).doNothing())
      .execute();
    // Two admins publishing the same pack at once: one waits for the other.
    await tx
      .selectFrom('packs')
      .select('pack_id')
      .where('workspace_id', '=', caller.workspaceId)
      .where('pack_id', '=', pack.id)
      .forUpdate()
      .execute();
    const latest = await tx
      .selectFrom('pack_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('workspace_id', '=', caller.workspaceId)
      .where('pack_id', '=', pack.id)
      .executeTakeFirst();
    const last = latest?.version ?? null;
    if (last !== null && pack.version <= last) {
      throw new HttpError(
        409,
        'version-exists',
        pack.version === last
          ? `Version ${pack.version} of pack "${pack.id}" is already published, and published versions never change: publish this one as version ${last + 1}`
          : `Version ${pack.version} of pack "${pack.id}" is older than version ${last}, the last published: publish it as version ${last + 1} (or roll back to an earlier version)`,
        { problems: [{ path: 'version', message: `must be greater than ${last}` }] },
      );
    }
    const owners = await ruleOwners(tx, caller.workspaceId, pack.id);
    const clashes: Problem[] = [];
    pack.rules.forEach((rule, i) => {
      const owner = owners.get(rule.id);
      if (owner) {
        clashes.push({
          path: `rules[${i}].id`,
          message: `"${rule.id}" is already the id of a rule in pack "${owner}"; give this rule another id`,
        });
      }
    });
    if (clashes.length) {
      throw new HttpError(
        422,
        'invalid-pack',
        `The pack has ${plural(clashes.length, 'problem')}; nothing was published`,
        {
          problems: clashes,
        },
      );
    }
    const row = await tx
      .insertInto('pack_versions')
      .values({
        workspace_id: caller.workspaceId,
        pack_id: pack.id,
        version: pack.version,
        name: pack.name,
        body: JSON.stringify(pack),
        published_by: caller.tokenId,
      })
      .returning(['version', 'name', 'published_at', 'published_by'])
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('packs')
      .set({ current_version: pack.version, updated_at: new Date() })
      .where('workspace_id', '=', caller.workspaceId)
      .where('pack_id', '=', pack.id)
      .execute();
    await bumpRevision(tx, caller.workspaceId);
    return {
      packId: pack.id,
      version: row.version,
      name: row.name,
      rules: pack.rules.length,
      publishedAt: row.published_at.toISOString(),
      publishedBy: row.published_by,
    };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Every pack of the workspace with its versions, newest version first. */
export async function listPacks(db: Kysely<Database>, workspaceId: string, packId?: string): Promise<PackInfo[]> {
  let packsQuery = db
    .selectFrom('packs')
    .select(['pack_id', 'current_version', 'updated_at'])
    .where('workspace_id', '=', workspaceId);
  if (packId !== undefined) packsQuery = packsQuery.where('pack_id', '=', packId);
  const packs = await packsQuery.orderBy('pack_id').execute();
  if (!packs.length) return [];
  let versionsQuery = db
    .selectFrom('pack_versions')
    .select([
      'pack_id',
      'version',
      'name',
      'published_at',
      'published_by',
      sql<number>`jsonb_array_length(body -> 'rules')`.as('rules'),
    ])
    .where('workspace_id', '=', workspaceId);
  if (packId !== undefined) versionsQuery = versionsQuery.where('pack_id', '=', packId);
  const versions = await versionsQuery.orderBy('pack_id').orderBy('version', 'desc').execute();
  return packs.map((p) => {
    const own = versions.filter((v) => v.pack_id === p.pack_id);
    const current = own.find((v) => v.version === p.current_version) ?? own[0];
    return {
      packId: p.pack_id,
      name: current?.name ?? p.pack_id,
      currentVersion: p.current_version,
      updatedAt: p.updated_at.toISOString(),
      versions: own.map((v) => ({
        version: v.version,
        name: v.name,
        rules: Number(v.rules),
        publishedAt: v.published_at.toISOString(),
        publishedBy: v.published_by,
      })),
    };
  });
}

/** One published version, as it was published. */
export async function getPackVersion(
  db: Kysely<Database>,
  workspaceId: string,
  packId: string,
  version: number,
): Promise<RulePack> {
  const row = await db
    .selectFrom('pack_versions')
    .select('body')
    .where('workspace_id', '=', workspaceId)
    .where('pack_id', '=', packId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new HttpError(404, 'not-found', `Pack "${packId}" has no version ${version} in this workspace`);
  return row.body as RulePack;
}

/**
 * Makes a published version current again (a roll-back, or forward again), or withdraws the pack
 * (`version: null`): members' extensions then remove it.
 */
export async function setCurrentVersion(
  db: Kysely<Database>,
  workspaceId: string,
  packId: string,
  version: number | null,
): Promise<PackInfo> {
  await db.transaction().execute(async (tx) => {
    const pack = await tx
      .selectFrom('packs')
      .select('current_version')
      .where('workspace_id', '=', workspaceId)
      .where('pack_id', '=', packId)
      .forUpdate()
      .executeTakeFirst();
    if (!pack) throw new HttpError(404, 'not-found', `There is no pack "${packId}" in this workspace`);
    if (version !== null) {
      const exists = await tx
        .selectFrom('pack_versions')
        .select('version')
        .where('workspace_id', '=', workspaceId)
        .where('pack_id', '=', packId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!exists) {
        throw new HttpError(404, 'not-found', `Pack "${packId}" has no version ${version}: list its versions first`);
      }
      if (pack.current_version !== version) {
        const owners = await ruleOwners(tx, workspaceId, packId);
        const body = await getPackVersion(tx, workspaceId, packId, version);
        const clash = body.rules.find((r) => owners.has(r.id));
        if (clash) {
          throw new HttpError(
            409,
            'rule-id-in-use',
            `Version ${version} has rule "${clash.id}", now the id of a rule in pack "${owners.get(clash.id)}"`,
          );
        }
      }
    }
    if (pack.current_version === version) return;
    await tx
      .updateTable('packs')
      .set({ current_version: version, updated_at: new Date() })
      .where('workspace_id', '=', workspaceId)
      .where('pack_id', '=', packId)
      .execute();
    await bumpRevision(tx, workspaceId);
  });
  return (await listPacks(db, workspaceId, packId))[0]!;
}

/** The workspace's pack revision (cheap: answers a conditional pull). */
export async function packsRevision(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('workspaces')
    .select('packs_revision')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.packs_revision;
}

/** The current version of every pack that is not withdrawn, read in one snapshot with its revision. */
export async function currentPacks(db: Kysely<Database>, workspaceId: string): Promise<CurrentPacks> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const revision = await packsRevision(tx, workspaceId);
      const rows = await tx
        .selectFrom('packs as p')
        .innerJoin('pack_versions as v', (join) =>
          join
            .onRef('v.workspace_id', '=', 'p.workspace_id')
            .onRef('v.pack_id', '=', 'p.pack_id')
            .onRef('v.version', '=', 'p.current_version'),
        )
        .select('v.body')
        .where('p.workspace_id', '=', workspaceId)
        .orderBy('p.pack_id')
        .execute();
      return { revision, packs: rows.map((r) => r.body as RulePack) };
    });
}
