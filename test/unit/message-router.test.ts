import { describe, expect, it } from 'vitest';
import { createMessageRouter, type Handlers, senderAllowed } from '../../utils/message-router';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}options.html` };
const contentScript = { id: ID, url: 'https://crm.example.com/accounts', tab: { id: 3 } as chrome.tabs.Tab };

function router(overrides: Partial<Handlers> = {}) {
  const handlers: Handlers = {
    'overlay.hello': () => ({ enabled: true }),
    'sites.list': () => ({ origins: ['https://crm.example.com/*'] }),
    'sites.disable': () => ({ removed: true }),
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
  ])('rejects malformed message %j with an error naming the problem', async (message, expected) => {
    const reply = await router()(message, page);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toContain(expected);
  });

  it('refuses page-only messages from a content script', async () => {
    const reply = await router()({ type: 'sites.disable', origin: 'https://crm.example.com/*' }, contentScript);
    expect(reply).toEqual({ ok: false, error: '"sites.disable" is not accepted from this sender' });
  });

  it('accepts overlay messages from a content script', async () => {
    expect(await router()({ type: 'overlay.hello', url: 'https://crm.example.com/' }, contentScript)).toEqual({
      ok: true,
      value: { enabled: true },
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
