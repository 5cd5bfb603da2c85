/**
 * The tab the side panel sits beside, and what the background says about it. The panel follows
 * the active tab of its window (a tab switch, a navigation); `?tabId=` pins it to one tab, for a
 * panel opened as a page of its own (tests, a pinned window). What it shows is loaded again
 * whenever the background says it changed, the tab navigates, or another tab comes in front.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import type { PanelState } from '../../messaging/areas/panel';
import { onPageNotice } from '../../messaging/page-notices';
import { sendMessage } from '../../messaging/send';

export type Loaded = { status: 'loading' } | { status: 'no-tab' } | { status: 'error'; error: string } | PanelState;

/** The tab named by `?tabId=`, if any. */
export function pinnedTab(search = location.search): number | undefined {
  const params = new URLSearchParams(search);
  const value = params.get('tabId') ?? params.get('tab');
  const id = value === null ? Number.NaN : Number(value);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** The id of the tab the panel is for: pinned, or the active tab of its window (never itself). */
export function useBesideTab(): number | null | undefined {
  const pinned = pinnedTab();
  const [tabId, setTabId] = useState<number | null | undefined>(pinned);
  useEffect(() => {
    if (pinned !== undefined) return;
    let windowId: number | undefined;
    let self: number | undefined;
    const pick = (id: number | undefined) => {
      if (id !== undefined && id !== self) setTabId(id);
      else setTabId((current) => current ?? null);
    };
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (info.windowId === windowId) pick(info.tabId);
    };
    (async () => {
      // Opened as a tab (tests), the panel's own tab is not the one it helps with.
      self = (await browser.tabs.getCurrent())?.id;
      windowId = (await browser.windows.getCurrent()).id;
      const [active] = await browser.tabs.query({ active: true, windowId });
      pick(active?.id);
    })().catch(() => setTabId(null));
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, [pinned]);
  return tabId;
}

/** What the panel shows for `tabId`, kept current. */
export function usePanelState(tabId: number | null | undefined): [Loaded, () => void] {
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  const [revision, setRevision] = useState(0);
  const reload = () => setRevision((r) => r + 1);
  useEffect(() => {
    if (tabId === null) return setState({ status: 'no-tab' });
    if (tabId === undefined) return;
    let current = true;
    // Marks where opening the panel spends its time (the benchmark reads the first of each).
    performance.mark('stepwise:panel-asked');
    sendMessage({ type: 'panel.state', tabId }).then(
      (value) => {
        performance.mark('stepwise:panel-answered');
        if (current) setState(value);
      },
      (error: unknown) => current && setState({ status: 'error', error: String((error as Error)?.message ?? error) }),
    );
    return () => {
      current = false;
    };
  }, [tabId, revision]);
  useEffect(() => {
    if (tabId === null || tabId === undefined) return;
    // Several changes at once (a report, then a count) are loaded once.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(reload, 30);
    };
    const notices = new AbortController();
    onPageNotice((notice) => {
      if (notice.type === 'panel.changed' && (notice.tabId === undefined || notice.tabId === tabId)) soon();
    }, notices.signal);
    const onUpdated = (id: number, info: { url?: string; status?: string }) => {
      if (id === tabId && (info.url !== undefined || info.status !== undefined)) soon();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      clearTimeout(timer);
      notices.abort();
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, [tabId]);
  return [state, reload];
}
