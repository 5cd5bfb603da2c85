/**
 * Rule packs in the database: stored whole (for export) and rule by rule (for a page's lookup).
 * Validation is the engine's (`parsePack` in `rules/`); this module decides what a valid pack
 * replaces, and keeps rule ids unique across packs.
 */
import type { Problem, Rule, RulePack } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { StoreHealth } from './health';
import { quarantine } from './quarantine';
import type { PackRecord, PackSource, RuleRecord } from './records';

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
 * skipped with a problem naming both.
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
  return db.transaction('rw', [db.packs, db.rules], async () => {
    const before = await db.packs.get(pack.id);
    if (before && typeof before.version === 'number' && before.version > pack.version) {
      const problem = {
        path: 'version',
        message: `version ${pack.version} is older than the version ${before.version} already imported; remove that pack first to go back`,
      };
      return { imported: 0, skipped: pack.rules.length, problems: [problem], stored: false };
    }
    const dropped = droppedRules(before, pack);
    if (dropped.length && !confirmDrop) {
      const names = dropped.slice(0, 5).map((r) => `"${r.name}"`);
      const more = dropped.length > 5 ? ` and ${dropped.length - 5} more` : '';
      const problem = {
        path: 'rules',
        message: `this update would remove ${dropped.length} of the ${before?.pack.rules.length} rules of the working version (${names.join(', ')}${more}): nothing was changed. Fix the pack, or import it again confirming the loss (the working version is kept and can be restored)`,
      };
      return { imported: 0, skipped: pack.rules.length, problems: [problem], stored: false, dropped };
    }
    const owners = await db.rules.bulkGet(pack.rules.map((r) => r.id));
    const problems: Problem[] = [];
    const rules: Rule[] = [];
    pack.rules.forEach((rule, i) => {
      const owner = owners[i];
      if (owner && owner.packId !== pack.id) {
        problems.push({
          path: `rules[${inputIndex(input, rule.id, i)}].id`,
          message: `"${rule.id}" is already the id of a rule in pack "${owner.packId}"; give this rule another id`,
        });
      } else rules.push(rule);
    });
    const stored: RulePack = { ...pack, rules };
    await db.packs.put({
      id: pack.id,
      name: pack.name,
      version: pack.version,
      source,
      enabled: before?.enabled ?? true,
      importedAt: now,
      pack: stored,
      // The version replaced, kept so it can be restored (one level: the last working version).
      ...(before && readablePack(before) && { previous: previousOf(before) }),
    });
    await db.rules.where('packId').equals(pack.id).delete();
    await db.rules.bulkPut(
      rules.map((rule): RuleRecord => ({ id: rule.id, packId: pack.id, status: rule.status, rule })),
    );
    return {
      imported: rules.length,
      skipped: pack.rules.length - rules.length,
      problems,
      stored: true,
      ...(dropped.length && { dropped }),
    };
  });
}

/** The rules of the stored version that `pack` would not keep (absent, or left out as invalid). */
function droppedRules(before: PackRecord | undefined, pack: RulePack): { id: string; name: string }[] {
  if (!before || !readablePack(before)) return [];
  const kept = new Set(pack.rules.map((r) => r.id));
  return before.pack.rules.filter((r) => !kept.has(r.id)).map((r) => ({ id: r.id, name: r.name ?? r.id }));
}

function previousOf(record: PackRecord): NonNullable<PackRecord['previous']> {
  return { version: record.version, source: record.source, importedAt: record.importedAt, pack: record.pack };
}

/**
 * Puts back the version a pack had before its last update (its rules included); the version it
 * replaces becomes the one to restore in turn. False when there is none.
 */
export async function restorePreviousVersion(db: StepwiseDatabase, id: string, now: number): Promise<boolean> {
  return db.transaction('rw', [db.packs, db.rules], async () => {
    const current = await db.packs.get(id);
    const previous = current?.previous;
    if (!current || !readablePack(current) || !previous || !Array.isArray(previous.pack?.rules)) return false;
    const owners = await db.rules.bulkGet(previous.pack.rules.map((r) => r.id));
    // A rule id taken by another pack since then stays with that pack.
    const rules = previous.pack.rules.filter((_r, i) => !owners[i] || owners[i]?.packId === id);
    await db.packs.put({
      id,
      name: previous.pack.name,
      version: previous.version,
      source: previous.source,
      enabled: current.enabled,
      importedAt: now,
      pack: { ...previous.pack, rules },
      previous: previousOf(current),
    });
    await db.rules.where('packId').equals(id).delete();
    await db.rules.bulkPut(rules.map((rule): RuleRecord => ({ id: rule.id, packId: id, status: rule.status, rule })));
    return true;
  });
}

function readablePack(record: PackRecord): boolean {
  return (
    typeof record.id === 'string' &&
    typeof record.name === 'string' &&
    typeof record.version === 'number' &&
    Array.isArray(record.pack?.rules)
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

/** The packs with these ids (all when none are given), as importable JSON. */
export async function exportPacks(db: StepwiseDatabase, ids?: readonly string[]): Promise<RulePack[]> {
  const records = ids ? (await db.packs.bulkGet([...ids])).filter((r) => r !== undefined) : await db.packs.toArray();
  return records.filter(readablePack).map((r) => r.pack);
}

/** Removes a pack and its rules. */
export async function removePack(db: StepwiseDatabase, id: string): Promise<boolean> {
  return db.transaction('rw', [db.packs, db.rules], async () => {
    const found = (await db.packs.where('id').equals(id).count()) > 0;
    await db.packs.delete(id);
    await db.rules.where('packId').equals(id).delete();
    return found;
  });
}

/** Turns a pack on or off; its rules stay stored either way. */
export async function setPackEnabled(db: StepwiseDatabase, id: string, enabled: boolean): Promise<boolean> {
  return (await db.packs.update(id, { enabled })) > 0;
}
