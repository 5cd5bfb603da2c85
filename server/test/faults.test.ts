/**
 * Faults, each with the server's totals checked against every event generated: the server killed
 * mid-batches and started again, every push sent twice at once, answers cut off by a proxy, a day
 * offline, and two servers on one PostgreSQL taking the same installations' retries at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../auth/tokens';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { type ServerProcess, spawnServer } from '../dev/process';
import { totalUsage } from '../usage/read';
import { rollupAll } from '../usage/rollup';
import { startCuttingProxy } from './helpers/cutting-proxy';
import { createTestDatabase, DATABASE_KINDS, type DatabaseKind, type TestDatabase } from './helpers/databases';
import { client } from './helpers/http';
import { Installation } from './helpers/installation';
import { startServer } from './helpers/server';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** A workspace and a member token made directly in `db` (before any server runs on it). */
async function seed(test: TestDatabase) {
  const database = await openDatabase(test);
  try {
    await migrate(database.scripts);
    const ws = await createWorkspace(database.db, { name: 'Faults', adminName: 'Admin' });
    return { workspaceId: ws.workspaceId, token: ws.token };
  } finally {
    await database.close();
  }
}

async function totals(test: TestDatabase, workspaceId: string) {
  const database = await openDatabase(test);
  try {
    const beforeRollup = await totalUsage(database.db, workspaceId);
    await rollupAll(database.db);
    return { beforeRollup, afterRollup: await totalUsage(database.db, workspaceId) };
  } finally {
    await database.close();
  }
}

function serverEnv(test: TestDatabase): Record<string, string> {
  return test.databaseUrl
    ? { DATABASE_URL: test.databaseUrl, RATE_LIMIT_PER_MINUTE: '100000', ROLLUP_INTERVAL_MS: '100' }
    : // An empty DATABASE_URL: the server must not pick up the one the tests themselves were given.
      { DATABASE_URL: '', DATA_DIR: test.dataDir, RATE_LIMIT_PER_MINUTE: '100000', ROLLUP_INTERVAL_MS: '100' };
}

describe.each(DATABASE_KINDS)('faults on %s', { timeout: 900_000 }, (kind: DatabaseKind) => {
  it('loses and doubles nothing when the server is killed (SIGKILL) in the middle of batches, twice, and started again', async () => {
    const test = await createTestDatabase(kind);
    cleanups.push(() => test.drop());
    const { workspaceId, token } = await seed(test);
    let server: ServerProcess = await spawnServer(serverEnv(test));
    cleanups.push(() => server.kill());
    let url = server.url;
    const installations = Array.from({ length: 4 }, (_, i) => new Installation(100 + i));
    let stop = false;
    let pushes = 0;
    const work = installations.map(async (inst) => {
      while (!stop) {
        inst.use(40 + Math.floor(Math.random() * 40));
        if (Math.random() < 0.1) inst.ask('Which stage after Proposal?');
        try {
          pushes++;
          await inst.sync({ serverUrl: url, token, timeoutMs: 5000, maxBatches: 3 });
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });
    for (let round = 0; round < 2; round++) {
      const seen = pushes;
      while (pushes < seen + 24) await new Promise((r) => setTimeout(r, 20));
      await server.kill('SIGKILL');
      server = await spawnServer(serverEnv(test));
      url = server.url;
    }
    const seen = pushes;
    while (pushes < seen + 20) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(work);
    for (const inst of installations) await inst.syncUntilEmpty(() => ({ serverUrl: url, token, timeoutMs: 10_000 }));
    await server.kill('SIGTERM');

    const generated = installations.reduce((n, i) => n + i.generated, 0);
    const requests = installations.reduce((n, i) => n + i.requests, 0);
    expect(generated).toBeGreaterThan(0);
    const { beforeRollup, afterRollup } = await totals(test, workspaceId);
    expect(beforeRollup).toBe(generated);
    expect(afterRollup).toBe(generated);
    server = await spawnServer(serverEnv(test));
    const inbox = await client(server.url, token).get('/v1/inbox?kind=help&limit=500');
    expect(inbox.body.items).toHaveLength(requests);
    await server.kill('SIGTERM');
  });

  it('counts once when every push is sent twice at the same time, and when answers are cut off mid-way', async () => {
    const server = await startServer(kind);
    cleanups.push(() => server.close());
    const ws = await server.workspace();
    const { token } = await ws.member();
    // Each push goes out twice at once; the client reads whichever answer comes first.
    const twice: typeof fetch = (input, init) => {
      const a = fetch(input, init);
      const b = fetch(input, init);
      return Promise.any([a, b]);
    };
    const doubled = Array.from({ length: 4 }, (_, i) => new Installation(200 + i));
    const proxy = await startCuttingProxy(server.url, 0.35);
    cleanups.push(() => proxy.close());
    const cut = Array.from({ length: 4 }, (_, i) => new Installation(300 + i));
    let failures = 0;
    for (let round = 0; round < 8; round++) {
      for (const inst of [...doubled, ...cut]) inst.use(30 + round);
      await Promise.all([
        ...doubled.map((inst) => inst.sync({ serverUrl: server.url, token, fetch: twice, maxBatches: 2 })),
        ...cut.map(async (inst) => {
          failures += await inst.syncUntilEmpty(() => ({
            serverUrl: proxy.url,
            token,
            timeoutMs: 5000,
            maxBatches: 2,
          }));
        }),
      ]);
    }
    for (const inst of doubled) await inst.syncUntilEmpty(() => ({ serverUrl: server.url, token, fetch: twice }));
    expect(proxy.cuts).toBeGreaterThan(5);
    expect(failures).toBeGreaterThan(0);
    const generated = [...doubled, ...cut].reduce((n, i) => n + i.generated, 0);
    expect(await server.total(ws.id)).toBe(generated);
    await server.rollup();
    expect(await server.total(ws.id)).toBe(generated);
  });

  it('takes a day offline: 100,000 events in one flush a minute, then synced', async () => {
    const server = await startServer(kind);
    cleanups.push(() => server.close());
    const ws = await server.workspace();
    const { token } = await ws.member();
    const inst = new Installation(400, 60);
    const minutes = 24 * 60;
    let left = 100_000;
    for (let m = 0; m < minutes; m++) {
      const events = m === minutes - 1 ? left : Math.floor(100_000 / minutes);
      left -= events;
      inst.use(events, m < minutes / 2 ? '2026-03-02' : '2026-03-03');
      if (m % 240 === 0) inst.ask(`Stuck at minute ${m}`);
    }
    expect(inst.generated).toBe(100_000);
    expect(inst.outbox.length).toBe(minutes + 6);
    const outcome = await inst.sync({ serverUrl: server.url, token });
    expect(outcome.acknowledged).toBe(minutes + 6);
    expect(inst.outbox).toEqual([]);
    expect(await server.total(ws.id)).toBe(100_000);
    await server.rollup();
    const counters = (await ws.admin.get('/v1/usage')).body.counters as { day: string; count: number }[];
    expect(counters.reduce((n, c) => n + c.count, 0)).toBe(100_000);
    expect(new Set(counters.map((c) => c.day))).toEqual(new Set(['2026-03-02', '2026-03-03']));
    expect((await ws.admin.get('/v1/inbox?kind=help')).body.items).toHaveLength(6);
  });
});

describe('two servers on one PostgreSQL', { timeout: 900_000 }, () => {
  it("count each batch once when both receive the same installations' retries at once", async () => {
    const test = await createTestDatabase('postgres');
    cleanups.push(() => test.drop());
    const { workspaceId, token } = await seed(test);
    const one = await spawnServer(serverEnv(test));
    cleanups.push(() => one.kill());
    const two = await spawnServer(serverEnv(test));
    cleanups.push(() => two.kill());
    // Every push goes to both servers at the same moment.
    const both: typeof fetch = (input, init) => {
      const path = new URL(String(input)).pathname;
      return Promise.any([fetch(`${one.url}${path}`, init), fetch(`${two.url}${path}`, init)]);
    };
    const installations = Array.from({ length: 8 }, (_, i) => new Installation(500 + i));
    for (let round = 0; round < 10; round++) {
      for (const inst of installations) {
        inst.use(25 + round);
        if (round % 5 === 0) inst.ask('Two servers, one request');
      }
      await Promise.all(
        installations.map((inst) =>
          inst.syncUntilEmpty(() => ({ serverUrl: one.url, token, fetch: both, maxBatches: 3 })),
        ),
      );
    }
    await one.kill('SIGTERM');
    await two.kill('SIGTERM');
    const generated = installations.reduce((n, i) => n + i.generated, 0);
    const { beforeRollup, afterRollup } = await totals(test, workspaceId);
    expect(beforeRollup).toBe(generated);
    expect(afterRollup).toBe(generated);
  });
});
