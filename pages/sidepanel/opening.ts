/**
 * The first thing the side panel does: find the tab it is for and ask the background what to show
 * there, before the rest of the panel's code has loaded. The entry module imports only this (and
 * what sending a message needs), so the background reads the packs and the database while the
 * browser loads and runs the views; `mountPanel` then starts from the answer already on its way.
 */
import { browser } from '#imports';
import type { PanelState } from '../../messaging/areas/panel';
import { sendMessage } from '../../messaging/send';
import { type TabWatch, watchTab } from './tab-watch';

/** The tab named by `?tabId=`, if any. */
export function pinnedTab(search = location.search): number | undefined {
  const params = new URLSearchParams(search);
  const value = params.get('tabId') ?? params.get('tab');
  const id = value === null ? Number.NaN : Number(value);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** The panel's window and its own tab (when it was opened as a tab, as tests do). */
export interface PanelWindow {
  windowId?: number;
  /** The panel's own tab, never the one it helps with. */
  self?: number;
}

/**
 * The active tab of the panel's window (never the panel's own), or null; and the window. Asked in
 * one round (the window's active tab, and the panel's own tab when it is one), not the window
 * first and its tab after: each round is a trip to the browser, 1 ms at the median and 9 to 17 at
 * the 95th percentile on a busy machine.
 */
export async function activeTabBeside(): Promise<{ tabId: number | null; url?: string; where: PanelWindow }> {
  const [self, [active]] = await Promise.all([
    browser.tabs.getCurrent(),
    browser.tabs.query({ active: true, currentWindow: true }),
  ]);
  const windowId = active?.windowId ?? (await browser.windows.getCurrent()).id;
  const where = { windowId, self: self?.id };
  return active?.id !== undefined && active.id !== where.self
    ? { tabId: active.id, url: active.url, where }
    : { tabId: null, where };
}

/** Asks the background what the panel shows for `tabId` (the benchmark reads the marks). */
export function askPanelState(tabId: number): Promise<PanelState> {
  performance.mark('stepwise:panel-asked');
  const state = sendMessage({ type: 'panel.state', tabId });
  // Its failure is shown once the views take the answer; until then it is not "unhandled".
  state.then(
    () => performance.mark('stepwise:panel-answered'),
    () => undefined,
  );
  return state;
}

/** The tab the panel opened beside, with the background's answer for it on its way. */
export interface Opening {
  /** Null: no tab to help with. */
  tabId: number | null;
  /** The tab's address when the panel opened (known for sites that are on), for its picture. */
  url?: string;
  /** Pinned with `?tabId=`: the panel does not follow the tab in front. */
  pinned: boolean;
  where: PanelWindow;
  state: Promise<PanelState> | null;
  /** The answer, once it came: the views start from it instead of "Loading…". */
  answer?: PanelState;
  /**
   * Listening since before the panel asked (a notice, a navigation of the tab): the views take it
   * over as it is (`usePanelState`), so nothing said meanwhile is lost. Null without a tab.
   */
  watch: TabWatch | null;
}

/** Finds the panel's tab and asks for its state at once. */
export async function openPanel(): Promise<Opening> {
  const pinned = pinnedTab();
  const found =
    pinned !== undefined
      ? { tabId: pinned, where: {} }
      : await activeTabBeside().catch(() => ({ tabId: null, where: {} }));
  const opening: Opening = { ...found, pinned: pinned !== undefined, state: null, watch: null };
  const tabId = found.tabId;
  if (tabId !== null) {
    // A page answering quickly may say so before the views are there to hear it.
    opening.watch = watchTab(tabId);
    opening.state = askPanelState(tabId);
    // Asked first: the address is only for the picture of the last lists (snapshot.ts).
    if (pinned !== undefined)
      opening.url = await browser.tabs.get(tabId).then(
        (tab) => tab.url,
        () => undefined,
      );
  }
  opening.state?.then(
    (answer) => {
      opening.answer = answer;
    },
    () => undefined,
  );
  return opening;
}
