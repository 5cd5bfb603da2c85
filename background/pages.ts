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
}

/** The side panel's part of the overlay (WXT unlisted script `entrypoints/overlay-panel`). */
export const OVERLAY_PANEL_FILE = '/overlay-panel.js';

const key = (tabId: number) => `page:${tabId}`;

/** The tabs' pages, in session storage. */
export const tabPages = {
  async get(tabId: number): Promise<TabPage | undefined> {
    const found = await browser.storage.session.get(key(tabId));
    return found[key(tabId)] as TabPage | undefined;
  },
  async set(tabId: number, page: TabPage): Promise<void> {
    await browser.storage.session.set({ [key(tabId)]: page });
  },
  async remove(tabId: number): Promise<void> {
    await browser.storage.session.remove(key(tabId));
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
