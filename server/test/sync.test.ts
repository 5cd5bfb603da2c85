import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../sync/schemas';
import { DATABASE_KINDS } from './helpers/databases';
import { startServer, type TestServer } from './helpers/server';

const usage = (seq: number, count: number, ruleId = 'rule-a', day = '2026-03-02'): Batch => ({
  seq,
  kind: 'usage',
  createdAt: Date.now(),
  deltas: [
    { ruleId, stepId: 'step-1', event: 'shown', day, count },
    { ruleId, stepId: '', event: 'completed', day, count: 1 },
  ],
});

describe.each(DATABASE_KINDS)('outbox pushes on %s', (kind) => {
  let server: TestServer;
  let failNext = false;
  beforeAll(async () => {
    server = await startServer(kind, {
      ingest: {
        beforeCommit: () => {
          if (failNext) {
            failNext = false;
            throw new Error('injected failure after the effects were written');
          }
        },
      },
    });
  });
  afterAll(() => server?.close());

  it('applies each batch once: resent, duplicated inside a push, reordered, or after a later one', async () => {
    const ws = await server.workspace();
    const { client } = await ws.member();
    const push = (batches: Batch[], installationId = 'install-0001') =>
      client.post('/v1/sync/push', { installationId, batches });

    expect((await push([usage(1, 5), usage(2, 7)])).body).toEqual({ lastSeq: 2, applied: [1, 2], duplicates: [] });
    expect((await push([usage(1, 5), usage(2, 7)])).body).toEqual({ lastSeq: 2, applied: [], duplicates: [1, 2] });
    // Sent out of order: sorted, the old one acknowledged, the new one applied.
    expect((await push([usage(3, 11), usage(2, 7)])).body).toEqual({ lastSeq: 3, applied: [3], duplicates: [2] });
    // The same seq twice in one push is a client bug: refused whole, nothing applied.
    const twice = await push([usage(4, 1), usage(4, 1)]);
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('appears twice');
    // A gap (batches set aside on the client) is allowed.
    expect((await push([usage(9, 2)])).body).toEqual({ lastSeq: 9, applied: [9], duplicates: [] });
    // Another installation has numbers of its own.
    expect((await push([usage(1, 100)], 'install-0002')).body.applied).toEqual([1]);

    const total = 5 + 1 + 7 + 1 + 11 + 1 + 2 + 1 + 100 + 1;
    expect(await server.total(ws.id)).toBe(total);
    await server.rollup();
    expect(await server.total(ws.id)).toBe(total);
    const counters = (await ws.admin.get('/v1/usage?ruleId=rule-a')).body.counters;
    expect(counters).toEqual([
      { day: '2026-03-02', ruleId: 'rule-a', stepId: '', event: 'completed', count: 5 },
      { day: '2026-03-02', ruleId: 'rule-a', stepId: 'step-1', event: 'shown', count: 125 },
    ]);
  });

  it('never half-applies a push: a failure after the counts are written leaves nothing, and the retry counts once', async () => {
    const ws = await server.workspace();
    const { client } = await ws.member();
    const body = {
      installationId: 'install-half',
      batches: [
        usage(1, 3),
        {
          seq: 2,
          kind: 'help',
          createdAt: 1,
          id: 'h-1',
          url: 'https://crm.example.com/x',
          text: 'Where is the amount?',
        },
      ],
    };
    failNext = true;
    const failed = await client.post('/v1/sync/push', body);
    expect(failed.status).toBe(500);
    expect(failed.body.error).toBe('server-error');
    expect(await server.total(ws.id)).toBe(0);
    expect((await ws.admin.get('/v1/inbox')).body.items).toEqual([]);

    expect((await client.post('/v1/sync/push', body)).body.applied).toEqual([1, 2]);
    expect((await client.post('/v1/sync/push', body)).body.duplicates).toEqual([1, 2]);
    expect(await server.total(ws.id)).toBe(4);
    expect((await ws.admin.get('/v1/inbox')).body.items).toHaveLength(1);
  });

  it('takes requests, comments, suggestions and target-missing reports once each; admins list and resolve them', async () => {
    const ws = await server.workspace();
    const { client } = await ws.member('Sam Seller');
    const now = Date.parse('2026-03-02T10:00:00Z');
    const batches: Batch[] = [
      {
        seq: 1,
        kind: 'help',
        createdAt: now,
        id: 'req-1',
        url: 'https://crm.example.com/opportunities/new',
        text: "I can't find the amount field",
        ruleId: 'new-opportunity',
        stepId: 'amount',
      },
      {
        seq: 2,
        kind: 'comment',
        createdAt: now,
        id: 'c-1',
        ruleId: 'new-opportunity',
        stepId: 'name',
        text: 'The example name is confusing',
      },
      {
        seq: 3,
        kind: 'suggestion',
        createdAt: now,
        id: 's-1',
        text: 'Handy for new starters',
        rule: {
          id: 'tip-forecast',
          name: 'Forecast tip',
          kind: 'tip',
          status: 'draft',
          where: { urls: ['https://crm.example.com/reports'] },
          start: 'auto',
          steps: [
            {
              id: 'only',
              target: { selector: '#forecast' },
              title: 'Forecast',
              brief: 'Check **Commit** only when signed.',
              advance: 'next',
            },
          ],
        },
      },
      { seq: 4, kind: 'suggestion', createdAt: now, id: 's-2', rule: { id: 'broken', kind: 'tip' } },
      {
        seq: 5,
        kind: 'target-missing',
        createdAt: now,
        ruleId: 'new-opportunity',
        stepId: 'amount',
        url: 'https://crm.example.com/opportunities/new',
        selector: '#opp-amount',
        count: 12,
      },
    ];
    await client.post('/v1/sync/push', { installationId: 'install-inbox', batches });
    await client.post('/v1/sync/push', { installationId: 'install-inbox', batches });

    const listed = await ws.admin.get('/v1/inbox');
    expect(listed.status).toBe(200);
    const items = listed.body.items as {
      id: string;
      kind: string;
      text: string | null;
      from: string;
      details: Record<string, unknown>;
    }[];
    expect(items.map((i) => i.kind).sort()).toEqual(['comment', 'help', 'suggestion', 'suggestion', 'target-missing']);
    expect(items.every((i) => i.from === 'Sam Seller')).toBe(true);
    const help = items.find((i) => i.kind === 'help')!;
    expect(help).toMatchObject({
      text: "I can't find the amount field",
      ruleId: 'new-opportunity',
      stepId: 'amount',
      status: 'open',
    });
    const good = items.find((i) => i.kind === 'suggestion' && i.text)!;
    expect(good.details.problems).toEqual([]);
    const bad = items.find((i) => i.kind === 'suggestion' && !i.text)!;
    expect((bad.details.problems as { path: string }[]).length).toBeGreaterThan(0);
    expect(items.find((i) => i.kind === 'target-missing')!.details).toEqual({ count: 12, selector: '#opp-amount' });

    const resolved = await ws.admin.patch(`/v1/inbox/${help.id}`, {
      status: 'resolved',
      resolution: 'Added a hint to the amount step',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Added a hint to the amount step' });
    expect((await ws.admin.get('/v1/inbox?status=open')).body.items).toHaveLength(4);
    expect(
      (await ws.admin.get('/v1/inbox?kind=help&status=resolved')).body.items.map((i: { id: string }) => i.id),
    ).toEqual([help.id]);
    const page1 = (await ws.admin.get('/v1/inbox?limit=2')).body.items;
    const page2 = (await ws.admin.get(`/v1/inbox?limit=10&after=${page1[1].id}`)).body.items;
    expect([...page1, ...page2].map((i: { id: string }) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect((await ws.admin.patch(`/v1/inbox/${help.id}`, { status: 'open' })).body).toMatchObject({
      status: 'open',
      resolution: null,
    });
  });
});
