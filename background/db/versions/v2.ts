import type { Transaction } from 'dexie';
import type { SchemaVersion } from './types';
import type { PackRecordV1, RuleV1, TablesV1 } from './v1';

// The records version 2 added or changed, frozen here like version 1's (see v1.ts).

/** Packs gain an off switch. */
export interface PackRecordV2 extends PackRecordV1 {
  enabled: boolean;
}

/** One rule of a pack, indexed on its own. */
export interface RuleRecordV2 {
  id: string;
  packId: string;
  status: RuleV1['status'];
  rule: RuleV1;
}

/** A record that could not be read, set aside. */
export interface QuarantineRecordV2 {
  id?: number;
  table: string;
  key: string;
  value: unknown;
  reason: string;
  at: number;
}

/** Every table of version 2 and its records. */
export interface TablesV2 extends Omit<TablesV1, 'packs'> {
  packs: PackRecordV2;
  rules: RuleRecordV2;
  quarantine: QuarantineRecordV2;
}

/**
 * Version 2: rules get a table of their own, so a page's rules are read without unpacking every
 * pack; packs can be turned off; unreadable records are set aside in a quarantine.
 *
 * The upgrade indexes the rules of every stored pack and turns every pack on (version 1 had no
 * off switch). Rule ids become unique across packs: a later pack's rule that reuses an id is not
 * indexed, and is set aside with the reason, its pack untouched. It reads version 1's records and
 * writes version 2's.
 */
export const v2: SchemaVersion = {
  version: 2,
  stores: {
    rules: 'id, packId',
    quarantine: '++id, table',
  },
  async upgrade(tx: Transaction) {
    const packs = tx.table<PackRecordV1 & Partial<PackRecordV2>, string>('packs');
    const rules = tx.table<RuleRecordV2, string>('rules');
    const quarantine = tx.table<QuarantineRecordV2, number>('quarantine');
    const owners = new Map<string, string>();
    const now = Date.now();
    await packs.toCollection().modify((record) => {
      record.enabled ??= true;
    });
    for (const record of await packs.orderBy('id').toArray()) {
      const list: (Partial<RuleV1> | null | undefined)[] = Array.isArray(record.pack?.rules) ? record.pack.rules : [];
      const rows: RuleRecordV2[] = [];
      for (const rule of list) {
        const owner = typeof rule?.id === 'string' ? owners.get(rule.id) : undefined;
        if (typeof rule?.id !== 'string' || owner !== undefined) {
          await quarantine.add({
            table: 'rules',
            key: `${record.id}/${String(rule?.id)}`,
            value: rule,
            reason: owner ? `rule id already used by pack "${owner}"` : 'rule has no id',
            at: now,
          });
          continue;
        }
        owners.set(rule.id, record.id);
        rows.push({ id: rule.id, packId: record.id, status: rule.status as RuleV1['status'], rule: rule as RuleV1 });
      }
      await rules.bulkAdd(rows);
    }
  },
};
