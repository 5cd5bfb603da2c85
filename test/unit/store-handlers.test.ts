import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storePack } from '../../background/db/packs';
import { dataHandlers } from '../../background/handlers/data';
import { helpHandlers } from '../../background/handlers/help';
import { storeHandlers } from '../../background/handlers/store';
import { testToolHandlers } from '../../background/handlers/test-tools';
import { usageHandlers } from '../../background/handlers/usage';
import { ProbePlanner } from '../../background/insights/probes';
import { createMessageRouter, type Handlers } from '../../background/router';
import { Store } from '../../background/store';
import { type Envelope, Message, ProductMessage } from '../../messaging/messages';
import { pack, rule } from '../fixtures/packs';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const overlay = { id: ID, url: 'https://crm.example.com/accounts', tab: { id: 3 } as chrome.tabs.Tab };

/** The handlers of a test build (with `debug.store`), or of a production build. */
function setup(build: 'test' | 'production' = 'test') {
  const store = new Store({ dbName: `handlers-${crypto.randomUUID()}`, now: () => Date.UTC(2025, 0, 2, 12) });
  const onOrigin = (r: { where: { urls: unknown[] } }, url: string) =>
    r.where.urls.some((u) => typeof u === 'string' && url.startsWith(u.replace('*', '')));
  const base = {
    ...storeHandlers(store, onOrigin, ORIGIN),
    ...usageHandlers(store),
    ...dataHandlers(store),
    ...helpHandlers(store),
  } as Handlers;
  const handlers = build === 'test' ? { ...base, ...testToolHandlers(store, base, new ProbePlanner(store.now)) } : base;
  const route = createMessageRouter(handlers, ID, ORIGIN, build === 'test' ? Message : ProductMessage);
  const send = async <T = unknown>(message: unknown, sender = page) => {
    const reply = (await route(message, sender)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { store, send, route };
}

describe('store handlers', () => {
  it('greets the overlay with the rules for its origin and the user’s state', async () => {
    const { store, send } = setup();
    await storePack(
      store.db,
      pack('crm', [
        rule('tour', { kind: 'walkthrough' }),
        rule('draft', { status: 'draft' }),
        rule('elsewhere', { where: { urls: ['https://erp.example.com/*'] } }),
      ]),
      'imported',
      1,
    );
    // A content script's page is the one the browser names as the sender, whatever it says.
    await send(
      { type: 'progress.update', ruleId: 'tour', stepIndex: 2, status: 'active', url: 'https://erp.example.com/a' },
      overlay,
    );
    await send({ type: 'rule.known', ruleId: 'tour', known: true }, overlay);
    await send({ type: 'settings.update', settings: { expertAfter: 5 } });
    const state = await send<{ rules: { id: string }[] }>(
      { type: 'overlay.hello', url: 'https://crm.example.com/accounts' },
      overlay,
    );
    expect(state).toEqual({
      enabled: true,
      rules: [expect.objectContaining({ id: 'tour' })],
      progress: {
        tour: {
          stepIndex: 2,
          status: 'active',
          updatedAt: Date.UTC(2025, 0, 2, 12),
          url: 'https://crm.example.com/accounts',
        },
      },
      completions: {},
      known: ['tour'],
      dismissedTips: [],
      settings: { expertAfter: 5 },
      checklists: [],
    });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe('on');
  });

  it('gives a content script the rules of the page the browser says it runs in, not of the one it names', async () => {
    const { store, send, route } = setup();
    await storePack(
      store.db,
      pack('two-apps', [rule('crm-tip'), rule('erp-tip', { where: { urls: ['https://erp.example.com/*'] } })]),
      'imported',
      1,
    );
    const ids = (state: { rules: { id: string }[] }) => state.rules.map((r) => r.id);
    // The page on crm.example.com asks for erp.example.com's rules, and gets its own.
    expect(ids(await send({ type: 'overlay.hello', url: 'https://erp.example.com/' }, overlay))).toEqual(['crm-tip']);
    expect(ids(await send({ type: 'overlay.hello' }, overlay))).toEqual(['crm-tip']);
    // In a frame of another origin, the frame's address counts.
    const frame = { ...overlay, url: 'https://erp.example.com/embedded', frameId: 4 };
    expect(ids(await send({ type: 'overlay.hello', url: 'https://crm.example.com/' }, frame))).toEqual(['erp-tip']);
    // An extension page (the side panel, say) names the page it asks about.
    expect(ids(await send({ type: 'overlay.hello', url: 'https://erp.example.com/' }))).toEqual(['erp-tip']);
    expect(await route({ type: 'overlay.hello' }, page)).toEqual({
      ok: false,
      error: '"overlay.hello" from an extension page must name the page it asks about in "url"',
    });
  });

  it('counts usage and exports it after writing what is still in memory', async () => {
    const { send } = setup();
    await send(
      { type: 'usage.record', events: [{ ruleId: 'tour', stepId: 's1', event: 'shown' }], batchId: 'tab:1' },
      overlay,
    );
    await send(
      { type: 'usage.record', events: [{ ruleId: 'tour', stepId: 's1', event: 'shown' }], batchId: 'tab:1' },
      overlay,
    );
    await send({ type: 'usage.record', events: [{ ruleId: 'tour', event: 'completed' }] }, overlay);
    const exported = await send<{ counters: unknown[] }>({ type: 'usage.export' });
    expect(exported).toEqual({
      exportedAt: '2025-01-02T12:00:00.000Z',
      counters: [
        { ruleId: 'tour', stepId: '', event: 'completed', day: '2025-01-02', count: 1 },
        { ruleId: 'tour', stepId: 's1', event: 'shown', day: '2025-01-02', count: 1 },
      ],
    });
  });

  it('clears local data but keeps the client’s outbox numbering', async () => {
    const { store, send } = setup();
    await storePack(store.db, pack('crm', [rule('tour')]), 'imported', 1);
    await send({ type: 'usage.record', events: [{ ruleId: 'tour', event: 'shown' }] }, overlay);
    await send({ type: 'usage.export' });
    await send({ type: 'tip.dismissed', ruleId: 'tour' }, overlay);
    expect(await send({ type: 'data.clear' })).toEqual({ cleared: true });
    for (const table of ['packs', 'rules', 'usage', 'outbox', 'dismissedTips']) {
      expect(await store.db.table(table).count(), table).toBe(0);
    }
    expect(
      (await send<{ rules: unknown[] }>({ type: 'overlay.hello', url: 'https://crm.example.com/' }, overlay)).rules,
    ).toEqual([]);
    await send({ type: 'usage.record', events: [{ ruleId: 'tour', event: 'shown' }] }, overlay);
    await send({ type: 'usage.export' });
    expect((await store.db.outbox.toArray()).map((o) => o.seq)).toEqual([2]);
  });

  it('keeps a help request and queues it for the server in one go', async () => {
    const { store, send } = setup();
    const { id } = await send<{ id: string }>({
      type: 'help.request',
      url: 'https://crm.example.com/opportunities/new',
      text: '  Which discount applies?  ',
      ruleId: 'tour',
    });
    expect(await store.db.helpRequests.get(id)).toEqual({
      id,
      createdAt: Date.UTC(2025, 0, 2, 12),
      url: 'https://crm.example.com/opportunities/new',
      text: 'Which discount applies?',
      ruleId: 'tour',
      status: 'pending',
    });
    expect(await store.db.outbox.toArray()).toEqual([expect.objectContaining({ seq: 1, kind: 'help', requestId: id })]);
  });

  it('keeps a request’s context and a comment, copies each whole into the outbox, and lists both', async () => {
    const { store, send } = setup();
    const context = { ruleName: 'Tour', stepIndex: 1, stepTitle: 'Amount', target: 'missing' as const };
    const request = await send<{ id: string }>({ type: 'help.request', text: 'Stuck', ruleId: 'tour', context });
    const comment = await send<{ id: string }>(
      {
        type: 'help.comment',
        ruleId: 'tour',
        stepId: 's2',
        text: 'Says nothing about the currency',
        url: 'https://crm.example.com/opportunities/new?customer=Jane+Doe#x',
      },
      overlay,
    );
    const outbox = await store.db.outbox.toArray();
    expect(outbox.map((o) => [o.seq, o.kind])).toEqual([
      [1, 'help'],
      [2, 'comment'],
    ]);
    expect(outbox[0]).toMatchObject({ request: { id: request.id, text: 'Stuck', context } });
    const list = await send<{ requests: { id: string }[]; comments: { id: string; url?: string }[] }>({
      type: 'help.list',
    });
    expect(list.requests.map((r) => r.id)).toEqual([request.id]);
    // What can name a record or a person (the query string) is not kept with a comment.
    expect(list.comments).toEqual([
      expect.objectContaining({ id: comment.id, url: 'https://crm.example.com/opportunities/new#x', stepId: 's2' }),
    ]);
  });

  it('refuses an empty request and says which field is wrong', async () => {
    const { route } = setup();
    const reply = (await route({ type: 'help.request', text: '   ' }, page)) as Envelope<unknown>;
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/text/);
  });

  it('answers with the problem in words and what to do when storage fails', async () => {
    const { store, route } = setup();
    store.db.close({ disableAutoOpen: true });
    const reply = await route({ type: 'settings.get' }, page);
    expect(reply).toEqual({
      ok: false,
      error: expect.stringMatching(/^Stepwise could not use its storage \(.+\)\. Restart the browser\./),
    });
    const health = await route({ type: 'store.health' }, page);
    expect(health).toEqual({
      ok: true,
      value: { problems: expect.arrayContaining([expect.objectContaining({ area: 'settings', kind: 'unavailable' })]) },
    });
  });

  it('keeps the storage figures and the baseline switch to test builds', async () => {
    const { route } = setup('production');
    expect(await route({ type: 'debug.store', action: 'stats' }, page)).toMatchObject({
      ok: false,
      error: expect.stringContaining('Malformed message: type'),
    });
    // A router given every message but no handler for a test message refuses it in words.
    const { store } = setup('production');
    const handlers = { ...usageHandlers(store), ...dataHandlers(store) } as Handlers;
    expect(
      await createMessageRouter(handlers, ID, ORIGIN, Message)({ type: 'debug.store', action: 'stats' }, page),
    ).toEqual({
      ok: false,
      error: '"debug.store" is only available in test builds',
    });
    const test = setup('test');
    expect(await test.send({ type: 'debug.store', action: 'naive' })).toMatchObject({ usageMode: 'naive' });
    await test.send(
      {
        type: 'usage.record',
        events: [
          { ruleId: 'a', event: 'shown' },
          { ruleId: 'a', event: 'shown' },
        ],
      },
      overlay,
    );
    expect((await test.store.db.usage.toArray())[0]?.count).toBe(2);
  });
});
