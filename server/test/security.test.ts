import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../rules/model';
import { DATABASE_KINDS } from './helpers/databases';
import { client } from './helpers/http';
import { startServer, type TestServer } from './helpers/server';

const starter = JSON.parse(
  readFileSync(new URL('../../packs/acme-crm-starter.json', import.meta.url), 'utf8'),
) as RulePack;

/** Every route, with a valid example request; `admin` routes refuse member tokens. */
const ROUTES: { method: string; path: string; admin: boolean; body?: unknown }[] = [
  { method: 'GET', path: '/v1/me', admin: false },
  { method: 'GET', path: '/v1/packs/current', admin: false },
  {
    method: 'POST',
    path: '/v1/sync/push',
    admin: false,
    body: { installationId: 'install-sec-1', batches: [{ seq: 1, kind: 'usage', createdAt: 1, deltas: [] }] },
  },
  { method: 'GET', path: '/v1/tokens', admin: true },
  { method: 'POST', path: '/v1/tokens', admin: true, body: { name: 'New person', role: 'member' } },
  { method: 'DELETE', path: '/v1/tokens/abcdefghijklmnop', admin: true },
  { method: 'GET', path: '/v1/packs', admin: true },
  { method: 'POST', path: '/v1/packs', admin: true, body: starter },
  { method: 'GET', path: '/v1/packs/acme-crm-starter/versions/1', admin: true },
  { method: 'PUT', path: '/v1/packs/acme-crm-starter/current', admin: true, body: { version: 1 } },
  { method: 'GET', path: '/v1/usage', admin: true },
  { method: 'GET', path: '/v1/inbox', admin: true },
  {
    method: 'PATCH',
    path: '/v1/inbox/00000000-0000-0000-0000-000000000000',
    admin: true,
    body: { status: 'resolved' },
  },
  { method: 'GET', path: '/v1/insights/funnels', admin: true },
  { method: 'GET', path: '/v1/insights/outcomes', admin: true },
  { method: 'GET', path: '/v1/insights/health', admin: true },
  { method: 'GET', path: '/v1/insights/rules', admin: true },
];

const SQLISH = [
  "'); DROP TABLE usage_counters; --",
  "x' OR '1'='1",
  'Robert"); DELETE FROM tokens WHERE (1=1',
  '$1 $$ ; SELECT pg_sleep(10); --',
  "\\x00\\' ; TRUNCATE inbox_items",
];

describe.each(DATABASE_KINDS)('security on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(() => server?.close());

  it('lists every route of the OpenAPI document here, so none escapes these checks', async () => {
    const doc = (await client(server.url).get('/openapi.json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const known = ROUTES.map(
      (r) => `${r.method} ${r.path.replace(/\/(acme-crm-starter|abcdefghijklmnop|0000[-0]+)/g, (_m, _v) => _m)}`,
    );
    expect(documented.length).toBe(ROUTES.length);
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string];
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      expect(
        ROUTES.some((r) => r.method === method && pattern.test(r.path)),
        route,
      ).toBe(true);
    }
    expect(known).toHaveLength(ROUTES.length);
  });

  it.each(ROUTES)('$method $path refuses no token, a wrong token and a revoked one', async (route) => {
    const ws = await server.workspace();
    const member = await ws.member();
    await ws.admin.delete(`/v1/tokens/${member.tokenId}`);
    const [, id] = ws.adminToken.split('.');
    const wrongSecret = `stw.${id}.${'A'.repeat(43)}`;
    for (const token of [undefined, 'not-a-token', wrongSecret, member.token]) {
      const answer = await client(server.url, token).request(route.method, route.path, route.body);
      expect(answer.status, `${token}`).toBe(401);
      expect(answer.body.error).toBe('unauthorized');
      expect(answer.body.message).toMatch(/token/i);
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    }
    const revoked = await client(server.url, member.token).request(route.method, route.path, route.body);
    expect(revoked.body.message).toContain('revoked');
  });

  it.each(ROUTES.filter((r) => r.admin))('$method $path refuses a member token', async (route) => {
    const ws = await server.workspace();
    const { client: member } = await ws.member();
    const answer = await member.request(route.method, route.path, route.body);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: 'forbidden', message: 'This needs an admin token; yours is a member token' });
  });

  it("never shows or changes another workspace's packs, tokens, inbox items, usage or installations", async () => {
    const a = await server.workspace('A');
    const b = await server.workspace('B');
    await a.admin.post('/v1/packs', starter);
    const aMember = await a.member();
    await aMember.client.post('/v1/sync/push', {
      installationId: 'shared-install-id',
      batches: [
        {
          seq: 1,
          kind: 'usage',
          createdAt: 1,
          deltas: [{ ruleId: 'r', stepId: '', event: 'shown', day: '2026-03-02', count: 4 }],
        },
        { seq: 2, kind: 'help', createdAt: 1, id: 'q', url: 'https://crm.example.com/', text: 'A needs help' },
      ],
    });
    const aItem = (await a.admin.get('/v1/inbox')).body.items[0];

    expect((await b.admin.get('/v1/packs')).body.packs).toEqual([]);
    expect((await b.admin.get('/v1/packs/current')).body.packs).toEqual([]);
    expect((await b.admin.get('/v1/packs/acme-crm-starter/versions/1')).status).toBe(404);
    expect((await b.admin.put('/v1/packs/acme-crm-starter/current', { version: null })).status).toBe(404);
    expect((await b.admin.delete(`/v1/tokens/${aMember.tokenId}`)).status).toBe(404);
    expect((await b.admin.patch(`/v1/inbox/${aItem.id}`, { status: 'resolved' })).status).toBe(404);
    expect((await b.admin.get(`/v1/inbox?after=${aItem.id}`)).status).toBe(400);
    expect((await b.admin.get('/v1/inbox')).body.items).toEqual([]);
    expect((await b.admin.get('/v1/usage')).body.counters).toEqual([]);
    expect((await b.admin.get('/v1/tokens')).body.tokens.map((t: { name: string }) => t.name)).toEqual(['Admin']);
    // The same installation id in B is another installation: its batch 1 is applied there, and A is untouched.
    const bMember = await b.member();
    const pushed = await bMember.client.post('/v1/sync/push', {
      installationId: 'shared-install-id',
      batches: [
        {
          seq: 1,
          kind: 'usage',
          createdAt: 1,
          deltas: [{ ruleId: 'r', stepId: '', event: 'shown', day: '2026-03-02', count: 1 }],
        },
      ],
    });
    expect(pushed.body.applied).toEqual([1]);
    expect(await server.total(a.id)).toBe(4);
    expect(await server.total(b.id)).toBe(1);
    expect((await a.admin.get('/v1/inbox')).body.items[0].status).toBe('open');
    expect((await a.admin.put('/v1/packs/acme-crm-starter/current', { version: 1 })).status).toBe(200);
  });

  it('refuses oversized and malformed bodies, and __proto__ or constructor.prototype keys, with JSON errors', async () => {
    const ws = await server.workspace();
    const { client: member } = await ws.member();
    const big = {
      installationId: 'install-big',
      batches: [
        { seq: 1, kind: 'help', createdAt: 1, id: 'h', url: 'https://x.example/', text: 'x'.repeat(5 * 1024 * 1024) },
      ],
    };
    const tooBig = await member.post('/v1/sync/push', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toBe('body-too-large');

    const malformed = await member.post('/v1/sync/push', '{"installationId": "install-1", "batches": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('bad-request');
    expect(typeof malformed.body.message).toBe('string');

    const proto = await member.post(
      '/v1/sync/push',
      '{"installationId":"install-proto","batches":[{"seq":1,"kind":"usage","createdAt":1,"deltas":[],"__proto__":{"admin":true}}]}',
    );
    expect(proto.status).toBe(400);
    const ctor = await ws.admin.post('/v1/packs', `{"id":"p","constructor":{"prototype":{"polluted":true}}}`);
    expect(ctor.status).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const unknownField = await member.post('/v1/sync/push', { installationId: 'install-x1', batches: [], extra: 1 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'is not a known field' },
        { path: 'batches', message: expect.any(String) },
      ]),
    );
    const wrongKind = await member.post('/v1/sync/push', {
      installationId: 'install-x1',
      batches: [{ seq: 1, kind: 'telemetry', createdAt: 1 }],
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.problems[0].path).toBe('batches[0].kind');
    const notJson = await member.request('POST', '/v1/sync/push', 'hello', { 'content-type': 'text/plain' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid-body');
    expect(await server.total(ws.id)).toBe(0);
  });

  it('stores SQL-looking strings in every text field as plain text, and nothing else changes', async () => {
    const ws = await server.workspace();
    const { client: member } = await ws.member();
    const deltas = SQLISH.map((s) => ({ ruleId: s, stepId: s, event: 'shown', day: '2026-03-02', count: 1 }));
    const batches = SQLISH.flatMap((s, i) => [
      {
        seq: i * 5 + 1,
        kind: 'help',
        createdAt: 1,
        id: s,
        url: `https://crm.example.com/?q=${encodeURIComponent(s)}`,
        text: s,
        ruleId: s,
        stepId: s,
      },
      {
        seq: i * 5 + 2,
        kind: 'comment',
        createdAt: 1,
        id: s,
        ruleId: s,
        stepId: s,
        url: 'https://crm.example.com/',
        text: s,
      },
      { seq: i * 5 + 3, kind: 'suggestion', createdAt: 1, id: s, text: s, rule: { id: s, name: s } },
      {
        seq: i * 5 + 4,
        kind: 'target-missing',
        createdAt: 1,
        ruleId: s,
        stepId: s,
        url: 'https://crm.example.com/',
        selector: s,
        count: 1,
      },
      { seq: i * 5 + 5, kind: 'usage', createdAt: 1, deltas: [deltas[i]] },
    ]);
    const pushed = await member.post('/v1/sync/push', { installationId: 'install-sql', batches });
    expect(pushed.status).toBe(200);
    const named = await ws.admin.post('/v1/tokens', { name: SQLISH[0], role: 'member' });
    expect(named.body.info.name).toBe(SQLISH[0]);
    const packWithSql = {
      ...structuredClone(starter),
      id: 'sql-pack',
      name: SQLISH[1],
      description: SQLISH[2],
      checklists: [],
    };
    packWithSql.rules = [{ ...packWithSql.rules[2]!, id: 'sql-rule', name: SQLISH[3]! }];
    expect((await ws.admin.post('/v1/packs', packWithSql)).status).toBe(201);

    const items = (await ws.admin.get('/v1/inbox?limit=500')).body.items as {
      kind: string;
      text: string | null;
      ruleId: string;
    }[];
    expect(items).toHaveLength(SQLISH.length * 4);
    for (const s of SQLISH) {
      expect(
        items
          .filter((i) => i.ruleId === s)
          .map((i) => i.kind)
          .sort(),
      ).toEqual(['comment', 'help', 'suggestion', 'target-missing']);
    }
    const usage = (await ws.admin.get('/v1/usage')).body.counters as {
      ruleId: string;
      stepId: string;
      count: number;
    }[];
    expect(usage.map((u) => u.ruleId).sort()).toEqual([...SQLISH].sort());
    expect(usage.every((u) => u.ruleId === u.stepId && u.count === 1)).toBe(true);
    for (const s of SQLISH) {
      const filtered = await ws.admin.get(`/v1/usage?ruleId=${encodeURIComponent(s)}`);
      expect(filtered.body.counters.map((c: { ruleId: string }) => c.ruleId)).toEqual([s]);
    }
    expect((await ws.admin.get('/v1/packs/current')).body.packs[0]).toMatchObject({
      name: SQLISH[1],
      description: SQLISH[2],
    });
    // Every table is still there and the other workspaces' data untouched.
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tokens`.execute(server.database.db);
    expect(rows[0]!.n).toBeGreaterThan(2);
  });

  it('stores only a hash of each token, and a token with the right id but the wrong secret is refused', async () => {
    const ws = await server.workspace();
    const made = await ws.admin.post('/v1/tokens', { name: 'Jo', role: 'member' });
    const secret = made.body.token.split('.')[2];
    const { rows } = await sql<{
      h: string;
    }>`SELECT encode(secret_hash, 'hex') AS h, name FROM tokens WHERE id = ${made.body.info.id}`.execute(
      server.database.db,
    );
    expect(rows[0]!.h).toHaveLength(64);
    expect(rows[0]!.h).not.toContain(Buffer.from(secret).toString('hex'));
    expect((await client(server.url, made.body.token).get('/v1/me')).body.token.name).toBe('Jo');
    const tampered = `${made.body.token.slice(0, -1)}${made.body.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await client(server.url, tampered).get('/v1/me')).status).toBe(401);
  });

  it('sends no CORS header to a web page that asks, and no wildcard ever', async () => {
    const answer = await client(server.url).request('OPTIONS', '/v1/packs/current', undefined, {
      origin: 'https://evil.example',
      'access-control-request-method': 'GET',
    });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const get = await client(server.url).get('/health', { origin: 'https://evil.example' });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits and CORS origins (PGlite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('pglite', {
      config: { rateLimitPerMinute: 5, authFailuresPerMinute: 3, corsOrigins: ['https://admin.example.com'] },
    });
  });
  afterAll(() => server?.close());

  it('limits requests per token: one token over its limit gets 429s that say when to retry, another is unaffected', async () => {
    const ws = await server.workspace();
    const one = await ws.member('One');
    const two = await ws.member('Two');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await one.client.get('/v1/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await one.client.get('/v1/me');
    expect(limited.body.error).toBe('rate-limited');
    expect(limited.body.message).toMatch(/at most 5 a minute/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await two.client.get('/v1/me')).status).toBe(200);
  });

  it('limits wrong-token attempts per address: past the limit the address gets 429 before its token is looked at', async () => {
    const ws = await server.workspace();
    const [, id] = ws.adminToken.split('.');
    const guess = client(server.url, `stw.${id}.${'A'.repeat(43)}`);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess.get('/v1/me')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await guess.get('/v1/me');
    expect(limited.body.error).toBe('rate-limited');
    expect(limited.body.message).toMatch(/missing or wrong token .* at most 3 a minute/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The address is refused whatever token it sends until the minute is over.
    expect((await ws.admin.get('/v1/me')).status).toBe(429);
  });

  it('answers CORS only for the configured origin, by name', async () => {
    const ok = await client(server.url).get('/health', { origin: 'https://admin.example.com' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    const other = await client(server.url).get('/health', { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
