/**
 * What the background sends a page: the rules of its origin whose URL patterns match its address,
 * and the rest of them only when the app moves to an address of theirs (`overlay.rules`).
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storePack } from '../../background/db/packs';
import { storeHandlers } from '../../background/handlers/store';
import { createMessageRouter, type Handlers } from '../../background/router';
import { Store } from '../../background/store';
import { type Envelope, Message, type OverlayState, type PageRules } from '../../messaging/messages';
import { ruleMayApplyToOrigin } from '../../rules/url/origin';
import { pack, rule } from '../fixtures/packs';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const at = (url: string) => ({ id: ID, url, tab: { id: 3 } as chrome.tabs.Tab });

async function setup() {
  fakeBrowser.reset();
  const store = new Store({ dbName: `page-rules-${crypto.randomUUID()}`, now: () => Date.UTC(2025, 0, 2, 12) });
  const handlers = storeHandlers(store, (r, url) => ruleMayApplyToOrigin(r, url), ORIGIN) as Handlers;
  const route = createMessageRouter(handlers, ID, ORIGIN, Message);
  const send = async <T>(message: unknown, sender: { id: string; url: string }) => {
    const reply = (await route(message, sender)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  await storePack(
    store.db,
    pack('crm', [
      rule('accounts', { where: { urls: ['https://crm.example.com/accounts'] } }),
      rule('account-notes', { where: { urls: ['https://crm.example.com/accounts?tab=notes'] } }),
      rule('deals', { kind: 'walkthrough', where: { urls: ['https://crm.example.com/app#/deals'] } }),
      rule('everywhere', { where: { urls: ['https://crm.example.com/*'], excludeUrls: ['*://*/print*'] } }),
      rule('erp', { where: { urls: ['https://erp.example.com/*'] } }),
    ]),
    'imported',
    1,
  );
  return { send };
}

const ids = (page: PageRules) => page.rules.map((r) => r.id).sort();

describe('the rules a page is sent', () => {
  it('are those for its own address, with what the rest of its origin’s patterns read', async () => {
    const { send } = await setup();
    const hello = await send<OverlayState>({ type: 'overlay.hello' }, at('https://crm.example.com/accounts'));
    expect(ids(hello)).toEqual(['accounts', 'everywhere']);
    // `*://*/print*` names no query, and a hash pattern names no hash query.
    expect(hello.more).toEqual({ search: true, hash: true, hashQuery: false });
    // On the notes tab, the query's rule is sent: no pattern of the others names a query.
    const notes = await send<OverlayState>({ type: 'overlay.hello' }, at('https://crm.example.com/accounts?tab=notes'));
    expect(ids(notes)).toEqual(['account-notes', 'accounts', 'everywhere']);
    expect(notes.more).toEqual({ search: false, hash: true, hashQuery: false });
  });

  it('come for another address of the origin when the page asks, with the person’s state for them', async () => {
    const { send } = await setup();
    const page = at('https://crm.example.com/accounts');
    await send({ type: 'progress.update', ruleId: 'deals', stepIndex: 1, status: 'active' }, page);
    const next = await send<PageRules>({ type: 'overlay.rules', url: 'https://crm.example.com/app#/deals' }, page);
    expect(ids(next)).toEqual(['deals', 'everywhere']);
    expect(next.progress.deals).toMatchObject({ stepIndex: 1, status: 'active' });
    const excluded = await send<PageRules>({ type: 'overlay.rules', url: 'https://crm.example.com/print' }, page);
    expect(ids(excluded)).toEqual([]);
  });

  it('never come for another origin, whatever address the page names', async () => {
    const { send } = await setup();
    const page = at('https://crm.example.com/accounts');
    await expect(send({ type: 'overlay.rules', url: 'https://erp.example.com/' }, page)).rejects.toThrow(
      /only ask about an address of the sender's own origin, not https:\/\/erp\.example\.com\//,
    );
    await expect(send({ type: 'overlay.rules', url: 'not an address' }, page)).rejects.toThrow(/url/);
  });

  it('are all of them, with nothing more to ask, where every rule of the origin matches', async () => {
    const { send } = await setup();
    const hello = await send<OverlayState>({ type: 'overlay.hello' }, at('https://erp.example.com/x'));
    expect(ids(hello)).toEqual(['erp']);
    expect(hello.more).toBeUndefined();
  });
});
