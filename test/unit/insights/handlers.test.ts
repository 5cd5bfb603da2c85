import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storePack } from '../../../background/db/packs';
import { insightsHandlers, pageUrl } from '../../../background/handlers/insights';
import type { OriginFilter } from '../../../background/handlers/store';
import { storeHandlers } from '../../../background/handlers/store';
import { usageHandlers } from '../../../background/handlers/usage';
import { ProbePlanner, probeSteps } from '../../../background/insights/probes';
import { createMessageRouter, type Handlers } from '../../../background/router';
import { Store } from '../../../background/store';
import type { InsightsReport } from '../../../insights/model';
import { type Envelope, Message } from '../../../messaging/messages';
import type { Rule } from '../../../rules/index';
import { ruleMayApplyToOrigin } from '../../../rules/index';
import { pack, rule } from '../../fixtures/packs';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}insights.html` };
const tab = (url: string, tabId = 3, frameId = 0) => ({ id: ID, url, tab: { id: tabId } as chrome.tabs.Tab, frameId });
const NOW = Date.UTC(2026, 10, 3, 12);

const tour = rule('tour', {
  kind: 'walkthrough',
  name: 'New opportunity',
  steps: [
    {
      id: 'open',
      target: { selector: '#new-opportunity' },
      title: 'Open',
      brief: 'b',
      advance: { url: '/opportunities/new' },
    },
    { id: 'amount', target: { selector: 'input[name=amount]' }, title: 'Amount', brief: 'b' },
  ],
});

async function setup(mayApply: OriginFilter = startsWith, rules: Rule[] = [tour, rule('tip')]) {
  let now = NOW;
  const store = new Store({ dbName: `insights-${crypto.randomUUID()}`, now: () => now });
  const injected: [number, number][] = [];
  const stored = storeHandlers(store, mayApply);
  const insights = insightsHandlers(store, mayApply, {
    planner: new ProbePlanner(() => now, 60_000),
    inject: async (tabId, frameId) => {
      injected.push([tabId, frameId]);
    },
  });
  const handlers = {
    ...stored,
    'overlay.hello': insights.afterHello(stored['overlay.hello']),
    ...usageHandlers(store),
    ...insights.handlers,
  } as Handlers;
  const route = createMessageRouter(handlers, ID, ORIGIN, Message);
  const send = async <T = unknown>(message: unknown, sender: object = page) => {
    const reply = (await route(message, sender as never)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  await storePack(store.db, pack('crm', rules), 'imported', 1);
  return { store, send, route, injected, later: (ms: number) => (now += ms) };
}

const startsWith: OriginFilter = (r, url) =>
  r.where.urls.some((u) => typeof u === 'string' && url.startsWith(u.replace('*', '')));

/** Rules of an app that routes in the hash, sent to pages by origin as in the extension. */
async function hashRouted() {
  const pipeline = rule('pipeline', { where: { urls: ['https://crm.example.com/reports#/pipeline'] } });
  const forecast = rule('forecast', { where: { urls: ['https://crm.example.com/reports#/forecast'] } });
  const busy = rule('busy', {
    where: { urls: ['https://crm.example.com/reports#/pipeline'], when: { exists: { selector: '.busy' } } },
  });
  const env = await setup((r, url) => ruleMayApplyToOrigin(r, url), [pipeline, forecast, busy]);
  const at = (route: string) => `https://crm.example.com/reports#/${route}`;
  /** Asks for the due rules as the probe bundle does, and reports `found` as found; the due rules' ids. */
  const probe = async (url: string, found: string[]) => {
    const { rules } = await env.send<{ rules: { id: string }[] }>({ type: 'insights.probeRules', url }, tab(url));
    const results = found.map((ruleId) => ({ ruleId, stepId: '0', status: 'found', pattern: 0 }));
    await env.send({ type: 'insights.probeReport', results }, tab(url));
    return rules.map((r) => r.id).sort();
  };
  return { ...env, at, probe };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('probe planning', () => {
  it('probes every step that has a target', () => {
    expect(probeSteps(tour).map((s) => s.id)).toEqual(['open', 'amount']);
    expect(probeSteps(rule('x', { steps: [{ title: 't', brief: 'b' }] }))).toEqual([]);
  });

  it('probes nothing while switched off, and every rule again once on (the benchmark’s switch)', () => {
    const planner = new ProbePlanner(() => NOW);
    const url = 'https://crm.example.com/accounts/7';
    const sender = { tab: { id: 1 }, frameId: 0 };
    expect(planner.take([tour], url, sender).map((r) => r.id)).toEqual(['tour']);
    planner.accept([{ ruleId: 'tour', stepId: 'open', status: 'found', pattern: 0 }], sender);
    expect(planner.wants([tour], url)).toBe(false);
    planner.enabled = false;
    planner.forgetAll();
    expect(planner.wants([tour], url)).toBe(false);
    expect(planner.take([tour], url, sender)).toEqual([]);
    planner.enabled = true;
    expect(planner.wants([tour], url)).toBe(true);
    expect(planner.taken).toBe(1);
  });
});

describe('insights handlers', () => {
  it('injects the probe where rules are due, takes its report once, and not again until the interval passed', async () => {
    const { send, injected, later, route } = await setup();
    const url = 'https://crm.example.com/accounts/7';
    await send({ type: 'overlay.hello', url }, tab(url));
    await settle();
    expect(injected).toEqual([[3, 0]]);
    const { rules } = await send<{ rules: { id: string }[] }>({ type: 'insights.probeRules', url }, tab(url));
    expect(rules.map((r) => r.id).sort()).toEqual(['tip', 'tour']);
    const report = {
      type: 'insights.probeReport',
      results: [
        { ruleId: 'tour', stepId: 'open', status: 'missing', pattern: 0 },
        { ruleId: 'tip', stepId: '0', status: 'found', via: '#amount', pattern: 0 },
        { ruleId: 'not-asked', stepId: '0', status: 'missing', pattern: 0 },
      ],
    };
    expect(await send(report, tab(url))).toEqual({ recorded: 2 });
    // The same report again (or from another frame) is not counted.
    expect(await send(report, tab(url))).toEqual({ recorded: 0 });
    expect(await send(report, tab(url, 3, 5))).toEqual({ recorded: 0 });
    // A page may not ask for the report (probe messages come from content scripts).
    expect(await route({ type: 'insights.local', from: '2026-11-01', to: '2026-11-03' }, tab(url) as never)).toEqual({
      ok: false,
      error: '"insights.local" is not accepted from this sender',
    });

    await send({ type: 'overlay.hello', url }, tab(url));
    await settle();
    expect(injected).toHaveLength(1);
    later(60_000);
    await send({ type: 'overlay.hello', url }, tab(url));
    await settle();
    expect(injected).toHaveLength(2);
  });

  it('keeps a hash-routed app’s routes apart, and a rule the probe skipped stays due', async () => {
    const { send, injected, at, probe } = await hashRouted();
    await send({ type: 'overlay.hello' }, tab(at('pipeline')));
    await settle();
    expect(injected).toHaveLength(1);
    // The forecast's rule is not asked for on the pipeline; the busy one is, and is skipped (no `.busy`).
    expect(await probe(at('pipeline'), ['pipeline'])).toEqual(['busy', 'pipeline']);
    // The forecast, loaded next, is another page: probed now, not in 10 minutes.
    await send({ type: 'overlay.hello' }, tab(at('forecast')));
    await settle();
    expect(injected).toHaveLength(2);
    expect(await probe(at('forecast'), ['forecast'])).toEqual(['forecast']);
    // Back on the pipeline, the rule the probe skipped is due again; the probed one is not.
    await send({ type: 'overlay.hello' }, tab(at('pipeline')));
    await settle();
    expect(injected).toHaveLength(3);
    expect(await probe(at('pipeline'), [])).toEqual(['busy']);
    // Nothing is due on the forecast (a query is not another page).
    await send({ type: 'overlay.hello' }, tab(`https://crm.example.com/reports?x=1#/forecast`));
    await settle();
    expect(injected).toHaveLength(3);
  });

  it('probes again after the app’s own navigations, where rules are due', async () => {
    const { send, injected, at, probe } = await hashRouted();
    await send({ type: 'overlay.hello' }, tab(at('pipeline')));
    expect(await probe(at('pipeline'), ['pipeline', 'busy'])).toEqual(['busy', 'pipeline']);
    expect(await send({ type: 'insights.pageChanged', url: at('forecast') }, tab(at('pipeline')))).toEqual({
      probing: true,
    });
    await settle();
    expect(injected).toHaveLength(2);
    expect(await probe(at('forecast'), ['forecast'])).toEqual(['forecast']);
    expect(await send({ type: 'insights.pageChanged', url: at('pipeline') }, tab(at('forecast')))).toEqual({
      probing: false,
    });
    await settle();
    expect(injected).toHaveLength(2);
    // Only from a tab's content script, and only for its own origin.
    expect(await send({ type: 'insights.pageChanged', url: at('forecast') })).toEqual({ probing: false });
    expect(pageUrl(at('pipeline'), 'https://evil.example.com/reports#/forecast')).toBe(at('pipeline'));
  });

  it('takes an anchor for the same page where rules do not route in the hash', async () => {
    const { send, injected } = await setup();
    const url = 'https://crm.example.com/accounts/7';
    await send({ type: 'overlay.hello' }, tab(url));
    await send({ type: 'insights.probeRules', url }, tab(url));
    await send(
      { type: 'insights.probeReport', results: [{ ruleId: 'tip', stepId: '0', status: 'found', pattern: 0 }] },
      tab(url),
    );
    // The tour was skipped (its report had nothing for it): due again, on this page with or without an anchor.
    expect(await send({ type: 'insights.pageChanged', url: `${url}#row-3` }, tab(url))).toEqual({ probing: true });
    const { rules } = await send<{ rules: { id: string }[] }>(
      { type: 'insights.probeRules', url: `${url}#row-3` },
      tab(url),
    );
    expect(rules.map((r) => r.id)).toEqual(['tour']);
    await send(
      { type: 'insights.probeReport', results: [{ ruleId: 'tour', stepId: 'open', status: 'found', pattern: 0 }] },
      tab(url),
    );
    expect(await send({ type: 'insights.pageChanged', url: `${url}#notes` }, tab(url))).toEqual({ probing: false });
    expect(injected).toHaveLength(2);
  });

  it('reports the broken rule with its step and since when, and shows the badge', async () => {
    const { send, later } = await setup();
    const url = 'https://crm.example.com/accounts/7';
    await send({ type: 'insights.probeRules', url }, tab(url));
    await send(
      {
        type: 'insights.probeReport',
        results: [{ ruleId: 'tour', stepId: 'open', status: 'found', via: '#new-opportunity', pattern: 0 }],
      },
      tab(url),
    );
    later(60_000);
    await send({ type: 'insights.probeRules', url }, tab(url));
    await send(
      {
        type: 'insights.probeReport',
        results: [
          { ruleId: 'tour', stepId: 'open', status: 'found', via: 'a[href$="/opportunities/new"]', pattern: 0 },
        ],
      },
      tab(url),
    );
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    later(60_000);
    await send({ type: 'insights.probeRules', url }, tab(url));
    await send(
      { type: 'insights.probeReport', results: [{ ruleId: 'tour', stepId: 'open', status: 'missing', pattern: 0 }] },
      tab(url),
    );
    const report = await send<InsightsReport>({ type: 'insights.local', from: '2026-11-01', to: '2026-11-03' });
    const health = report.health.find((h) => h.ruleId === 'tour')!;
    expect(health).toMatchObject({
      status: 'failing',
      lastWorkedAt: NOW + 60_000,
      brokenSince: NOW + 120_000,
      step: {
        stepId: 'open',
        probes: 3,
        missing: 1,
        suggestion: { via: 'a[href$="/opportunities/new"]', pages: 1 },
      },
    });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/1 rule no longer find.*New opportunity/);
  });

  it('counts a later walkthrough step’s miss only on pages where it was found before', async () => {
    const { send, store, later } = await setup();
    const url = 'https://crm.example.com/accounts/7';
    const probe = async (pattern: number, status: 'found' | 'missing') => {
      later(60_000);
      await send({ type: 'insights.probeRules', url }, tab(url));
      return send<{ recorded: number }>(
        { type: 'insights.probeReport', results: [{ ruleId: 'tour', stepId: 'amount', status, pattern }] },
        tab(url),
      );
    };
    // The amount field is on the next page: missing here is not news.
    expect(await probe(0, 'missing')).toEqual({ recorded: 0 });
    expect(await probe(1, 'found')).toEqual({ recorded: 1 });
    expect(await probe(0, 'missing')).toEqual({ recorded: 0 });
    // Where it was found before, a miss counts.
    expect(await probe(1, 'missing')).toEqual({ recorded: 1 });
    expect(await store.db.probeStates.get(['tour', 'amount'])).toMatchObject({
      seenOn: [1],
      missingSince: expect.any(Number),
    });
  });

  it('builds the funnel from counted usage, keeps the figures for the privacy page and clears the counts', async () => {
    const { send, store } = await setup();
    const url = 'https://crm.example.com/accounts/7';
    const events = [
      { ruleId: 'tour', stepId: 'open', event: 'shown' },
      { ruleId: 'tour', stepId: 'open', event: 'shown' },
      { ruleId: 'tour', stepId: 'amount', event: 'shown' },
      { ruleId: 'tour', stepId: 'amount', event: 'completed' },
      { ruleId: 'tour', stepId: 'open', event: 'dismissed' },
    ];
    await send({ type: 'usage.record', events }, tab(url));
    await send({ type: 'help.request', url, text: 'Stuck on the amount', ruleId: 'tour' }).catch(() => undefined);
    const report = await send<InsightsReport>({ type: 'insights.local', from: '2026-11-03', to: '2026-11-03' });
    expect(report.hasData).toBe(true);
    expect(report.funnels[0]).toMatchObject({
      ruleId: 'tour',
      started: 2,
      completed: 1,
      abandoned: 1,
      dropOff: { stepId: 'open', lost: 1 },
    });
    expect(await send({ type: 'insights.kept' })).toMatchObject({ counters: 4, firstDay: '2026-11-03' });
    expect(await send({ type: 'insights.clearCounts' })).toEqual({ cleared: true });
    expect(await store.db.usage.count()).toBe(0);
    expect(await store.db.outbox.where('kind').equals('usage').count()).toBe(0);
    expect((await send<InsightsReport>({ type: 'insights.local', from: '2026-11-03', to: '2026-11-03' })).hasData).toBe(
      false,
    );
    // Rules stay.
    expect(await store.db.rules.count()).toBe(2);
  });

  it('reads the rules again after the packs change, and not before', async () => {
    const { send, store } = await setup();
    const range = { from: '2026-11-03', to: '2026-11-03' };
    const ids = async () =>
      (await send<InsightsReport>({ type: 'insights.local', ...range, parts: ['outcomes'] })).rules.map((r) => r.id);
    expect(await ids()).toEqual(['tour', 'tip']);
    const writes = store.db.packsWrites;
    expect(await ids()).toEqual(['tour', 'tip']);
    expect(store.db.packsWrites, 'reports write no pack').toBe(writes);
    await storePack(store.db, pack('more', [rule('later-tip')]), 'imported', 1);
    expect(await ids()).toEqual(['tour', 'tip', 'later-tip']);
    await store.db.packs.delete('crm');
    expect(await ids()).toEqual(['later-tip']);
    await store.db.packs.clear();
    expect(await ids()).toEqual([]);
  });

  it('refuses a range that ends before it starts, and a day that is not one', async () => {
    const { route } = await setup();
    expect(await route({ type: 'insights.local', from: '2026-11-03', to: '2026-11-01' }, page as never)).toEqual({
      ok: false,
      error: expect.stringContaining('to: 2026-11-01 is before from (2026-11-03)'),
    });
    expect(await route({ type: 'insights.local', from: 'yesterday', to: '2026-11-01' }, page as never)).toMatchObject({
      ok: false,
      error: expect.stringContaining('from: must be a day as YYYY-MM-DD'),
    });
  });
});
