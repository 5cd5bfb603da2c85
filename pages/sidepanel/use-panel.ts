/**
 * The tab the side panel sits beside, and what the background says about it. The panel follows
 * the active tab of its window (a tab switch, a navigation); `?tabId=` pins it to one tab, for a
 * panel opened as a page of its own (tests, a pinned window). What it shows is loaded again
 * whenever the background says it changed, the tab navigates, or another tab comes in front.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from '#imports';
import type { PanelState } from '../../messaging/areas/panel';
import { askPanelState, type Opening, pinnedTab } from './opening';
import { watchTab } from './tab-watch';

export type Loaded = { status: 'loading' } | { status: 'no-tab' } | { status: 'error'; error: string } | PanelState;

export { pinnedTab };

/**
 * The id of the tab the panel is for: pinned, or the active tab of its window (never itself),
 * starting from the tab it opened beside.
 */
export function useBesideTab(opening: Opening): number | null {
  const [tabId, setTabId] = useState<number | null>(opening.tabId);
  useEffect(() => {
    if (opening.pinned) return;
    const { windowId, self } = opening.where;
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (info.windowId === windowId && info.tabId !== self) setTabId(info.tabId);
    };
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, [opening]);
  return tabId;
}

/**
 * What the panel shows for `tabId`, kept current. `first` is the answer already asked for that
 * tab (`openPanel`): the first load takes it instead of asking again.
 */
export function usePanelState(
  tabId: number | null | undefined,
  first?: Pick<Opening, 'tabId' | 'state' | 'answer' | 'watch'>,
): [Loaded, () => void] {
  const [state, setState] = useState<Loaded>(() =>
    first?.answer && first.tabId === tabId ? first.answer : { status: 'loading' },
  );
  const [revision, setRevision] = useState(0);
  const opening = useRef(first);
  const reload = () => setRevision((r) => r + 1);
  useEffect(() => {
    if (tabId === null) return setState({ status: 'no-tab' });
    if (tabId === undefined) return;
    let current = true;
    // The answer asked for on opening serves the first load only.
    const early = opening.current;
    opening.current = undefined;
    const asked = early?.state && early.tabId === tabId ? early.state : askPanelState(tabId);
    asked.then(
      (value) => {
        if (current) setState(value);
      },
      (error: unknown) => current && setState({ status: 'error', error: String((error as Error)?.message ?? error) }),
    );
    return () => {
      current = false;
    };
  }, [tabId, revision]);
  const handed = useRef(first?.watch ?? null);
  useEffect(() => {
    if (tabId === null || tabId === undefined) return;
    // Several changes at once (a report, then a count) are loaded once.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(reload, 30);
    };
    // The watch begun before the panel first asked, taken over as it is (what it heard meanwhile
    // is loaded anew); for another tab, a watch of its own.
    const early = handed.current;
    handed.current = null;
    if (early && early.tabId !== tabId) early.stop();
    const watch = early?.tabId === tabId ? early : watchTab(tabId);
    watch.hand(soon);
    return () => {
      clearTimeout(timer);
      watch.stop();
    };
  }, [tabId]);
  return [state, reload];
}
