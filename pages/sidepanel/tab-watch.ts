/**
 * What tells the side panel that what it shows for a tab changed: the background's `panel.changed`
 * notices for the tab (or for every tab) and the tab's own navigations. One watch is started before
 * the panel first asks (`openPanel`) and handed to the views as it is, never closed and opened
 * again: a notice on its way while a channel closes is lost (a BroadcastChannel delivers only to
 * the channels open when it was posted), and a panel that missed the page's answer kept saying
 * "Checking this page…".
 */
import { browser } from '#imports';
import { onPageNotice } from '../../messaging/page-notices';

export interface TabWatch {
  readonly tabId: number;
  /**
   * From now on, calls `onChange` at each change; at once when there was one since the watch
   * started and nobody was listening.
   */
  hand(onChange: () => void): void;
  /** Stops listening, for good. */
  stop(): void;
}

/** Starts listening for changes to what `tabId` shows. */
export function watchTab(tabId: number): TabWatch {
  const listening = new AbortController();
  let listener: (() => void) | null = null;
  let missed = false;
  const changed = () => {
    if (listener) listener();
    else missed = true;
  };
  onPageNotice((notice) => {
    if (notice.type === 'panel.changed' && (notice.tabId === undefined || notice.tabId === tabId)) changed();
  }, listening.signal);
  const onUpdated = (id: number, info: { url?: string; status?: string }) => {
    if (id === tabId && (info.url !== undefined || info.status !== undefined)) changed();
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  listening.signal.addEventListener('abort', () => browser.tabs.onUpdated.removeListener(onUpdated), { once: true });
  return {
    tabId,
    hand(onChange) {
      if (listening.signal.aborted) return;
      listener = onChange;
      if (missed) {
        missed = false;
        onChange();
      }
    },
    stop: () => {
      listener = null;
      listening.abort();
    },
  };
}
