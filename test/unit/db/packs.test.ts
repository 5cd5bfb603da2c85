import { describe, expect, it } from 'vitest';
import { StoreHealth } from '../../../background/db/health';
import { liveContent } from '../../../background/db/live-content';
import { exportPacks, listPacks, removePack, setPackEnabled, storePack } from '../../../background/db/packs';
import { packSummary } from '../../../background/handlers/packs';
import { pack, rule } from '../../fixtures/packs';
import { freshDb } from './helpers';

describe('rule packs in the database', () => {
  it('stores a pack whole and rule by rule, and lists it', async () => {
    const db = freshDb();
    const stored = await storePack(
      db,
      pack('crm', [rule('a'), rule('b', { status: 'draft' })], { description: 'For Acme' }),
      'imported',
      10,
    );
    expect(stored).toEqual({ imported: 2, skipped: 0, problems: [], stored: true });
    expect((await db.rules.toArray()).map((r) => [r.id, r.packId, r.status])).toEqual([
      ['a', 'crm', 'published'],
      ['b', 'crm', 'draft'],
    ]);
    expect((await listPacks(db, new StoreHealth())).map(packSummary)).toEqual([
      {
        id: 'crm',
        name: 'Pack crm',
        version: 1,
        source: 'imported',
        enabled: true,
        importedAt: 10,
        description: 'For Acme',
        rules: 2,
        published: 1,
        checklists: 0,
      },
    ]);
  });

  it('replaces an earlier version, keeps it off if it was off, and refuses an older one', async () => {
    const db = freshDb();
    await storePack(db, pack('crm', [rule('a'), rule('b')]), 'imported', 1);
    await setPackEnabled(db, 'crm', false);
    const newer = await storePack(db, pack('crm', [rule('c')], { version: 2 }), 'imported', 2, undefined, true);
    expect(newer.imported).toBe(1);
    expect((await db.rules.toArray()).map((r) => r.id)).toEqual(['c']);
    expect((await db.packs.get('crm'))?.enabled).toBe(false);
    const older = await storePack(db, pack('crm', [rule('a')], { version: 1 }), 'imported', 3);
    expect(older).toEqual({
      imported: 0,
      skipped: 1,
      stored: false,
      problems: [
        {
          path: 'version',
          message: 'version 1 is older than the version 2 already imported; remove that pack first to go back',
        },
      ],
    });
    expect((await db.rules.toArray()).map((r) => r.id)).toEqual(['c']);
  });

  it('skips a rule whose id another pack uses, naming it at its path in the input', async () => {
    const db = freshDb();
    await storePack(db, pack('first', [rule('shared')]), 'imported', 1);
    const input = {
      ...pack('second', [rule('own'), rule('shared')]),
      rules: [rule('broken'), rule('own'), rule('shared')],
    };
    const result = await storePack(db, pack('second', [rule('own'), rule('shared')]), 'imported', 2, input);
    expect(result).toEqual({
      imported: 1,
      skipped: 1,
      stored: true,
      problems: [
        {
          path: 'rules[2].id',
          message: '"shared" is already the id of a rule in pack "first"; give this rule another id',
        },
      ],
    });
    expect((await db.rules.get('shared'))?.packId).toBe('first');
  });

  it('shows published rules and checklists of the packs that are on', async () => {
    const db = freshDb();
    const checklist = { id: 'week-1', title: 'First week', where: { urls: ['https://crm.example.com/*'] }, items: [] };
    await storePack(
      db,
      pack('on', [rule('a'), rule('draft', { status: 'draft' })], { checklists: [checklist] }),
      'imported',
      1,
    );
    await storePack(db, pack('off', [rule('b')]), 'imported', 1);
    await setPackEnabled(db, 'off', false);
    const live = await liveContent(db, new StoreHealth());
    expect(live.rules.map((r) => r.id)).toEqual(['a']);
    expect(live.checklists.map((c) => c.id)).toEqual(['week-1']);
  });

  it('exports packs as importable JSON and removes a pack with its rules', async () => {
    const db = freshDb();
    const crm = pack('crm', [rule('a')]);
    await storePack(db, crm, 'imported', 1);
    await storePack(db, pack('other', [rule('b')]), 'local', 1);
    expect(await exportPacks(db, ['crm', 'missing'])).toEqual([crm]);
    expect((await exportPacks(db)).map((p) => p.id)).toEqual(['crm', 'other']);
    expect(await removePack(db, 'crm')).toBe(true);
    expect(await removePack(db, 'crm')).toBe(false);
    expect((await db.rules.toArray()).map((r) => r.id)).toEqual(['b']);
  });

  it('sets unreadable packs and rules aside and goes on with the rest', async () => {
    const db = freshDb();
    const health = new StoreHealth();
    await storePack(db, pack('good', [rule('a'), rule('b')]), 'imported', 1);
    await db.packs.put({ id: 'broken', name: 7 } as never);
    await db.rules.update('b', { rule: { id: 'b' } as never });
    expect((await listPacks(db, health)).map((p) => p.id)).toEqual(['good']);
    expect((await liveContent(db, health)).rules.map((r) => r.id)).toEqual(['a']);
    expect((await db.quarantine.toArray()).map((q) => [q.table, q.key])).toEqual([
      ['packs', '"broken"'],
      ['rules', '"b"'],
    ]);
    expect(health.list().map((p) => p.message)).toEqual([
      '1 saved rule pack could not be read and was set aside.',
      '1 saved rule could not be read and was set aside.',
    ]);
  });
});
