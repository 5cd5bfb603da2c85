/**
 * The extension's sync (background/sync/engine.ts) against the real server over HTTP, with the
 * extension's real database code on an in-memory IndexedDB: connect, packs pulled with the ETag,
 * usage and "I'm stuck" requests pushed once, the server stopped for a while (nothing lost, the
 * waits grow), roll-back and withdrawal of a pack.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StepwiseDatabase } from '../../background/db/database';
import { packVersions, saveDraft } from '../../background/db/drafts';
import { addHelpRequest } from '../../background/db/help-requests';
import { readPack, storePack } from '../../background/db/packs';
import { writeUsage } from '../../background/db/usage';
import { SyncEngine } from '../../background/sync/engine';
import type { RulePack } from '../../rules/index';
import { parsePack } from '../../rules/index';
import { createTestDatabase, type TestDatabase } from './helpers/databases';
import { startServer, type TestServer } from './helpers/server';

const starter = JSON.parse(
  readFileSync(new URL('../../packs/acme-crm-starter.json', import.meta.url), 'utf8'),
) as RulePack;
const DAY = '2026-03-02';

let testDatabase: TestDatabase;
let server: TestServer;
/** The port the server listens on now: a restarted server gets another one. */
let port = '';
/** Every port the server listened on: an address of an earlier one reaches the current one. */
const ports = new Set<string>();

async function start() {
  server = await startServer('pglite', { testDatabase });
  port = new URL(server.url).port;
  ports.add(port);
}

beforeAll(async () => {
  testDatabase = await createTestDatabase('pglite');
  await start();
});
afterAll(async () => {
  await server?.close();
  await testDatabase?.drop();
});

const dbs: StepwiseDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** An extension's database and sync engine; its requests reach the server where it listens now. */
function extension(clock = { now: Date.now() }) {
  const db = new StepwiseDatabase({ name: `sync-${crypto.randomUUID()}` });
  dbs.push(db);
  const requests: string[] = [];
  const engine = new SyncEngine({
    db,
    now: () => clock.now,
    parsePack: (input) => {
      const parsed = parsePack(input);
      return { pack: parsed.pack, problems: parsed.problems, skipped: parsed.skipped };
    },
    flushUsage: async () => undefined,
    contentChanged: () => undefined,
    random: () => 0,
    fetch: (input, init) => {
      const url = String(input).replace(/:(\d+)\//, (m, p) => (ports.has(p) ? `:${port}/` : m));
      requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
      return fetch(url, init);
    },
  });
  return { db, engine, requests, clock };
}

async function addUsage(db: StepwiseDatabase, count: number, now = Date.now()) {
  await writeUsage(db, {
    deltas: [{ ruleId: 'new-opportunity', stepId: 'amount', event: 'shown', day: DAY, count }],
    segments: [],
    batches: [],
    forget: [],
    now,
  });
}

describe('the extension syncing with the team server (PGlite)', () => {
  it('refuses a wrong address or token with a sentence saying what to do, and keeps nothing', async () => {
    const ws = await server.workspace();
    const { engine } = extension();
    await expect(engine.connect('ftp://example.com', 'x')).rejects.toThrow(/must start with https:\/\//);
    await expect(engine.connect(`${server.url}/admin`, 'x')).rejects.toThrow(/without a path/);
    await expect(engine.connect(server.url, `${ws.adminToken}x`)).rejects.toThrow(
      /Could not connect: .*token.*Check the token/i,
    );
    await expect(engine.connect('http://127.0.0.1:9', ws.adminToken)).rejects.toThrow(
      /Could not connect: .*could not be reached.*Check the address/,
    );
    expect(await engine.status()).toMatchObject({ connected: false });
  });

  it('connects, pulls the published packs (then a 304), and pushes usage and requests exactly once', async () => {
    const ws = await server.workspace();
    expect((await ws.admin.post('/v1/packs', starter)).status).toBe(201);
    const member = await ws.member('Robin');
    const { db, engine, requests } = extension();
    await addUsage(db, 3);
    await addHelpRequest(
      db,
      { url: 'http://127.0.0.1/accounts/7', text: 'Which stage?', ruleId: 'new-opportunity' },
      1,
    );

    const status = await engine.connect(server.url, member.token);
    expect(status).toMatchObject({
      connected: true,
      serverUrl: server.url,
      workspace: { id: ws.id, name: 'Test team' },
      person: { name: 'Robin', role: 'member' },
      waiting: 0,
      serverPacks: 1,
    });
    expect(status.lastError).toBeUndefined();
    const stored = await db.packs.get('acme-crm-starter');
    expect(stored).toMatchObject({ source: 'server', version: 1 });
    expect(await db.rules.where('packId').equals('acme-crm-starter').count()).toBe(starter.rules.length);
    expect((await db.helpRequests.toArray())[0]?.status).toBe('sent');
    expect(await server.total(ws.id)).toBe(3);
    const inbox = (await ws.admin.get('/v1/inbox')).body.items;
    expect(inbox).toMatchObject([{ kind: 'help', text: 'Which stage?', from: 'Robin' }]);

    // Again, twice at once: the packs answer 304, nothing is sent twice.
    await addUsage(db, 2);
    requests.length = 0;
    await Promise.all([engine.syncNow(), engine.syncNow()]);
    expect(requests).toEqual(['GET /v1/packs/current', 'POST /v1/sync/push']);
    expect(await server.total(ws.id)).toBe(5);
    expect((await ws.admin.get('/v1/inbox')).body.items).toHaveLength(1);
  });

  it('loses nothing while the server is stopped, waits longer after each failure, and sends it all once when it is back', async () => {
    const ws = await server.workspace();
    const member = await ws.member();
    const { db, engine, clock, requests } = extension();
    await engine.connect(server.url, member.token);
    await server.close();
    let sent = 0;
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await addUsage(db, 10 + i, clock.now);
      sent += 10 + i;
      const status = await engine.syncNow();
      expect(status.lastError?.message).toMatch(/could not be reached/);
      expect(status.lastError?.action).toMatch(/kept in this browser/);
      expect(status.waiting).toBe(i + 1);
      waits.push((status.nextAttemptAt ?? 0) - clock.now);
    }
    // Exponential, with jitter between half and the whole of each wait (here the least).
    expect(waits).toEqual([15_000, 30_000, 60_000]);
    // The alarm does not try before the wait is over.
    requests.length = 0;
    await engine.onAlarm();
    expect(requests).toEqual([]);

    await start();
    clock.now += 60_000;
    await engine.onAlarm();
    const status = await engine.status();
    expect(status).toMatchObject({ waiting: 0 });
    expect(status.lastError).toBeUndefined();
    expect(status.nextAttemptAt).toBeUndefined();
    expect(await server.total(ws.id)).toBe(sent);
  });

  it('stops trying after a revoked token until the person connects again, keeping what waits', async () => {
    const ws = await server.workspace();
    const member = await ws.member();
    const { db, engine, requests, clock } = extension();
    await engine.connect(server.url, member.token);
    await ws.admin.delete(`/v1/tokens/${member.tokenId}`);
    await addUsage(db, 4);
    const status = await engine.syncNow();
    expect(status.lastError?.message).toMatch(/revoked/);
    expect(status.lastError?.action).toMatch(/new token/);
    expect(status.waiting).toBe(1);
    expect(status.nextAttemptAt).toBeUndefined();
    requests.length = 0;
    clock.now += 24 * 60 * 60_000;
    await engine.onAlarm();
    expect(requests).toEqual([]);
    const again = await ws.member();
    expect(await engine.connect(server.url, again.token)).toMatchObject({ waiting: 0, connected: true });
    expect(await server.total(ws.id)).toBe(4);
  });

  it('follows a roll-back and a withdrawal, and never overwrites a pack added in this browser', async () => {
    const ws = await server.workspace();
    const member = await ws.member();
    await ws.admin.post('/v1/packs', starter);
    await ws.admin.post('/v1/packs', { ...starter, version: 2, name: 'Starter, v2' });
    const other = { format: 2, id: 'local-pack', name: 'Mine', version: 1, rules: [], checklists: [] };
    await ws.admin.post('/v1/packs', other);
    const { db, engine } = extension();
    await storePack(db, { ...other, name: 'Mine here', version: 5 } as RulePack, 'imported', 1);
    const first = await engine.connect(server.url, member.token);
    expect((await db.packs.get('acme-crm-starter'))?.version).toBe(2);
    expect(await db.packs.get('local-pack')).toMatchObject({ name: 'Mine here', source: 'imported' });
    expect(first.lastError?.message).toMatch(
      /"local-pack" from the server was not stored: a pack with that id was added in this browser/,
    );

    await ws.admin.put('/v1/packs/acme-crm-starter/current', { version: 1 });
    await engine.syncNow();
    expect((await db.packs.get('acme-crm-starter'))?.version).toBe(1);
    await ws.admin.put('/v1/packs/acme-crm-starter/current', { version: null });
    expect(await engine.syncNow()).toMatchObject({ serverPacks: 0 });
    expect(await db.packs.get('acme-crm-starter')).toBeUndefined();
    expect(await db.rules.where('packId').equals('acme-crm-starter').count()).toBe(0);
    expect(await db.packs.get('local-pack')).toMatchObject({ name: 'Mine here' });
  });
});

describe('publishing a team pack from the editor (PGlite)', () => {
  const parse = (input: unknown) => parsePack(input);
  const tipOf = (pack: RulePack, id: string) => pack.rules.find((r) => r.id === id)!;
  /** A draft of the starter's "find-account" tip with a new brief, as the editor saves it. */
  async function draftTip(db: StepwiseDatabase, brief: string, id = 'find-account') {
    const rule = { ...tipOf(starter, 'find-account'), id, status: 'draft' };
    rule.steps = [{ ...rule.steps[0]!, brief }];
    await saveDraft(db, { id, rule, packId: starter.id, url: 'http://127.0.0.1/accounts' }, Date.now());
  }

  it('publishes an admin’s draft on the team’s latest version (another admin’s change kept); members get it', async () => {
    const ws = await server.workspace();
    await ws.admin.post('/v1/packs', starter);
    const admin = extension();
    await admin.engine.connect(server.url, ws.adminToken);
    // Another admin publishes version 2 (a new name, another rule changed) after this browser pulled.
    const other = structuredClone(starter);
    other.version = 2;
    other.name = 'Starter, edited elsewhere';
    other.rules.find((r) => r.id === 'forecast-tip')!.name = 'Forecast, renamed elsewhere';
    expect((await ws.admin.post('/v1/packs', other)).status).toBe(201);

    await draftTip(admin.db, 'Type two letters of the name.');
    const result = await admin.engine.publishDraft('find-account', parse);
    expect(result).toEqual({ published: true, packId: starter.id, version: 3, team: true });

    const published = (await ws.admin.get(`/v1/packs/${starter.id}/versions/3`)).body as RulePack;
    expect(published.name).toBe('Starter, edited elsewhere');
    expect(tipOf(published, 'forecast-tip').name).toBe('Forecast, renamed elsewhere');
    expect(tipOf(published, 'find-account').steps[0]!.brief).toBe('Type two letters of the name.');
    expect(published.rules.map((r) => r.id)).toEqual(starter.rules.map((r) => r.id));
    // Here: the team's version 3, the draft gone, the version before kept.
    expect(await admin.db.packs.get(starter.id)).toMatchObject({ source: 'server', version: 3 });
    expect(await admin.db.drafts.get('find-account')).toBeUndefined();
    expect((await packVersions(admin.db, starter.id)).map((v) => [v.version, v.reason])).toEqual([
      [3, 'published'],
      [2, 'before'],
    ]);

    const member = extension();
    await member.engine.connect(server.url, (await ws.member('Robin')).token);
    const got = await readPack(member.db, (await member.db.packs.get(starter.id))!);
    expect(got.version).toBe(3);
    expect(tipOf(got, 'find-account').steps[0]!.brief).toBe('Type two letters of the name.');
    // A member's draft of the team's pack is not published, here or there, and is kept.
    await draftTip(member.db, 'Mine.');
    const refused = await member.engine.publishDraft('find-account', parse);
    expect(refused).toEqual({
      published: false,
      problems: [{ path: '', message: expect.stringMatching(/Only an admin.*Robin.*draft is kept/) }],
    });
    expect(await member.db.drafts.get('find-account')).toBeDefined();
    expect((await ws.admin.get('/v1/packs')).body.packs[0].currentVersion).toBe(3);
  });

  it('takes the next free version after a roll-back, and answers the server’s problems by the rule’s own paths', async () => {
    const ws = await server.workspace();
    await ws.admin.post('/v1/packs', starter);
    await ws.admin.post('/v1/packs', { ...starter, version: 2 });
    await ws.admin.put(`/v1/packs/${starter.id}/current`, { version: 1 });
    await ws.admin.post('/v1/packs', {
      format: 2,
      id: 'other-pack',
      name: 'Other',
      version: 1,
      rules: [{ ...tipOf(starter, 'forecast-tip'), id: 'taken-id' }],
      checklists: [],
    });
    const { db, engine, requests } = extension();
    await engine.connect(server.url, ws.adminToken);
    expect((await db.packs.get(starter.id))?.version).toBe(1);

    await draftTip(db, 'After the roll-back.');
    requests.length = 0;
    expect(await engine.publishDraft('find-account', parse)).toMatchObject({ published: true, version: 3 });
    // Version 2 is taken (rolled back, never current again): refused, then published as 3.
    expect(requests).toEqual([
      'GET /v1/packs/current',
      'POST /v1/packs',
      'GET /v1/packs',
      'GET /v1/packs/current',
      'POST /v1/packs',
    ]);

    // A rule id another pack of the team already has: refused by the server, said from the rule.
    await draftTip(db, 'Clash.', 'taken-id');
    const clash = await engine.publishDraft('taken-id', parse);
    expect(clash).toEqual({
      published: false,
      problems: [{ path: 'id', message: expect.stringMatching(/already the id of a rule in pack "other-pack"/) }],
    });
    expect(await db.drafts.get('taken-id')).toBeDefined();
    // A draft with its own problems never reaches the server.
    await saveDraft(
      db,
      { id: 'bad', rule: { ...tipOf(starter, 'find-account'), id: 'bad', steps: [] }, packId: starter.id },
      1,
    );
    requests.length = 0;
    expect(await engine.publishDraft('bad', parse)).toMatchObject({ published: false, problems: [{ path: 'steps' }] });
    expect(requests).toEqual(['GET /v1/packs/current']);
  });

  it('rolls the team’s pack back to a kept version on the server, and refuses when not connected', async () => {
    const ws = await server.workspace();
    await ws.admin.post('/v1/packs', starter);
    const { db, engine } = extension();
    await engine.connect(server.url, ws.adminToken);
    await draftTip(db, 'Version two.');
    await engine.publishDraft('find-account', parse);
    expect(await engine.restoreTeamVersion(starter.id, 1)).toEqual({ version: 1, problems: [] });
    expect((await ws.admin.get('/v1/packs')).body.packs[0].currentVersion).toBe(1);
    expect((await db.packs.get(starter.id))?.version).toBe(1);
    // A pack written here is not the team's: the local path answers it.
    expect(await engine.restoreTeamVersion('written-here', 1)).toBeNull();

    await engine.disconnect();
    await draftTip(db, 'Offline.');
    expect(await engine.publishDraft('find-account', parse)).toEqual({
      published: false,
      problems: [{ path: '', message: expect.stringMatching(/not connected to the team server.*draft is kept/) }],
    });
    expect(await db.drafts.get('find-account')).toBeDefined();
  });

  it('keeps the draft when the server cannot be reached, and publishes it once it answers', async () => {
    const ws = await server.workspace();
    await ws.admin.post('/v1/packs', starter);
    const { db, engine } = extension();
    await engine.connect(server.url, ws.adminToken);
    await draftTip(db, 'While the server is down.');
    await server.close();
    try {
      expect(await engine.publishDraft('find-account', parse)).toEqual({
        published: false,
        problems: [
          {
            path: '',
            message: expect.stringMatching(
              /could not be reached.*Publish again when the server answers.*draft is kept/,
            ),
          },
        ],
      });
      expect(await db.drafts.get('find-account')).toBeDefined();
      expect((await db.packs.get(starter.id))?.version).toBe(1);
    } finally {
      await start();
    }
    expect(await engine.publishDraft('find-account', parse)).toMatchObject({ published: true, version: 2 });
  });
});
