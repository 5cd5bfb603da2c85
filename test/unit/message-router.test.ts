import { describe, expect, it } from 'vitest';
import { createMessageRouter, type Handlers, senderAllowed } from '../../utils/message-router';
import type { OverlayState } from '../../utils/messages';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const contentScript = { id: ID, url: 'https://crm.example.com/accounts', tab: { id: 3 } as chrome.tabs.Tab };

const state: OverlayState = {
  enabled: true,
  rules: [],
  progress: {},
  completions: {},
  known: [],
  dismissedTips: [],
  settings: { expertAfter: 3 },
};

function router(overrides: Partial<Handlers> = {}) {
  const handlers: Handlers = {
    'overlay.hello': () => state,
    'usage.record': ({ events }) => ({ counted: events.length }),
    'progress.update': () => ({ saved: true }),
    'rule.known': () => ({ saved: true }),
    'tip.dismissed': () => ({ saved: true }),
    'overlay.loadUi': () => ({ loaded: true }),
    'sites.list': () => ({ origins: ['https://crm.example.com/*'] }),
    'sites.disable': () => ({ removed: true }),
    'packs.import': () => ({ packId: null, imported: 0, skipped: 0, problems: [] }),
    ...overrides,
  };
  return createMessageRouter(handlers, ID, ORIGIN);
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
  ])('rejects malformed message %j with an error naming the problem', async (message, expected) => {
    const reply = await router()(message, page);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toContain(expected);
  });

  it('refuses page-only messages from a content script', async () => {
    const reply = await router()({ type: 'sites.disable', origin: 'https://crm.example.com/*' }, contentScript);
    expect(reply).toEqual({ ok: false, error: '"sites.disable" is not accepted from this sender' });
  });

  it('refuses pack imports from a content script', async () => {
    const reply = await router()({ type: 'packs.import', pack: {} }, contentScript);
    expect(reply.ok).toBe(false);
  });

  it('accepts overlay messages from a content script', async () => {
    expect(await router()({ type: 'overlay.hello', url: 'https://crm.example.com/' }, contentScript)).toEqual({
      ok: true,
      value: state,
    });
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
