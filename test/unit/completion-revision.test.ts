/**
 * A finished walkthrough does not start by itself again for that person until the rule changes: the
 * background keeps the version of the rule completed and leaves out the completion of an earlier one.
 */
import { describe, expect, it } from 'vitest';
import { storePack } from '../../background/db/packs';
import { storeHandlers } from '../../background/handlers/store';
import { createMessageRouter, type Handlers } from '../../background/router';
import { Store } from '../../background/store';
import { type Envelope, Message, type OverlayState } from '../../messaging/messages';
import { pack, rule } from '../fixtures/packs';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const overlay = { id: ID, url: 'https://crm.example.com/accounts', tab: { id: 3 } as chrome.tabs.Tab };

function setup() {
  const store = new Store({ dbName: `revision-${crypto.randomUUID()}`, now: () => Date.UTC(2025, 0, 2, 12) });
  const onOrigin = (r: { where: { urls: unknown[] } }, url: string) =>
    r.where.urls.some((u) => typeof u === 'string' && url.startsWith(u.replace('*', '')));
  const route = createMessageRouter(storeHandlers(store, onOrigin) as Handlers, ID, ORIGIN, Message);
  const send = async <T = unknown>(message: unknown) => {
    const reply = (await route(message, overlay)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const hello = () => send<OverlayState>({ type: 'overlay.hello', url: 'https://crm.example.com/accounts' });
  const importVersion = async (version: number, updatedAt?: string) => {
    const tour = rule('tour', { kind: 'walkthrough', ...(updatedAt && { updatedAt }) });
    await storePack(store.db, pack('crm', [tour, rule('other', { kind: 'walkthrough' })], { version }), 'imported', 1);
    store.contentChanged();
  };
  return { send, hello, importVersion };
}

describe('completion of a rule version', () => {
  it('keeps a completion while the rule is the same, and leaves it out once a new pack version comes', async () => {
    const { send, hello, importVersion } = setup();
    await importVersion(1);
    await send({ type: 'progress.update', ruleId: 'tour', stepIndex: 0, status: 'completed' });
    await send({ type: 'progress.update', ruleId: 'other', stepIndex: 0, status: 'dismissed' });
    expect((await hello()).progress.tour?.status).toBe('completed');
    // Imported again unchanged: still finished.
    await importVersion(1);
    expect((await hello()).progress.tour?.status).toBe('completed');
    // A new version: the walkthrough starts by itself again; a dismissal still holds; the count stays.
    await importVersion(2);
    const state = await hello();
    expect(state.progress.tour).toBeUndefined();
    expect(state.progress.other?.status).toBe('dismissed');
    expect(state.completions.tour).toBe(1);
    // Finished again: kept with the new version.
    await send({ type: 'progress.update', ruleId: 'tour', stepIndex: 0, status: 'completed' });
    expect((await hello()).progress.tour?.status).toBe('completed');
    expect((await hello()).completions.tour).toBe(2);
  });

  it('leaves a completion out when the rule itself says it changed (updatedAt)', async () => {
    const { send, hello, importVersion } = setup();
    await importVersion(1, '2025-01-01');
    await send({ type: 'progress.update', ruleId: 'tour', stepIndex: 0, status: 'completed' });
    expect((await hello()).progress.tour?.status).toBe('completed');
    await importVersion(1, '2025-02-01');
    expect((await hello()).progress.tour).toBeUndefined();
  });

  it('keeps the steps shown in a run with its progress', async () => {
    const { send, hello, importVersion } = setup();
    await importVersion(1);
    await send({ type: 'progress.update', ruleId: 'tour', stepIndex: 1, status: 'active', shown: [0, 1] });
    expect((await hello()).progress.tour).toMatchObject({ stepIndex: 1, status: 'active', shown: [0, 1] });
  });
});
