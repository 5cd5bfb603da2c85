/**
 * Version 8 to 9: packs written whole (rules and the previous version inside the pack record) move
 * to the layout of version 9 without losing a rule, a previous version, an off switch or a source.
 * The old database is written by Dexie with version 8's schema, as a release before did.
 */
import { describe, expect, it } from 'vitest';
import { StepwiseDatabase } from '../../../background/db/database';
import { StoreHealth } from '../../../background/db/health';
import { liveContent } from '../../../background/db/live-content';
import { PREVIOUS_SLICE, readPreviousRules } from '../../../background/db/pack-rules';
import { exportPacks, listPacks, restorePreviousVersion } from '../../../background/db/packs';
import type { Rule, RulePack } from '../../../rules/index';
import { pack, rule } from '../../fixtures/packs';

/** `count` rules, not in their ids' order. */
const rules = (count: number, prefix: string, status: Rule['status'] = 'published'): Rule[] =>
  Array.from({ length: count }, (_, i) => rule(`${prefix}-${(i * 7919) % 10007}`, { status }));

/** A version 8 pack record: its rules inside, and the version it replaced whole. */
function oldRecord(body: RulePack, extra: Record<string, unknown> = {}) {
  return {
    id: body.id,
    name: body.name,
    version: body.version,
    source: 'imported',
    enabled: true,
    importedAt: 100,
    pack: body,
    ...extra,
  };
}

async function writeVersion8(name: string, records: ReturnType<typeof oldRecord>[]): Promise<void> {
  const old = new StepwiseDatabase({ name, upToVersion: 8 });
  await old.open();
  for (const record of records) {
    await old.table('packs').add(record);
    // Version 2 and later indexed the working version's rules, by id.
    await old
      .table('rules')
      .bulkAdd(record.pack.rules.map((r) => ({ id: r.id, packId: record.id, status: r.status, rule: r })));
  }
  old.close();
}

describe('database version 8 to 9', () => {
  it('moves every pack’s rules and previous version out of its record, losing nothing', async () => {
    const name = `upgrade-9-${crypto.randomUUID()}`;
    const working = pack('big', [...rules(600, 'w'), ...rules(3, 'd', 'draft')], {
      version: 4,
      description: 'Big one',
      checklists: [{ id: 'week-1', title: 'First week', where: { urls: ['https://crm.example.com/*'] }, items: [] }],
    });
    const earlier = pack('big', rules(520, 'p'), { version: 3, name: 'Big (before)' });
    const small = pack('small', [rule('only')], { name: 'Small' });
    await writeVersion8(name, [
      oldRecord(working, {
        enabled: false,
        source: 'server',
        previous: { version: 3, source: 'imported', importedAt: 50, pack: earlier },
      }),
      oldRecord(small),
    ]);

    const db = new StepwiseDatabase({ name });
    const [big, one] = await db.packs.orderBy('id').toArray();
    expect(big).toMatchObject({
      id: 'big',
      version: 4,
      source: 'server',
      enabled: false,
      importedAt: 100,
      counts: { rules: 603, published: 600 },
      pack: { description: 'Big one', checklists: working.checklists },
      previous: { version: 3, source: 'imported', importedAt: 50, counts: { rules: 520, published: 520 } },
    });
    expect(big?.pack).not.toHaveProperty('rules');
    expect(big?.previous?.pack).toEqual({ ...earlier, rules: undefined });
    expect(one).toMatchObject({ id: 'small', enabled: true, counts: { rules: 1, published: 1 } });
    expect(one).not.toHaveProperty('previous');

    // Every rule, in its pack's order; the previous version in slices.
    expect(await exportPacks(db)).toEqual([working, small]);
    expect(await db.previousRules.where('packId').equals('big').count()).toBe(Math.ceil(520 / PREVIOUS_SLICE));
    expect(await readPreviousRules(db, 'big')).toEqual(earlier.rules);
    expect(await db.quarantine.count()).toBe(0);

    // What the options page lists and what pages get read the same as before.
    expect((await listPacks(db, new StoreHealth())).map((p) => [p.id, p.counts.rules])).toEqual([
      ['big', 603],
      ['small', 1],
    ]);
    expect((await liveContent(db, new StoreHealth())).rules.map((r) => r.id)).toEqual(['only']);

    // And the previous version can still be restored.
    expect(await restorePreviousVersion(db, 'big', 200)).toBe(true);
    expect((await exportPacks(db, ['big']))[0]).toEqual(earlier);
    expect(await readPreviousRules(db, 'big')).toEqual(working.rules);
    db.close();
  });

  it('sets aside a listed rule another pack holds, and an unreadable previous version', async () => {
    const name = `upgrade-9-${crypto.randomUUID()}`;
    const first = pack('a', [rule('shared'), rule('mine')]);
    await writeVersion8(name, [oldRecord(first)]);
    const old = new StepwiseDatabase({ name, upToVersion: 8 });
    // A version 1 pack listed a rule whose id the first pack holds (version 2 indexed only the first).
    await old.table('packs').add(
      oldRecord(pack('b', [rule('shared', { name: 'Shared (b)' }), rule('other')]), {
        previous: { version: 0, source: 'local', importedAt: 1, pack: 'garbled' },
      }),
    );
    await old.table('rules').add({ id: 'other', packId: 'b', status: 'published', rule: rule('other') });
    old.close();

    const db = new StepwiseDatabase({ name });
    expect((await exportPacks(db, ['b']))[0]?.rules.map((r) => r.id)).toEqual(['other']);
    expect(await db.packs.get('b')).not.toHaveProperty('previous');
    const setAside = await db.quarantine.orderBy('id').toArray();
    expect(setAside.map((q) => [q.table, q.key, q.reason])).toEqual([
      ['rules', 'b/shared', 'rule id already used by pack "a"'],
      ['packs', 'b/previous', 'not a rule pack'],
    ]);
    expect(setAside[0]?.value).toMatchObject({ name: 'Shared (b)' });
    expect((await exportPacks(db, ['a']))[0]).toEqual(first);
    db.close();
  });
});
