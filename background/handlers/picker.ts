/**
 * The element picker: injected on demand into a tab's top frame (like the overlay's UI, into the
 * extension's isolated world), started with a session id, and its result kept in the database.
 * Open extension pages hear of each change (`picker.changed`).
 */
import { browser } from '#imports';
import type { PickerEvent, PickRecord } from '../../messaging/areas/picker';
import { PICKER_KEY } from '../../messaging/bundle-keys';
import { noticePages } from '../../messaging/page-notices';
import { cancelPicks, finishPick, latestPick, startPick } from '../db/picks';
import type { Handlers } from '../router';
import type { Store } from '../store';

/** The picker bundle (WXT unlisted script `entrypoints/picker`). */
export const PICKER_FILE = '/picker.js';

type PickerMessages = 'picker.start' | 'picker.cancel' | 'picker.result' | 'picker.last';

/** Tells open extension pages (the popup, the editor) that a pick changed; none may be listening. */
function announce(pick: PickRecord): void {
  const event: PickerEvent = { type: 'picker.changed', pick };
  noticePages(event);
}

/** Runs `command` on the picker in the tab's top frame, if it is there. */
async function callPicker(tabId: number, command: 'start' | 'stop', sessionId?: string): Promise<void> {
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    func: (cmd: string, id: string | null, key: string) => {
      const picker = (globalThis as unknown as Record<symbol, { start(id: string): void; stop(): void } | undefined>)[
        Symbol.for(key)
      ];
      if (cmd === 'start' && id) picker?.start(id);
      else picker?.stop();
    },
    args: [command, sessionId ?? null, PICKER_KEY],
  });
}

export function pickerHandlers(store: Store): Pick<Handlers, PickerMessages> {
  return {
    'picker.start': async ({ tabId, purpose }) => {
      const now = store.now();
      for (const ended of await cancelPicks(store.db, tabId, now)) announce(ended);
      const record: PickRecord = { id: crypto.randomUUID(), tabId, status: 'picking', startedAt: now };
      if (purpose) record.purpose = purpose;
      await startPick(store.db, record);
      try {
        // The popup's click grants the tab (activeTab) even on a site that is not on.
        await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [PICKER_FILE] });
        await callPicker(tabId, 'start', record.id);
      } catch (error) {
        await finishPick(store.db, record.id, tabId, { status: 'cancelled', finishedAt: store.now() });
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`The picker cannot run on this page (${why}). Open the app's page and try again.`);
      }
      announce(record);
      return { sessionId: record.id };
    },
    'picker.cancel': async ({ tabId }) => {
      const ended = await cancelPicks(store.db, tabId, store.now());
      for (const pick of ended) announce(pick);
      await callPicker(tabId, 'stop').catch(() => undefined);
      return { cancelled: ended.length > 0 };
    },
    // From the picker in the page: only a session this background started, in the same tab, counts.
    'picker.result': async ({ sessionId, url, outcome, pick }, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { saved: false };
      const done = await finishPick(store.db, sessionId, tabId, {
        status: outcome,
        url,
        finishedAt: store.now(),
        ...(outcome === 'picked' && pick ? { pick } : {}),
      });
      if (done) announce(done);
      return { saved: done !== null };
    },
    'picker.last': async ({ tabId }) => ({ pick: await latestPick(store.db, tabId) }),
  };
}
