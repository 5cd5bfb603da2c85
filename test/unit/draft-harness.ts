/**
 * The background as the draft tests meet it: the real router and handlers on a real (in-memory)
 * IndexedDB, the editor page and a tab's overlay as senders, host access granted, and tab
 * reloads counted instead of done.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMessageRouter } from '../../background/router';
import { createHandlers } from '../../background/start';
import { Store } from '../../background/store';
import { type Envelope, Message } from '../../messaging/messages';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
/** The page the drafts are for. */
export const PAGE = 'http://127.0.0.1:4173/accounts/17';
/** The editor page, as a sender. */
export const editor = { id: ID, url: `${ORIGIN}editor.html` };
/** The overlay in a tab's top frame, as a sender. */
export const overlay = (tabId: number, url = PAGE) => ({
  id: ID,
  url,
  tab: { id: tabId } as chrome.tabs.Tab,
  frameId: 0,
});

/** A fresh database behind the router; `send` answers a message's value or throws its error. */
export function draftBackground(name: string) {
  const store = new Store({ dbName: `${name}-${crypto.randomUUID()}` });
  const route = createMessageRouter(createHandlers(store, undefined, ORIGIN), ID, ORIGIN, Message);
  const send = async <T = unknown>(message: unknown, sender: object = editor) => {
    const reply = (await route(message, sender as never)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
  const reload = vi.fn(async () => undefined);
  (fakeBrowser.tabs as { reload: unknown }).reload = reload;
  return { store, send, reload };
}
