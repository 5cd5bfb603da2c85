/**
 * Drafts and pack versions. A draft is kept as the author left it, valid or not; publishing
 * checks it, writes it into its pack as a new version and keeps that version (and the one before
 * the first publish), so the working version of a pack is never lost.
 */
import { FORMAT_VERSION, type Problem, type Rule, type RulePack } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import { readPack, storePack } from './packs';
import type { DraftRecord, PackSource, PackVersionRecord } from './records';

/** The pack a draft goes into when the author names none: help written in this browser. */
export const LOCAL_PACK = { id: 'written-here', name: 'Help written here' } as const;

/** How many versions of a pack are kept (the oldest go first). */
export const KEPT_VERSIONS = 50;

/** The origin of `url`, or undefined when it has none. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export interface DraftInput {
  id: string;
  rule: unknown;
  packId?: string;
  url?: string;
}

/** Saves a draft as it is now; the first save keeps when and where it was started. */
export async function saveDraft(db: StepwiseDatabase, input: DraftInput, now: number): Promise<DraftRecord> {
  return db.transaction('rw', db.drafts, async () => {
    const before = await db.drafts.get(input.id);
    const origin = originOf(input.url) ?? before?.origin;
    const draft: DraftRecord = {
      id: input.id,
      packId: input.packId ?? before?.packId ?? LOCAL_PACK.id,
      rule: input.rule,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      ...(origin && { origin }),
      ...((input.url ?? before?.url) && { url: input.url ?? before?.url }),
    };
    await db.drafts.put(draft);
    return draft;
  });
}

/** The drafts made on `url`'s site (every draft without one), newest first. */
export async function listDrafts(db: StepwiseDatabase, url?: string): Promise<DraftRecord[]> {
  const origin = originOf(url);
  const drafts = origin ? await db.drafts.where('origin').equals(origin).toArray() : await db.drafts.toArray();
  return drafts.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Keeps `pack` as a version (replacing nothing already kept), and drops the oldest past the limit. */
async function keepVersion(
  db: StepwiseDatabase,
  pack: RulePack,
  savedAt: number,
  reason: PackVersionRecord['reason'],
  ruleId?: string,
): Promise<void> {
  const key: [string, number] = [pack.id, pack.version];
  if (await db.packVersions.get(key)) return;
  await db.packVersions.put({
    packId: pack.id,
    version: pack.version,
    savedAt,
    reason,
    pack,
    ...(ruleId && { ruleId }),
  });
  const kept = await db.packVersions.where('packId').equals(pack.id).primaryKeys();
  if (kept.length > KEPT_VERSIONS) {
    const oldest = kept.sort((a, b) => a[1] - b[1]).slice(0, kept.length - KEPT_VERSIONS);
    await db.packVersions.bulkDelete(oldest);
  }
}

/** The validator `rules/` provides: the valid part of a pack and every problem. */
export type Parse = (input: unknown) => { pack: RulePack | null; problems: Problem[] };

/** Thrown inside a transaction to undo it, carrying the problems to report. */
class Refused extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

/** Stores `pack` (a new version of its pack) and keeps it; the version it replaces is kept too. */
async function replacePack(
  db: StepwiseDatabase,
  pack: RulePack,
  source: PackSource,
  now: number,
  reason: 'published' | 'restored',
  ruleId?: string,
): Promise<void> {
  const before = await db.packs.get(pack.id);
  if (before) await keepVersion(db, await readPack(db, before), before.importedAt, 'before');
  // A restore is the author's choice of a whole version (the one it replaces is kept): rules it
  // leaves out go. A publish only replaces or adds its rule.
  const stored = await storePack(db, pack, source, now, pack, reason === 'restored');
  // A publish stores one changed rule: its problem is that rule's (`id`, not `rules[3].id`).
  const problems =
    reason === 'published'
      ? stored.problems.map((p) => ({ ...p, path: p.path.replace(/^rules\[\d+\]\.?/, '') }))
      : stored.problems;
  if (!stored.stored || problems.length) throw new Refused(problems);
  await keepVersion(db, pack, now, reason, ruleId);
}

export type PublishResult =
  | { published: true; packId: string; version: number; team?: true }
  | { published: false; problems: Problem[] };

/** A draft's rule placed in its pack as the pack's next version, checked. */
export interface ComposedDraft {
  pack: RulePack;
  /** Where the pack came from (`local` for a pack the draft starts). */
  source: PackSource;
  /** The working version the draft goes into, if the pack has one. */
  baseVersion: number | null;
}

/**
 * The draft's rule, checked as an import would check it, in its pack (replacing the rule with its
 * id, or added at the end) as version `version` (the pack's next by default). Throws `Refused`
 * with the draft's own problems (paths from the rule: `steps[0].title`). Reads only.
 */
async function composeDraft(
  db: StepwiseDatabase,
  id: string,
  parse: Parse,
  now: number,
  options: { packName?: string; version?: number } = {},
): Promise<ComposedDraft> {
  const draft = await db.drafts.get(id);
  if (!draft) throw new Refused([{ path: '', message: `there is no draft "${id}" (it was published or deleted)` }]);
  if (typeof draft.rule !== 'object' || draft.rule === null || Array.isArray(draft.rule))
    throw new Refused([{ path: '', message: 'the draft is not a rule (a JSON object)' }]);
  const rule = { ...(draft.rule as Rule), id, status: 'published', updatedAt: new Date(now).toISOString() } as Rule;
  const current = await db.packs.get(draft.packId);
  const base: RulePack = (current && (await readPack(db, current))) ?? {
    format: FORMAT_VERSION,
    id: draft.packId,
    name: options.packName ?? (draft.packId === LOCAL_PACK.id ? LOCAL_PACK.name : draft.packId),
    version: 0,
    rules: [],
    checklists: [],
  };
  const at = base.rules.findIndex((r) => r.id === id);
  const rules = at === -1 ? [...base.rules, rule] : base.rules.map((r, i) => (i === at ? rule : r));
  const index = at === -1 ? rules.length - 1 : at;
  const parsed = parse({ ...base, version: options.version ?? base.version + 1, rules });
  // Only the draft's own problems stop it; the pack's other rules were checked when stored.
  const own = ruleProblemsAt(parsed.problems, index);
  if (own.length || !parsed.pack) throw new Refused(own.length ? own : parsed.problems);
  return { pack: parsed.pack, source: current?.source ?? 'local', baseVersion: current?.version ?? null };
}

/** The problems of `rules[index]`, with paths from the rule (`steps[0].title`). */
export function ruleProblemsAt(problems: readonly Problem[], index: number): Problem[] {
  const prefix = `rules[${index}]`;
  return problems
    .filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`))
    .map((p) => ({ ...p, path: p.path.slice(prefix.length).replace(/^\./, '') }));
}

/** Runs `work`, answering a refusal it throws as an unpublished result. */
async function refusalsAsResult<T>(work: () => Promise<T>): Promise<T | { published: false; problems: Problem[] }> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return { published: false, problems: error.problems };
    throw error;
  }
}

/**
 * Publishes a draft in this browser: its rule goes into its pack as the pack's next version (see
 * `composeDraft`). A draft with problems is refused with them; a published draft is removed.
 */
export async function publishDraft(
  db: StepwiseDatabase,
  id: string,
  parse: Parse,
  now: number,
  packName?: string,
): Promise<PublishResult> {
  return refusalsAsResult(() =>
    db.transaction('rw', [db.drafts, db.packs, db.rules, db.previousRules, db.packVersions], async () => {
      const { pack, source } = await composeDraft(db, id, parse, now, packName === undefined ? {} : { packName });
      await replacePack(db, pack, source, now, 'published', id);
      await db.drafts.delete(id);
      return { published: true as const, packId: pack.id, version: pack.version };
    }),
  );
}

/**
 * The draft as the next version of its pack, for publishing elsewhere (the team server) before it
 * is stored here: the composed pack, or the draft's problems. Nothing is written.
 */
export async function draftAsNextVersion(
  db: StepwiseDatabase,
  id: string,
  parse: Parse,
  now: number,
  version?: number,
): Promise<ComposedDraft | { published: false; problems: Problem[] }> {
  return refusalsAsResult(() => composeDraft(db, id, parse, now, version === undefined ? {} : { version }));
}

/**
 * Stores a version the team server has accepted for a draft (built by `draftAsNextVersion`): the
 * pack as the server now serves it, the version it replaces kept, and the draft removed.
 */
export async function storeTeamPublished(
  db: StepwiseDatabase,
  pack: RulePack,
  draftId: string,
  now: number,
): Promise<void> {
  await db.transaction('rw', [db.drafts, db.packs, db.rules, db.previousRules, db.packVersions], async () => {
    await replacePack(db, pack, 'server', now, 'published', draftId);
    await db.drafts.delete(draftId);
  });
}

/** A pack's kept versions, newest first. */
export async function packVersions(db: StepwiseDatabase, packId: string): Promise<PackVersionRecord[]> {
  const versions = await db.packVersions.where('packId').equals(packId).toArray();
  return versions.sort((a, b) => b.version - a.version);
}

/**
 * Makes a kept version the working one again, as the pack's next version: the version it replaces
 * stays kept, so a restore can itself be undone.
 */
export async function restoreVersion(
  db: StepwiseDatabase,
  packId: string,
  version: number,
  now: number,
): Promise<{ version: number; problems: Problem[] }> {
  try {
    return await db.transaction('rw', [db.packs, db.rules, db.previousRules, db.packVersions], async () => {
      const kept = await db.packVersions.get([packId, version]);
      if (!kept) throw new Refused([{ path: 'version', message: `pack "${packId}" has no kept version ${version}` }]);
      const current = await db.packs.get(packId);
      const next =
        Math.max(
          current?.version ?? 0,
          ...(await db.packVersions.where('packId').equals(packId).toArray()).map((v) => v.version),
        ) + 1;
      await replacePack(db, { ...kept.pack, version: next }, current?.source ?? 'local', now, 'restored');
      return { version: next, problems: [] };
    });
  } catch (error) {
    if (error instanceof Refused) return { version: 0, problems: error.problems };
    throw error;
  }
}
