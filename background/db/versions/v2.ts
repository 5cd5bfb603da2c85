import type { Transaction } from 'dexie';
import type { PackRecord, QuarantineRecord, RuleRecord } from '../records';
import type { SchemaVersion } from './types';

/**
 * Version 2: rules get a table of their own, so a page's rules are read without unpacking every
 * pack; packs can be turned off; unreadable records are set aside in a quarantine.
 *
 * The upgrade indexes the rules of every stored pack and turns every pack on (version 1 had no
 * off switch). Rule ids become unique across packs: a later pack's rule that reuses an id is not
 * indexed, and is set aside with the reason, its pack untouched.
 */
export const v2: SchemaVersion = {
  version: 2,
  stores: {
    rules: 'id, packId',
    quarantine: '++id, table',
  },
  async upgrade(tx: Transaction) {
    const packs = tx.table<PackRecord, string>('packs');
    const rules = tx.table<RuleRecord, string>('rules');
    const quarantine = tx.table<QuarantineRecord, number>('quarantine');
    const owners = new Map<string, string>();
    const now = Date.now();
    await packs.toCollection().modify((record) => {
      record.enabled ??= true;
    });
    for (const record of await packs.orderBy('id').toArray()) {
      const list = Array.isArray(record.pack?.rules) ? record.pack.rules : [];
      const rows: RuleRecord[] = [];
      for (const rule of list) {
        const owner = owners.get(rule?.id);
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
        rows.push({ id: rule.id, packId: record.id, status: rule.status, rule });
      }
      await rules.bulkAdd(rows);
    }
  },
};
