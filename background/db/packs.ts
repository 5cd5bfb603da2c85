/**
 * Rule packs in the database: a record per pack (its head: name, checklists…, and its rules
 * counted) and a record per rule (`pack-rules.ts`), the previous version's rules in slices.
 * Validation is the engine's (`parsePack` in `rules/`); this module decides what a valid pack
 * replaces, and keeps rule ids unique across packs.
 */
import type { Problem, Rule, RulePack } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { StoreHealth } from './health';
import {
  countRules,
  deletePreviousRules,
  deleteRules,
  putPreviousRules,
  putRules,
  readPreviousRules,
  readRuleRecords,
  ruleOwners,
} from './pack-rules';
import { quarantine } from './quarantine';
import type { PackHead, PackRecord, PackSource, RuleRecord } from './records';

export interface StoredPack {
  /** Rules stored. */
  imported: number;
  /** Valid rules not stored (their id belongs to another pack). */
  skipped: number;
  problems: Problem[];
  /** False when nothing was stored (an older version than the one installed, or rules to be lost). */
  stored: boolean;
  /**
   * Rules of the working version the update would remove (missing from it, or invalid in it). The
   * update is applied only when the import confirms their loss; then they can still be restored.
   */
  dropped?: { id: string; name: string }[];
}

/** The index of the rule with `id` in the input pack, for a problem's JSON path. */
function inputIndex(input: unknown, id: string, fallback: number): number {
  const rules = (input as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) return fallback;
  const i = rules.findIndex((r) => (r as { id?: unknown })?.id === id);
  return i === -1 ? fallback : i;
}

/**
 * Stores a validated pack, replacing an earlier version of it (same id) in one transaction. An
 * older version than the one stored is refused; a rule whose id another pack already uses is
 * skipped with a problem naming both. The rules are written a page at a time (`pack-rules.ts`):
 * the background answers other messages meanwhile, and a failure leaves the working version.
 */
export async function storePack(
  db: StepwiseDatabase,
  pack: RulePack,
  source: PackSource,
  now: number,
  input: unknown = pack,
  /** The admin saw which rules the update removes and wants it anyway. */
  confirmDrop = false,
): Promise<StoredPack> {
  return db.transaction('rw', [db.packs, db.rules, db.previousRules], async () => {
    const before = await db.packs.get(pack.id);
    if (before && typeof before.version === 'number' && before.version > pack.version) {
      const problem = {
        path: 'version',
        message: `version ${pack.version} is older than the version ${before.version} already imported; remove that pack first to go back`,
      };
      return { imported: 0, skipped: pack.rules.length, problems: [problem], stored: false };
    }
    const working = await readRuleRecords(db, pack.id);
    const kept = before && readablePack(before);
    const dropped = kept ? droppedRules(working, pack) : [];
    if (dropped.length && !confirmDrop) {
      const names = dropped.slice(0, 5).map((r) => `"${r.name}"`);
      const more = dropped.length > 5 ? ` and ${dropped.length - 5} more` : '';
      const problem = {
        path: 'rules',
        message: `this update would remove ${dropped.length} of the ${working.length} rules of the working version (${names.join(', ')}${more}): nothing was changed. Fix the pack, or import it again confirming the loss (the working version is kept and can be restored)`,
      };
      return { imported: 0, skipped: pack.rules.length, problems: [problem], stored: false, dropped };
    }
    const owners = await ownersElsewhere(db, working, pack.rules);
    const problems: Problem[] = [];
    const rules: Rule[] = [];
    pack.rules.forEach((rule, i) => {
      const owner = owners.get(rule.id);
      if (owner !== undefined && owner !== pack.id) {
        problems.push({
          path: `rules[${inputIndex(input, rule.id, i)}].id`,
          message: `"${rule.id}" is already the id of a rule in pack "${owner}"; give this rule another id`,
        });
      } else rules.push(rule);
    });
    // The version replaced, kept so it can be restored (one level: the last working version).
    const previous = kept ? previousOf(before, working) : undefined;
    if (previous)
      await putPreviousRules(
        db,
        pack.id,
        working.map((r) => r.rule),
      );
    else await deletePreviousRules(db, pack.id);
    await replaceRules(db, pack.id, working, rules);
    const { rules: _, ...head } = pack;
    await db.packs.put({
      id: pack.id,
      name: pack.name,
      version: pack.version,
      source,
      enabled: before?.enabled ?? true,
      importedAt: now,
      pack: head,
      counts: countRules(rules),
      ...(previous && { previous }),
    });
    return {
      imported: rules.length,
      skipped: pack.rules.length - rules.length,
      problems,
      stored: true,
      ...(dropped.length && { dropped }),
    };
  });
}

/**
 * The packs other than this one that hold ids of `rules`, by rule id: only ids the working version
 * does not hold can belong to another pack, so only those are looked up.
 */
async function ownersElsewhere(
  db: StepwiseDatabase,
  working: readonly RuleRecord[],
  rules: readonly Rule[],
): Promise<Map<string, string>> {
  const mine = new Set(working.map((r) => r.id));
  return ruleOwners(
    db,
    rules.filter((r) => !mine.has(r.id)).map((r) => r.id),
  );
}

/** Makes `rules` the working version of `packId` in place of `working` (its records as read). */
async function replaceRules(
  db: StepwiseDatabase,
  packId: string,
  working: readonly RuleRecord[],
  rules: readonly Rule[],
): Promise<void> {
  const stays = new Set(rules.map((r) => r.id));
  await deleteRules(
    db,
    working.filter((r) => !stays.has(r.id)).map((r) => r.id),
  );
  await putRules(db, packId, rules);
}

/** The rules of the working version that `pack` would not keep (absent, or left out as invalid). */
function droppedRules(working: readonly RuleRecord[], pack: RulePack): { id: string; name: string }[] {
  const kept = new Set(pack.rules.map((r) => r.id));
  return working.filter((r) => !kept.has(r.id)).map((r) => ({ id: r.id, name: r.rule?.name ?? r.id }));
}

function previousOf(record: PackRecord, working: readonly RuleRecord[]): NonNullable<PackRecord['previous']> {
  return {
    version: record.version,
    source: record.source,
    importedAt: record.importedAt,
    pack: record.pack,
    counts: countRules(working.map((r) => r.rule)),
  };
}

/**
 * Puts back the version a pack had before its last update (its rules included); the version it
 * replaces becomes the one to restore in turn. False when there is none.
 */
export async function restorePreviousVersion(db: StepwiseDatabase, id: string, now: number): Promise<boolean> {
  return db.transaction('rw', [db.packs, db.rules, db.previousRules], async () => {
    const current = await db.packs.get(id);
    const previous = current?.previous;
    if (!current || !readablePack(current) || !previous || !isHead(previous.pack)) return false;
    const earlier = await readPreviousRules(db, id);
    const working = await readRuleRecords(db, id);
    // A rule id taken by another pack since then stays with that pack.
    const owners = await ownersElsewhere(db, working, earlier);
    const rules = earlier.filter((r) => !owners.has(r.id));
    await putPreviousRules(
      db,
      id,
      working.map((r) => r.rule),
    );
    await replaceRules(db, id, working, rules);
    await db.packs.put({
      id,
      name: previous.pack.name,
      version: previous.version,
      source: previous.source,
      enabled: current.enabled,
      importedAt: now,
      pack: previous.pack,
      counts: countRules(rules),
      previous: previousOf(current, working),
    });
    return true;
  });
}

const isHead = (pack: unknown): pack is PackHead => typeof pack === 'object' && pack !== null && !Array.isArray(pack);

function readablePack(record: PackRecord): boolean {
  return (
    typeof record.id === 'string' &&
    typeof record.name === 'string' &&
    typeof record.version === 'number' &&
    isHead(record.pack)
  );
}

/** Every readable pack, by name; an unreadable one is set aside in the quarantine and reported. */
export async function listPacks(db: StepwiseDatabase, health: StoreHealth): Promise<PackRecord[]> {
  const records = await db.packs.toArray();
  const unreadable = records.filter((r) => !readablePack(r));
  if (unreadable.length) {
    const moved = await quarantine(
      db,
      'packs',
      unreadable.map((r) => ({ key: r.id, value: r, reason: 'not a rule pack' })),
    );
    if (moved) health.reportCorrupt('packs', moved, ['rule pack', 'rule packs']);
  }
  return records.filter(readablePack).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The rules of a pack's working version, in the pack's order: what every reader of a pack's rules
 * goes through (a pack record holds none of them).
 */
export async function readPackRules(db: StepwiseDatabase, packId: string): Promise<Rule[]> {
  return (await readRuleRecords(db, packId)).map((r) => r.rule);
}

/** A stored pack whole, as importable JSON: its record's head with its rules. */
export async function readPack(db: StepwiseDatabase, record: PackRecord): Promise<RulePack> {
  const { checklists, ...head } = record.pack;
  return { ...head, rules: await readPackRules(db, record.id), checklists };
}

/** The packs with these ids (all when none are given), as importable JSON. */
export async function exportPacks(db: StepwiseDatabase, ids?: readonly string[]): Promise<RulePack[]> {
  return db.transaction('r', [db.packs, db.rules], async () => {
    const records = ids ? (await db.packs.bulkGet([...ids])).filter((r) => r !== undefined) : await db.packs.toArray();
    const packs: RulePack[] = [];
    for (const record of records.filter(readablePack)) packs.push(await readPack(db, record));
    return packs;
  });
}

/** Every readable pack's id and name with its whole body (rules included), in one reading. */
export async function packsWithRules(
  db: StepwiseDatabase,
): Promise<{ id: string; name: string; source: PackSource; pack: RulePack }[]> {
  return db.transaction('r', [db.packs, db.rules], async () => {
    const out: { id: string; name: string; source: PackSource; pack: RulePack }[] = [];
    for (const record of (await db.packs.toArray()).filter(readablePack))
      out.push({ id: record.id, name: record.name, source: record.source, pack: await readPack(db, record) });
    return out;
  });
}

/** Removes a pack, its rules and the rules of the version it replaced. */
export async function removePack(db: StepwiseDatabase, id: string): Promise<boolean> {
  return db.transaction('rw', [db.packs, db.rules, db.previousRules], async () => {
    const found = (await db.packs.where('id').equals(id).count()) > 0;
    await db.packs.delete(id);
    await deleteRules(db, await db.rules.where('packId').equals(id).primaryKeys());
    await deletePreviousRules(db, id);
    return found;
  });
}

/** Turns a pack on or off; its rules stay stored either way. */
export async function setPackEnabled(db: StepwiseDatabase, id: string, enabled: boolean): Promise<boolean> {
  return (await db.packs.update(id, { enabled })) > 0;
}
