/**
 * Packs kept apart from their rules (database version 9): the pack record holds its head and its
 * rules counted, each rule of the working version a record of its own with its place, the previous
 * version's rules in slices. Store, update, restore, remove and export go through real Dexie on
 * fake-indexeddb; a middleware under Dexie counts what each call to IndexedDB carries, so a test
 * fails when one call would clone a whole big pack again.
 */
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import type { StepwiseDatabase } from '../../../background/db/database';
import { StoreHealth } from '../../../background/db/health';
import { liveContent } from '../../../background/db/live-content';
import { PREVIOUS_SLICE, RULES_PER_CALL, readPreviousRules } from '../../../background/db/pack-rules';
import {
  exportPacks,
  listPacks,
  readPack,
  removePack,
  restorePreviousVersion,
  storePack,
} from '../../../background/db/packs';
import type { Rule } from '../../../rules/index';
import { pack, rule } from '../../fixtures/packs';
import { freshDb } from './helpers';

/** `count` rules whose order in the pack is not their ids' order. */
const rules = (count: number, tag = ''): Rule[] =>
  Array.from({ length: count }, (_, i) => rule(`r-${String(count - i).padStart(5, '0')}`, { name: `Rule ${i}${tag}` }));

/** The most rules any one call to IndexedDB wrote or read, per table. */
function watchCalls(db: StepwiseDatabase): Map<string, number> {
  const most = new Map<string, number>();
  const note = (table: string, n: number) => most.set(table, Math.max(most.get(table) ?? 0, n));
  const weight = (table: string, values: readonly unknown[]) =>
    table === 'previousRules'
      ? values.reduce<number>((n, v) => n + ((v as { rules?: unknown[] })?.rules?.length ?? 0), 0)
      : table === 'packs'
        ? values.reduce<number>((n, v) => n + ((v as { pack?: { rules?: unknown[] } })?.pack?.rules?.length ?? 0), 0)
        : values.length;
  db.use({
    stack: 'dbcore',
    name: 'call-sizes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            if (req.type === 'add' || req.type === 'put') note(name, weight(name, req.values));
            return table.mutate(req);
          },
          getMany: async (req) => {
            const found = await table.getMany(req);
            note(name, weight(name, found));
            return found;
          },
          query: async (req) => {
            const found = await table.query(req);
            if (req.values) note(name, weight(name, found.result));
            return found;
          },
        };
      },
    }),
  });
  return most;
}

describe('packs kept apart from their rules', () => {
  it('stores, updates, restores, exports and removes a big pack, no call carrying more than a page of rules', async () => {
    const db = freshDb();
    const calls = watchCalls(db);
    const v1 = pack('big', rules(1200), { description: 'Many rules', checklists: [] });
    expect(await storePack(db, v1, 'imported', 1)).toMatchObject({ imported: 1200, stored: true });

    const record = (await db.packs.get('big'))!;
    expect(record.pack).not.toHaveProperty('rules');
    expect(record).toMatchObject({ counts: { rules: 1200, published: 1200 }, pack: { description: 'Many rules' } });
    expect(record.previous).toBeUndefined();
    expect(await readPack(db, record)).toEqual(v1);
    // Each rule knows its place: the pack's order, not its ids'.
    expect((await db.rules.get('r-01200'))?.position).toBe(0);

    const v2 = pack('big', [...rules(1200, ' (v2)'), rule('new-one')], { version: 2 });
    expect(await storePack(db, v2, 'imported', 2)).toMatchObject({ imported: 1201, stored: true });
    const updated = (await db.packs.get('big'))!;
    expect(updated).toMatchObject({ version: 2, counts: { rules: 1201 }, previous: { version: 1, importedAt: 1 } });
    expect(updated.previous).toMatchObject({ counts: { rules: 1200, published: 1200 } });
    expect(updated.previous?.pack).not.toHaveProperty('rules');
    expect(await db.previousRules.where('packId').equals('big').count()).toBe(Math.ceil(1200 / PREVIOUS_SLICE));
    expect(await readPreviousRules(db, 'big')).toEqual(v1.rules);
    expect((await exportPacks(db, ['big']))[0]).toEqual(v2);

    const live = await liveContent(db, new StoreHealth());
    expect(live.rules).toHaveLength(1201);

    expect(await restorePreviousVersion(db, 'big', 3)).toBe(true);
    expect((await exportPacks(db))[0]).toEqual(v1);
    expect(await db.rules.get('new-one')).toBeUndefined();
    expect((await listPacks(db, new StoreHealth()))[0]).toMatchObject({ version: 1, previous: { version: 2 } });
    expect(await readPreviousRules(db, 'big')).toEqual(v2.rules);
    // And back again.
    expect(await restorePreviousVersion(db, 'big', 4)).toBe(true);
    expect((await exportPacks(db))[0]).toEqual(v2);

    expect(await removePack(db, 'big')).toBe(true);
    expect(await db.rules.count()).toBe(0);
    expect(await db.previousRules.count()).toBe(0);
    expect(await db.packs.count()).toBe(0);

    expect(calls.get('rules')).toBe(RULES_PER_CALL);
    expect(calls.get('previousRules')).toBeLessThanOrEqual(RULES_PER_CALL);
    expect(calls.get('packs'), 'a pack record carries no rules').toBe(0);
  });

  it('keeps a rule whose id another pack took with that pack when restoring', async () => {
    const db = freshDb();
    await storePack(db, pack('a', [rule('shared'), rule('own')]), 'imported', 1);
    await storePack(db, pack('a', [rule('shared'), rule('own'), rule('more')], { version: 2 }), 'imported', 2);
    // Version 2 gave "shared" up (confirmed); another pack takes the id.
    await storePack(db, pack('a', [rule('own'), rule('more')], { version: 3 }), 'imported', 3, undefined, true);
    await storePack(db, pack('b', [rule('shared')]), 'imported', 4);
    expect(await restorePreviousVersion(db, 'a', 5)).toBe(true);
    expect((await exportPacks(db, ['a']))[0]?.rules.map((r) => r.id)).toEqual(['own', 'more']);
    expect((await db.rules.get('shared'))?.packId).toBe('b');
  });

  it.each([
    ['the new rules', 'rules', 2],
    ['the previous version', 'previousRules', 1],
  ] as const)('leaves the working version when writing %s fails part way', async (_what, table, failingCall) => {
    const db = freshDb();
    const v1 = pack('big', rules(1200));
    await storePack(db, v1, 'imported', 1);
    const v2 = pack('big', rules(1300, ' (v2)'), { version: 2 });
    await storePack(db, v2, 'imported', 2);
    const before = await db.packs.get('big');

    let call = 0;
    const target = db[table] as StepwiseDatabase['rules'];
    const original = target.bulkPut.bind(target);
    const spy = vi.spyOn(target, 'bulkPut').mockImplementation((...args: Parameters<typeof original>) => {
      call++;
      if (call !== failingCall) return original(...args);
      return Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError')) as ReturnType<typeof original>;
    });
    const v3 = pack('big', rules(1300, ' (v3)'), { version: 3 });
    await expect(storePack(db, v3, 'imported', 3)).rejects.toThrow('The disk is full.');
    expect(call).toBe(failingCall);
    spy.mockRestore();

    expect(await db.packs.get('big')).toEqual(before);
    expect((await exportPacks(db))[0]).toEqual(v2);
    expect(await readPreviousRules(db, 'big')).toEqual(v1.rules);
    expect(await db.rules.count()).toBe(1300);
  });
});
