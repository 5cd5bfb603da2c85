import { describe, expect, it } from 'vitest';
import {
  KEPT_VERSIONS,
  LOCAL_PACK,
  listDrafts,
  packVersions,
  publishDraft,
  restoreVersion,
  saveDraft,
} from '../../../background/db/drafts';
import { readPack, storePack } from '../../../background/db/packs';
import { parsePack } from '../../../rules/parse-pack';
import { freshDb } from './helpers';

const tip = (id: string, brief: string) => ({
  id,
  name: `Tip ${id}`,
  kind: 'tip',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'auto',
  steps: [{ id: 'step-1', target: { selector: '#log-call' }, title: 'Log a call', brief }],
});

describe('drafts and pack versions', () => {
  it('keeps a draft as the author left it, invalid or not, and lists it by site', async () => {
    const db = freshDb();
    await saveDraft(db, { id: 'a', rule: { half: 'done' }, url: 'https://crm.example.com/accounts/1' }, 1);
    await saveDraft(db, { id: 'b', rule: tip('b', ''), url: 'https://other.example.com/' }, 2);
    await saveDraft(db, { id: 'a', rule: { half: 'done', more: 1 } }, 3);
    const here = await listDrafts(db, 'https://crm.example.com/accounts/2');
    expect(here).toHaveLength(1);
    expect(here[0]).toMatchObject({ id: 'a', rule: { more: 1 }, createdAt: 1, updatedAt: 3, packId: LOCAL_PACK.id });
    expect((await listDrafts(db)).map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('refuses to publish a draft with problems, naming their paths, and keeps the draft', async () => {
    const db = freshDb();
    await saveDraft(db, { id: 'a', rule: tip('a', '') }, 1);
    const result = await publishDraft(db, 'a', parsePack, 2);
    expect(result).toEqual({ published: false, problems: [expect.objectContaining({ path: 'steps[0].brief' })] });
    expect(await db.drafts.get('a')).toBeDefined();
    expect(await db.packs.count()).toBe(0);
  });

  it('publishes into a new pack, then as new versions of it; every version is kept', async () => {
    const db = freshDb();
    await saveDraft(db, { id: 'a', rule: tip('a', 'Say who you spoke to.') }, 1);
    expect(await publishDraft(db, 'a', parsePack, 2)).toEqual({ published: true, packId: LOCAL_PACK.id, version: 1 });
    expect(await db.drafts.get('a')).toBeUndefined();
    expect((await db.rules.get('a'))?.rule.status).toBe('published');

    await saveDraft(db, { id: 'a', rule: tip('a', 'Say who you spoke to, and when.') }, 3);
    await saveDraft(db, { id: 'b', rule: tip('b', 'Another tip.') }, 4);
    expect(await publishDraft(db, 'a', parsePack, 5)).toMatchObject({ version: 2 });
    expect(await publishDraft(db, 'b', parsePack, 6)).toMatchObject({ version: 3 });
    const pack = await readPack(db, (await db.packs.get(LOCAL_PACK.id))!);
    expect(pack.rules.map((r) => [r.id, r.steps[0]!.brief])).toEqual([
      ['a', 'Say who you spoke to, and when.'],
      ['b', 'Another tip.'],
    ]);
    expect((await packVersions(db, LOCAL_PACK.id)).map((v) => [v.version, v.reason, v.ruleId])).toEqual([
      [3, 'published', 'b'],
      [2, 'published', 'a'],
      [1, 'published', 'a'],
    ]);

    // Restoring version 1 makes it version 4; version 3 stays kept, so the restore can be undone.
    expect(await restoreVersion(db, LOCAL_PACK.id, 1, 7)).toEqual({ version: 4, problems: [] });
    const restored = await readPack(db, (await db.packs.get(LOCAL_PACK.id))!);
    expect(restored.version).toBe(4);
    expect(restored.rules.map((r) => [r.id, r.steps[0]!.brief])).toEqual([['a', 'Say who you spoke to.']]);
    expect(await db.rules.get('b')).toBeUndefined();
    expect((await restoreVersion(db, LOCAL_PACK.id, 3, 8)).version).toBe(5);
    expect(await db.rules.get('b')).toBeDefined();
    expect(await restoreVersion(db, LOCAL_PACK.id, 99, 9)).toEqual({
      version: 0,
      problems: [{ path: 'version', message: `pack "${LOCAL_PACK.id}" has no kept version 99` }],
    });
  });

  it('keeps an imported pack’s version before the first publish into it', async () => {
    const db = freshDb();
    const imported = parsePack({
      format: 2,
      id: 'team',
      name: 'Team',
      version: 7,
      rules: [{ ...tip('x', 'Imported.'), status: 'published' }],
      checklists: [],
    }).pack!;
    await storePack(db, imported, 'imported', 1);
    await saveDraft(db, { id: 'x', packId: 'team', rule: tip('x', 'Edited here.') }, 2);
    expect(await publishDraft(db, 'x', parsePack, 3)).toEqual({ published: true, packId: 'team', version: 8 });
    const versions = await packVersions(db, 'team');
    expect(versions.map((v) => [v.version, v.reason])).toEqual([
      [8, 'published'],
      [7, 'before'],
    ]);
    expect(versions[1]!.pack.rules[0]!.steps[0]!.brief).toBe('Imported.');
    expect((await db.packs.get('team'))?.source).toBe('imported');
  });

  it('does not publish a rule whose id another pack owns, and changes nothing', async () => {
    const db = freshDb();
    const other = parsePack({
      format: 2,
      id: 'other',
      name: 'Other',
      version: 1,
      rules: [{ ...tip('x', 'Theirs.'), status: 'published' }],
      checklists: [],
    }).pack!;
    await storePack(db, other, 'imported', 1);
    await saveDraft(db, { id: 'x', rule: tip('x', 'Mine.') }, 2);
    const result = await publishDraft(db, 'x', parsePack, 3);
    expect(result).toEqual({
      published: false,
      problems: [{ path: 'id', message: '"x" is already the id of a rule in pack "other"; give this rule another id' }],
    });
    expect(await db.packs.get(LOCAL_PACK.id)).toBeUndefined();
    expect(await db.drafts.get('x')).toBeDefined();
    expect(await db.packVersions.count()).toBe(0);
  });

  it(`keeps the newest ${KEPT_VERSIONS} versions`, async () => {
    const db = freshDb();
    for (let i = 0; i < KEPT_VERSIONS + 3; i++) {
      await saveDraft(db, { id: 'a', rule: tip('a', `Version ${i + 1}.`) }, i);
      await publishDraft(db, 'a', parsePack, i);
    }
    const versions = await packVersions(db, LOCAL_PACK.id);
    expect(versions).toHaveLength(KEPT_VERSIONS);
    expect(versions.at(-1)?.version).toBe(4);
  });
});
