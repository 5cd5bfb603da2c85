import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  createMessageRouter,
  type Handlers,
  parseMessage,
  schemasByType,
  senderAllowed,
} from '../../background/router';
import { Message, ProductMessage } from '../../messaging/messages';
import { state } from './overlay/fakes';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const contentScript = { id: ID, url: 'https://crm.example.com/accounts', tab: { id: 3 } as chrome.tabs.Tab };

const emptyState = state();

/** Messages good and bad, for comparing the lookup by `type` with the whole variant. */
const SAMPLES: unknown[] = [
  null,
  'usage.record',
  [],
  {},
  { type: 42 },
  { type: 'no.such.message' },
  { type: 'toString' },
  { type: '__proto__' },
  { type: 'sites.list' },
  { type: 'overlay.hello', url: 'https://crm.example.com/' },
  { type: 'overlay.hello', url: 'not a url' },
  { type: 'usage.record', events: [{ ruleId: 'r', stepId: 's', event: 'shown' }], batchId: 'b1' },
  {
    type: 'usage.record',
    events: [
      { ruleId: 'r', event: 'clicked' },
      { ruleId: '', event: 'shown' },
    ],
  },
  { type: 'usage.record', events: [] },
  { type: 'usage.record', events: [{ ruleId: 'r', event: 'shown', extra: true }], batchId: 7 },
  { type: 'sites.disable', origin: '<all_urls>' },
  { type: 'debug.store', action: 'naive' },
  { type: 'debug.store', action: 'drop' },
];

function router(overrides: Partial<Handlers> = {}) {
  const handlers: Handlers = {
    'overlay.hello': () => emptyState,
    'overlay.rules': () => emptyState,
    'usage.record': ({ events }) => ({ counted: events.length }),
    'progress.update': () => ({ saved: true }),
    'rule.known': () => ({ saved: true }),
    'tip.dismissed': () => ({ saved: true }),
    'overlay.loadUi': () => ({ loaded: true }),
    'overlay.loadPatterns': () => ({ loaded: true }),
    'sites.list': () => ({ origins: ['https://crm.example.com/*'] }),
    'sites.disable': () => ({ removed: true }),
    'packs.import': () => ({ packId: null, imported: 0, skipped: 0, problems: [] }),
    'page.report': () => ({ saved: true }),
    'overlay.loadPanel': () => ({ loaded: true }),
    'panel.state': () => {
      throw new Error('not used here');
    },
    'catalog.start': () => ({ started: true }),
    'catalog.texts': () => ({ contentKey: 'k', rules: [] }),
    'help.context': () => ({ events: [], browser: 'Chrome 131', extensionVersion: '0.1.0' }),
    'help.comment': () => ({ id: 'c1' }),
    'help.list': () => ({ requests: [], comments: [] }),
    'packs.list': () => ({ packs: [] }),
    'packs.export': () => ({ packs: [] }),
    'packs.remove': () => ({ removed: false }),
    'packs.setEnabled': () => ({ saved: false }),
    'packs.restorePrevious': () => ({ restored: false }),
    'usage.export': () => ({ counters: [], exportedAt: '2025-01-01T00:00:00.000Z' }),
    'settings.get': () => ({ expertAfter: 3 }),
    'settings.update': () => ({ expertAfter: 3 }),
    'help.request': () => ({ id: 'h1' }),
    'data.clear': () => ({ cleared: true }),
    'store.health': () => ({ problems: [] }),
    'picker.start': () => ({ sessionId: 's1' }),
    'picker.cancel': () => ({ cancelled: false }),
    'picker.result': () => ({ saved: true }),
    'picker.last': () => ({ pick: null }),
    'recording.start': () => ({ sessionId: 's1', tabId: 3, startedAt: 0, steps: 0 }),
    'recording.stop': () => ({ draftId: null, steps: 0 }),
    'recording.status': () => ({ recording: null }),
    'recording.action': () => ({ steps: 1, recording: true }),
    'recording.finish': () => ({ draftId: null, steps: 0 }),
    'sync.status': () => ({ connected: false, waiting: 0, serverPacks: 0, syncing: false }),
    'sync.connect': () => ({ connected: true, waiting: 0, serverPacks: 0, syncing: false }),
    'sync.disconnect': () => ({ connected: false, waiting: 0, serverPacks: 0, syncing: false }),
    'sync.now': () => ({ connected: false, waiting: 0, serverPacks: 0, syncing: false }),
    'drafts.list': () => ({ drafts: [] }),
    'drafts.get': () => ({ draft: null }),
    'drafts.save': () => ({ updatedAt: 0 }),
    'drafts.remove': () => ({ removed: false }),
    'drafts.publish': () => ({ published: false, problems: [] }),
    'rules.onPage': () => ({ rules: [] }),
    'drafts.test': () => ({ testing: true, matchesPage: true }),
    'drafts.stopTest': () => ({ stopped: false }),
    'drafts.testing': () => ({ test: null }),
    'test.stop': () => ({ stopped: false }),
    'packs.versions': () => ({ versions: [] }),
    'packs.restore': () => ({ version: 0, problems: [] }),
    'insights.pageChanged': () => ({ probing: false }),
    'insights.probeRules': () => ({ rules: [] }),
    'insights.probeReport': ({ results }) => ({ recorded: results.length }),
    'insights.team': () => {
      throw new Error('not used here');
    },
    'insights.local': () => {
      throw new Error('not in this test');
    },
    'insights.kept': () => ({ counters: 0, probes: 0, helpRequests: 0, comments: 0 }),
    'insights.clearCounts': () => ({ cleared: true }),
    'tips.list': () => ({ tips: [], connected: false }),
    'tips.create': () => {
      throw new Error('not used here');
    },
    'tips.save': () => {
      throw new Error('not used here');
    },
    'tips.remove': () => ({ removed: false, withdrawn: false }),
    'tips.suggest': () => {
      throw new Error('not used here');
    },
    'suggestions.list': () => ({ local: [], team: { status: 'not-connected' } }),
    'suggestions.publish': () => ({ published: false, problems: [] }),
    'suggestions.decline': () => ({ declined: true, serverUpdated: false }),
    'debug.store': () => ({
      transactions: 0,
      readwrite: 0,
      unflushed: 0,
      walAppends: 0,
      usageMode: 'batched',
      probes: true,
      probesTaken: 0,
      startedAt: 0,
    }),
    ...overrides,
  };
  return createMessageRouter(handlers, ID, ORIGIN, Message);
}

describe('message router', () => {
  it('answers a valid message from an extension page', async () => {
    expect(await router()({ type: 'sites.list' }, page)).toEqual({
      ok: true,
      value: { origins: ['https://crm.example.com/*'] },
    });
  });

  it.each([
    [null, 'Malformed message'],
    [{ type: 'no.such.message' }, 'Malformed message'],
    [{ type: 'overlay.hello', url: 42 }, 'url'],
    [{ type: 'overlay.hello', url: 'not a url' }, 'url'],
    [{ type: 'sites.disable', origin: '<all_urls>' }, 'origin: must be a match pattern'],
    [{ type: 'usage.record', events: [] }, 'events'],
    [{ type: 'usage.record', events: [{ ruleId: 'r', event: 'clicked' }] }, 'events.0.event'],
    [{ type: 'progress.update', ruleId: 'r', stepIndex: -1, status: 'active' }, 'stepIndex'],
    [{ type: 'usage.record', events: [{ ruleId: 'r', event: 'shown' }], batchId: '' }, 'batchId'],
    [
      { type: 'page.report', url: 'https://crm.example.com/', rules: [], checklists: [{ id: 'c' }] },
      'checklists.0.met',
    ],
    [{ type: 'catalog.start', tabId: -1, ruleId: 'r' }, 'tabId'],
    [{ type: 'help.comment', ruleId: 'r', text: '' }, 'text: must say what was missing or wrong'],
    [{ type: 'help.request', text: 'x', context: { target: 'gone' } }, 'context.target'],
    [{ type: 'settings.update', settings: { expertAfter: 0 } }, 'settings.expertAfter'],
    [{ type: 'packs.setEnabled', packId: 'p', enabled: 'yes' }, 'enabled'],
    [{ type: 'debug.store', action: 'drop' }, 'action'],
    [{ type: 'help.request', url: 'https://crm.example.com/', text: '   ' }, 'text: must say what you are stuck on'],
  ])('rejects malformed message %j with an error naming the problem', async (message, expected) => {
    const reply = await router()(message, page);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toContain(expected);
  });

  it('refuses page-only messages from a content script', async () => {
    const reply = await router()({ type: 'sites.disable', origin: 'https://crm.example.com/*' }, contentScript);
    expect(reply).toEqual({ ok: false, error: '"sites.disable" is not accepted from this sender' });
  });

  it.each([
    { type: 'packs.import', pack: {} },
    { type: 'packs.export' },
    { type: 'usage.export' },
    { type: 'data.clear' },
    { type: 'settings.update', settings: { expertAfter: 2 } },
    { type: 'debug.store', action: 'naive' },
    { type: 'panel.state', tabId: 1 },
    { type: 'catalog.start', tabId: 1, ruleId: 'r' },
    { type: 'help.request', text: 'stuck' },
    { type: 'help.list' },
  ])('refuses page message $type from a content script', async (message) => {
    const reply = await router()(message, contentScript);
    expect(reply).toEqual({ ok: false, error: `"${message.type}" is not accepted from this sender` });
  });

  it.each([
    { type: 'usage.record', events: [{ ruleId: 'r', event: 'shown' }], batchId: 'b1' },
    { type: 'page.report', url: 'https://crm.example.com/', rules: ['r'], checklists: [{ id: 'c', met: ['i'] }] },
    { type: 'help.comment', ruleId: 'r', stepId: '0', text: 'The button moved', url: 'https://crm.example.com/' },
  ])('accepts overlay message $type from a content script', async (message) => {
    expect((await router()(message, contentScript)).ok).toBe(true);
  });

  it('accepts overlay messages from a content script', async () => {
    expect(await router()({ type: 'overlay.hello', url: 'https://crm.example.com/' }, contentScript)).toEqual({
      ok: true,
      value: emptyState,
    });
  });

  it('looks up every message of the contract by its type', () => {
    const byType = schemasByType(Message);
    expect(byType.size).toBe(Message.options.length);
    expect(byType.has('usage.record')).toBe(true);
    expect(byType.has('debug.store')).toBe(true);
    expect(schemasByType(ProductMessage).has('debug.store')).toBe(false);
  });

  it.each(SAMPLES.map((sample) => [sample]))('parses %j as the whole variant does', (sample) => {
    for (const accepted of [Message, ProductMessage]) {
      const fast = parseMessage(accepted, schemasByType(accepted), sample);
      const whole = v.safeParse(accepted, sample);
      expect(fast.success).toBe(whole.success);
      expect(fast.output).toEqual(whole.output);
      expect(fast.issues?.map((i) => [v.getDotPath(i), i.message])).toEqual(
        whole.issues?.map((i) => [v.getDotPath(i), i.message]),
      );
    }
  });

  it('names the expected types when a message has an unknown one', async () => {
    const reply = await router()({ type: 'usage.recrod', events: [] }, contentScript);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/^Malformed message: type: .*"usage\.record".*received "usage\.recrod"/);
  });

  it('checks an accepted schema that is no variant on type as a whole', () => {
    const accepted = v.object({ type: v.literal('sites.list') }) as unknown as typeof Message;
    expect(schemasByType(accepted).size).toBe(0);
    expect(parseMessage(accepted, schemasByType(accepted), { type: 'sites.list' }).success).toBe(true);
    expect(parseMessage(accepted, schemasByType(accepted), { type: 'packs.list' }).success).toBe(false);
  });

  it('refuses every message from another extension', () => {
    expect(senderAllowed('overlay.hello', { id: 'other' }, ID, ORIGIN)).toBe(false);
    expect(senderAllowed('sites.list', { id: 'other', url: `${ORIGIN}x.html` }, ID, ORIGIN)).toBe(false);
  });

  it('turns a throwing handler into an error reply', async () => {
    const reply = await router({
      'sites.list': () => {
        throw new Error('storage is unavailable');
      },
    })({ type: 'sites.list' }, page);
    expect(reply).toEqual({ ok: false, error: 'storage is unavailable' });
  });
});
