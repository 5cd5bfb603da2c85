import type { Transaction } from 'dexie';
import type { SchemaVersion } from './types';
import type { RuleV1, StoredPackV1 } from './v1';
import type { PackRecordV2, QuarantineRecordV2, RuleRecordV2 } from './v2';

// The records version 9 changes, frozen here like version 1's (see v1.ts).

/** A pack as versions 2 to 8 store it: its rules inside, and the version it replaced, whole. */
export interface PackRecordV8 extends PackRecordV2 {
  previous?: { version: number; source: PackRecordV2['source']; importedAt: number; pack: StoredPackV1 };
}

/** A pack without its rules. */
export type PackHeadV9 = Omit<StoredPackV1, 'rules'>;

export interface RuleCountsV9 {
  rules: number;
  published: number;
}

/** A pack record from version 9: its rules are in `rules`, the previous version's in `previousRules`. */
export interface PackRecordV9 extends Omit<PackRecordV2, 'pack'> {
  pack: PackHeadV9;
  counts: RuleCountsV9;
  previous?: {
    version: number;
    source: PackRecordV2['source'];
    importedAt: number;
    pack: PackHeadV9;
    counts: RuleCountsV9;
  };
}

/** A rule record from version 9 knows its place in its pack. */
export interface RuleRecordV9 extends RuleRecordV2 {
  position: number;
}

/** A slice of the rules of the version a pack replaced. */
export interface PreviousRulesRecordV9 {
  packId: string;
  slice: number;
  rules: RuleV1[];
}

/** How many of the previous version's rules one `previousRules` record holds. */
export const PREVIOUS_SLICE_V9 = 250;

const countsOf = (rules: readonly RuleV1[]): RuleCountsV9 => ({
  rules: rules.length,
  published: rules.filter((r) => r?.status === 'published').length,
});

const isPack = (pack: unknown): pack is StoredPackV1 =>
  typeof pack === 'object' && pack !== null && Array.isArray((pack as StoredPackV1).rules);

/**
 * Version 9 (hardening: imports that never block): a pack's rules leave its record. The working
 * version's rules were already indexed one per record (`rules`, since version 2); they gain their
 * place in the pack. The previous version's rules go to `previousRules`, a few hundred per record.
 * A pack record keeps its head (name, description, checklists…) and its rules counted, so writing
 * or listing packs no longer clones every rule twice in one call.
 *
 * The upgrade moves each pack, one at a time. A rule of a pack's list that is not indexed under
 * that pack (its id belongs to another pack since version 2's upgrade) is set aside in the
 * quarantine, unless it already is there, and so is an unreadable previous version: nothing is lost.
 * An unreadable pack is left as it is (listing sets it aside). It reads version 8's records and writes version 9's.
 */
export const v9: SchemaVersion = {
  version: 9,
  stores: {
    previousRules: '[packId+slice], packId',
  },
  async upgrade(tx: Transaction) {
    const packs = tx.table<PackRecordV8 | PackRecordV9, string>('packs');
    const rules = tx.table<RuleRecordV2 & Partial<RuleRecordV9>, string>('rules');
    const previousRules = tx.table<PreviousRulesRecordV9, [string, number]>('previousRules');
    const quarantine = tx.table<QuarantineRecordV2, number>('quarantine');
    const setAside = new Set(
      (await quarantine.where('table').equals('rules').toArray()).map((q) => `${q.key}\u0000${q.reason}`),
    );
    const now = Date.now();
    for (const id of await packs.toCollection().primaryKeys()) {
      const record = await packs.get(id);
      if (!record || !isPack(record.pack)) continue;
      const { rules: list, ...head } = record.pack;
      const indexed = await rules.where('packId').equals(id).toArray();
      const byId = new Map(indexed.map((r) => [r.id, r]));
      const placed: RuleRecordV9[] = [];
      for (const rule of list) {
        const row = typeof rule?.id === 'string' ? byId.get(rule.id) : undefined;
        if (row && !placed.includes(row as RuleRecordV9)) {
          placed.push({ ...row, position: placed.length });
          continue;
        }
        const owner = typeof rule?.id === 'string' ? (await rules.get(rule.id))?.packId : undefined;
        const key = `${id}/${String(rule?.id)}`;
        const reason = owner ? `rule id already used by pack "${owner}"` : 'rule has no id';
        if (!setAside.has(`${key}\u0000${reason}`))
          await quarantine.add({ table: 'rules', key, value: rule, reason, at: now });
      }
      // Indexed under the pack but missing from its list (not written so by any version): kept, last.
      for (const row of indexed) {
        if (!placed.some((p) => p.id === row.id)) placed.push({ ...row, position: placed.length });
      }
      await rules.bulkPut(placed);
      let previous: PackRecordV9['previous'];
      if (record.previous && isPack(record.previous.pack)) {
        const { rules: before, ...previousHead } = record.previous.pack;
        const slices: PreviousRulesRecordV9[] = [];
        for (let at = 0; at < before.length; at += PREVIOUS_SLICE_V9)
          slices.push({ packId: id, slice: slices.length, rules: before.slice(at, at + PREVIOUS_SLICE_V9) });
        await previousRules.bulkPut(slices);
        previous = { ...record.previous, pack: previousHead, counts: countsOf(before) };
      } else if (record.previous) {
        await quarantine.add({
          table: 'packs',
          key: `${id}/previous`,
          value: record.previous,
          reason: 'not a rule pack',
          at: now,
        });
      }
      const { previous: _, ...rest } = record as PackRecordV8;
      const moved: PackRecordV9 = {
        ...rest,
        pack: head,
        counts: countsOf(placed.map((p) => p.rule)),
        ...(previous && { previous }),
      };
      await packs.put(moved);
    }
  },
};
