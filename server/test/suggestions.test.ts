/**
 * Personal tips suggested to the team, end to end over HTTP: a member's extension (its real
 * database code on an in-memory IndexedDB, its real sync engine) suggests a tip with no server
 * connected (it waits), connects, and the server's inbox gets it exactly once; an admin's
 * extension lists the team's suggestions, declines one with a note and publishes another into a
 * pack, and the server's inbox says so.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StepwiseDatabase } from '../../background/db/database';
import type { Parse } from '../../background/db/drafts';
import { readPackRules } from '../../background/db/packs';
import { createTip, saveTipWords, suggestTip } from '../../background/db/personal-tips';
import { tipHandlers } from '../../background/handlers/tips';
import { SyncEngine } from '../../background/sync/engine';
import type { Suggestion, TeamSuggestions } from '../../messaging/areas/tips';
import { parsePack } from '../../rules/index';
import { createTestDatabase, type TestDatabase } from './helpers/databases';
import { startServer, type TestServer } from './helpers/server';

let testDatabase: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  testDatabase = await createTestDatabase('pglite');
  server = await startServer('pglite', { testDatabase });
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

const parse: Parse = (input) => {
  const parsed = parsePack(input);
  return { pack: parsed.pack, problems: parsed.problems };
};

/** An extension: its store, sync engine and tip handlers, as the background composes them. */
function extension() {
  // The background's store but its browser glue (the handlers need its database and clock).
  const db = new StepwiseDatabase({ name: `suggest-${crypto.randomUUID()}` });
  const store = { db, now: Date.now, guard: <T>(_: string, op: () => Promise<T>) => op(), contentChanged: () => {} };
  dbs.push(db);
  const engine = new SyncEngine({
    db: store.db,
    now: Date.now,
    parsePack: (input) => {
      const parsed = parsePack(input);
      return { pack: parsed.pack, problems: parsed.problems, skipped: parsed.skipped };
    },
    flushUsage: async () => undefined,
    contentChanged: () => undefined,
    random: () => 0,
  });
  const handlers = tipHandlers(store, engine, parse);
  return { db: store.db, engine, handlers };
}

const PAGE = 'http://127.0.0.1:4173/opportunities/new';

async function writtenTip(db: StepwiseDatabase, text: string, selector: string) {
  const tip = await createTip(db, 'local', { url: PAGE, target: { selector }, elementName: selector }, Date.now());
  await saveTipWords(db, 'local', tip.id, { title: '', text }, Date.now());
  return tip;
}

describe('tip suggestions reaching the team server (PGlite)', () => {
  it('waits with no server, reaches the inbox exactly once, and an admin declines and publishes', async () => {
    const ws = await server.workspace();
    const member = await ws.member('Robin');
    const robin = extension();
    const amount = await writtenTip(robin.db, 'Type the amount **before** tax.', 'input[name="amount"]');
    const stage = await writtenTip(robin.db, 'Ask the buyer first.', 'select[name="stage"]');
    await suggestTip(robin.db, 'local', amount.id, Date.now());
    await suggestTip(robin.db, 'local', stage.id, Date.now());
    // No server yet: kept, waiting.
    expect((await robin.engine.status()).waiting).toBe(2);
    expect((await robin.db.personalTips.get(amount.id))?.suggestion?.status).toBe('queued');

    const status = await robin.engine.connect(server.url, member.token);
    expect(status).toMatchObject({ connected: true, waiting: 0 });
    expect((await robin.db.personalTips.get(amount.id))?.suggestion?.status).toBe('sent');
    // Synced again (twice at once): nothing arrives twice.
    await Promise.all([robin.engine.syncNow(), robin.engine.syncNow()]);
    const inbox = (await ws.admin.get('/v1/inbox?kind=suggestion')).body.items as { ruleId: string; from: string }[];
    expect(inbox.map((i) => [i.ruleId, i.from]).sort()).toEqual(
      [
        [amount.id, 'Robin'],
        [stage.id, 'Robin'],
      ].sort(),
    );

    // A member cannot read the team's suggestions: said in words.
    const asMember = await robin.handlers['suggestions.list']({ type: 'suggestions.list' }, {} as never);
    expect(asMember.team).toEqual({ status: 'error', message: expect.stringMatching(/needs an admin token/) });

    const admin = extension();
    await admin.engine.connect(server.url, ws.adminToken);
    const listed = await admin.handlers['suggestions.list']({ type: 'suggestions.list' }, {} as never);
    const team = listed.team as Extract<TeamSuggestions, { status: 'connected' }>;
    expect(team.status).toBe('connected');
    const byRule = new Map(team.items.map((s: Suggestion) => [(s.rule as { id: string }).id, s]));
    const amountItem = byRule.get(amount.id)!;
    const stageItem = byRule.get(stage.id)!;
    expect(amountItem).toMatchObject({
      source: 'team',
      from: 'Robin',
      text: 'Type the amount **before** tax.',
      problems: [],
    });

    await admin.handlers['suggestions.decline'](
      { type: 'suggestions.decline', source: 'team', id: stageItem.id, note: 'The stage has its own walkthrough.' },
      {} as never,
    );
    const published = await admin.handlers['suggestions.publish'](
      {
        type: 'suggestions.publish',
        source: 'team',
        id: amountItem.id,
        rule: { ...(amountItem.rule as object), name: 'Amounts before tax' },
        packId: 'team-tips',
        packName: 'Team tips',
      },
      {} as never,
    );
    expect(published).toEqual({ published: true, packId: 'team-tips', version: 1, serverUpdated: true });
    expect(await readPackRules(admin.db, 'team-tips')).toEqual([
      expect.objectContaining({ id: amount.id, name: 'Amounts before tax', status: 'published' }),
    ]);

    const resolved = (await ws.admin.get('/v1/inbox?kind=suggestion&status=resolved')).body.items as {
      id: string;
      resolution: string;
    }[];
    expect(new Map(resolved.map((i) => [i.id, i.resolution]))).toEqual(
      new Map([
        [stageItem.id, 'The stage has its own walkthrough.'],
        [amountItem.id, 'Published in pack "team-tips" (version 1).'],
      ]),
    );
    const again = await admin.handlers['suggestions.list']({ type: 'suggestions.list' }, {} as never);
    expect(again.team).toEqual({ status: 'connected', items: [] });
  });

  it('publishes a suggestion into one of the team’s packs on the team server, not only in this browser', async () => {
    const ws = await server.workspace();
    const teamPack = { format: 2, id: 'team-help', name: 'Team help', version: 4, rules: [], checklists: [] };
    expect((await ws.admin.post('/v1/packs', teamPack)).status).toBe(201);
    const robin = extension();
    const tip = await writtenTip(robin.db, 'Round to whole euros.', 'input[name="amount"]');
    await suggestTip(robin.db, 'local', tip.id, Date.now());
    await robin.engine.connect(server.url, (await ws.member('Robin')).token);

    const admin = extension();
    await admin.engine.connect(server.url, ws.adminToken);
    expect((await admin.db.packs.get('team-help'))?.source).toBe('server');
    const listed = await admin.handlers['suggestions.list']({ type: 'suggestions.list' }, {} as never);
    const item = (listed.team as Extract<TeamSuggestions, { status: 'connected' }>).items[0]!;
    const published = await admin.handlers['suggestions.publish'](
      { type: 'suggestions.publish', source: 'team', id: item.id, rule: item.rule, packId: 'team-help' },
      {} as never,
    );
    expect(published).toMatchObject({ published: true, packId: 'team-help', version: 5, serverUpdated: true });
    // On the server: version 5 is current and holds the tip, so every member gets it.
    expect((await ws.admin.get('/v1/packs')).body.packs[0].currentVersion).toBe(5);
    const onServer = (await ws.admin.get('/v1/packs/team-help/versions/5')).body as { rules: { id: string }[] };
    expect(onServer.rules.map((r) => r.id)).toEqual([tip.id]);
    await robin.engine.syncNow();
    expect((await readPackRules(robin.db, 'team-help')).map((r) => r.id)).toEqual([tip.id]);
  });
});
