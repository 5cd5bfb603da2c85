import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../rules/model';
import { DATABASE_KINDS } from './helpers/databases';
import { startServer, type TestServer } from './helpers/server';

const starter = JSON.parse(
  readFileSync(new URL('../../packs/acme-crm-starter.json', import.meta.url), 'utf8'),
) as RulePack;
const withVersion = (pack: RulePack, version: number, change: Partial<RulePack> = {}): RulePack => ({
  ...structuredClone(pack),
  version,
  ...change,
});

describe.each(DATABASE_KINDS)('packs on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(() => server?.close());

  it('publishes a pack that members then pull as current, with an ETag that answers 304 until it changes', async () => {
    const ws = await server.workspace();
    const { client: member } = await ws.member();
    const empty = await member.get('/v1/packs/current');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ revision: 0, packs: [] });

    const published = await ws.admin.post('/v1/packs', starter);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ packId: 'acme-crm-starter', version: 1, rules: starter.rules.length });

    const first = await member.get('/v1/packs/current');
    expect(first.status).toBe(200);
    expect(first.body.packs.map((p: RulePack) => [p.id, p.version])).toEqual([['acme-crm-starter', 1]]);
    expect(first.body.packs[0].rules.map((r: { id: string }) => r.id)).toEqual(starter.rules.map((r) => r.id));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);

    const again = await member.get('/v1/packs/current', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();

    await ws.admin.post('/v1/packs', withVersion(starter, 2, { name: 'Acme CRM, second edition' }));
    const changed = await member.get('/v1/packs/current', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.packs[0]).toMatchObject({ version: 2, name: 'Acme CRM, second edition' });
  });

  it('refuses an invalid pack with every problem at its JSON path, and publishes nothing', async () => {
    const ws = await server.workspace();
    const broken = withVersion(starter, 1);
    (broken.rules[0]!.steps[0]!.target as { selector: string }).selector = 'div >> span';
    (broken.rules[1] as { kind: string }).kind = 'popup';
    const answer = await ws.admin.post('/v1/packs', broken);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toBe('invalid-pack');
    const paths = answer.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toContain('rules[0].steps[0].target.selector');
    expect(paths.some((p: string) => p.startsWith('rules[1].kind'))).toBe(true);
    expect((await ws.admin.get('/v1/packs')).body.packs).toEqual([]);

    const notAPack = await ws.admin.post('/v1/packs', { hello: 'world' });
    expect(notAPack.status).toBe(422);
    expect(notAPack.body.problems.length).toBeGreaterThan(0);
  });

  it('never changes a published version: the same or an older number is refused and the pack stays as it was', async () => {
    const ws = await server.workspace();
    expect((await ws.admin.post('/v1/packs', withVersion(starter, 3))).status).toBe(201);
    const same = await ws.admin.post('/v1/packs', withVersion(starter, 3, { name: 'Changed behind your back' }));
    expect(same.status).toBe(409);
    expect(same.body.message).toContain('version 4');
    const older = await ws.admin.post('/v1/packs', withVersion(starter, 2));
    expect(older.status).toBe(409);
    const v3 = await ws.admin.get('/v1/packs/acme-crm-starter/versions/3');
    expect(v3.status).toBe(200);
    expect(v3.body.name).toBe(starter.name);
  });

  it('rolls back to an earlier version (a new ETag, members get the old content) and withdraws with null', async () => {
    const ws = await server.workspace();
    const { client: member } = await ws.member();
    await ws.admin.post('/v1/packs', withVersion(starter, 1));
    await ws.admin.post('/v1/packs', withVersion(starter, 2, { name: 'Second' }));
    const before = await member.get('/v1/packs/current');

    const back = await ws.admin.put('/v1/packs/acme-crm-starter/current', { version: 1 });
    expect(back.status).toBe(200);
    expect(back.body.currentVersion).toBe(1);
    expect(back.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const after = await member.get('/v1/packs/current', { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.body.packs[0]).toMatchObject({ version: 1, name: starter.name });

    expect((await ws.admin.put('/v1/packs/acme-crm-starter/current', { version: 7 })).status).toBe(404);
    expect((await ws.admin.put('/v1/packs/acme-crm-starter/current', { version: null })).status).toBe(200);
    expect((await member.get('/v1/packs/current')).body.packs).toEqual([]);
    expect((await ws.admin.get('/v1/packs')).body.packs[0].currentVersion).toBeNull();
  });

  it('refuses a pack whose rule id another pack of the workspace already uses', async () => {
    const ws = await server.workspace();
    await ws.admin.post('/v1/packs', withVersion(starter, 1));
    const other = withVersion(starter, 1, { id: 'another-pack', name: 'Another' });
    other.rules = [other.rules[2]!];
    other.checklists = [];
    const answer = await ws.admin.post('/v1/packs', other);
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([
      { path: 'rules[0].id', message: expect.stringContaining('pack "acme-crm-starter"') },
    ]);
  });
});
