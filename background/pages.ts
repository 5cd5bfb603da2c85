/**
 * What each tab's page last said: the overlay's hello, then its reports of what holds there. Kept
 * in the session storage area (extension contexts only: the page's content script cannot read
 * it), so a stopped and restarted worker still knows, and forgotten when the tab closes or the
 * browser does. Extension pages hear of changes through `notifyPanels`.
 */
import { browser } from '#imports';
import type { PanelChanged } from '../messaging/areas/panel';
import { noticePages } from '../messaging/page-notices';

/** What a tab's page said last. */
export interface TabPage {
  url: string;
  /** Epoch milliseconds. */
  at: number;
  /**
   * `page`: the overlay reported what holds on this URL (`rules`, `checklists`); `site`: nothing of
   * the packs can apply anywhere on this site (the overlay stopped after its hello); `hello`: the
   * overlay started and has not reported yet (it reports by itself only once the panel's part is
   * loaded there: on a site with checklists, or after the panel asked it something).
   */
  scope: 'page' | 'site' | 'hello';
  rules: string[];
  /** The checklists that apply on the page. */
  checklists: string[];
  /**
   * The document that said it (the browser's `documentId`, where it gives one): a report from a
   * document the tab has since left does not replace what its successor said.
   */
  document?: string;
}

/** The side panel's part of the overlay (WXT unlisted script `entrypoints/overlay-panel`). */
export const OVERLAY_PANEL_FILE = '/overlay-panel.js';

const key = (tabId: number) => `page:${tabId}`;

/**
 * The writes of the tabs' pages, one after the other: a report reads what is there before it
 * writes, and nothing may come between.
 */
let writes: Promise<unknown> = Promise.resolve();
function inTurn<T>(task: () => Promise<T>): Promise<T> {
  const run = writes.then(task, task);
  writes = run.catch(() => undefined);
  return run;
}

async function read(tabId: number): Promise<TabPage | undefined> {
  const found = await browser.storage.session.get(key(tabId));
  return found[key(tabId)] as TabPage | undefined;
}

/** The tabs' pages, in session storage. */
export const tabPages = {
  get: read,
  /** What a page said on starting (its hello): it is the tab's page now. */
  set(tabId: number, page: TabPage): Promise<void> {
    return inTurn(() => browser.storage.session.set({ [key(tabId)]: page }));
  },
  /**
   * What a page reported holds there, kept unless another document of the tab spoke since (the
   * tab went on to another page while the report was on its way, or being saved): true when kept.
   */
  report(tabId: number, page: TabPage): Promise<boolean> {
    return inTurn(async () => {
      const now = await read(tabId);
      const left = page.document !== undefined && now?.document !== undefined && now.document !== page.document;
      if (left) return false;
      await browser.storage.session.set({ [key(tabId)]: page });
      return true;
    });
  },
  remove(tabId: number): Promise<void> {
    return inTurn(() => browser.storage.session.remove(key(tabId)));
  },
};

/**
 * Tells the extension's pages (the side panel, the popup) that what they show changed: for one
 * tab, or for every tab when `tabId` is left out (packs or data changed). Nobody listening is fine.
 */
export function notifyPanels(tabId?: number): void {
  const message: PanelChanged = { type: 'panel.changed', ...(tabId !== undefined && { tabId }) };
  noticePages(message);
}
