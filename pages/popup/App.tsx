import { browser } from '#imports';
import { SyncStatusText } from '../../components/SyncStatusText';
import { useAsync } from '../../components/useAsync';
import { sendMessage } from '../../messaging/send';
import { originPattern, requestSite } from '../lib/sites';
import { PickSection } from './PickSection';

async function loadSiteState() {
  // `?tab=` names the tab when the popup is opened as a page of its own (tests, a pinned window).
  const forced = Number(new URLSearchParams(location.search).get('tab') ?? Number.NaN);
  const [tab] = Number.isInteger(forced)
    ? [await browser.tabs.get(forced)]
    : await browser.tabs.query({ active: true, currentWindow: true });
  const { origins } = await sendMessage({ type: 'sites.list' });
  let origin: string | null = null;
  try {
    origin = tab?.url ? originPattern(tab.url) : null;
  } catch {
    origin = null;
  }
  return { tab, origin, enabled: origin !== null && origins.includes(origin) };
}

export function App() {
  const [state, reload] = useAsync(loadSiteState);
  const [sync] = useAsync(() => sendMessage({ type: 'sync.status' }));

  const openPanel = async (windowId: number | undefined) => {
    if (windowId !== undefined && browser.sidePanel) await browser.sidePanel.open({ windowId });
    window.close();
  };

  return (
    <main class="popup">
      <h1>Stepwise</h1>
      {state.status === 'loading' && <p class="muted">Loading…</p>}
      {state.status === 'error' && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {state.status === 'ready' &&
        (state.value.origin === null ? (
          <p class="muted">Stepwise helps on web apps (http and https pages). Open one to turn it on.</p>
        ) : state.value.enabled ? (
          <>
            <p>Stepwise is on for {new URL(state.value.tab?.url ?? '').host}.</p>
            <button type="button" onClick={() => openPanel(state.value.tab?.windowId)}>
              Open help panel
            </button>
          </>
        ) : (
          <>
            <p>Stepwise is off for {new URL(state.value.tab?.url ?? '').host}.</p>
            <button
              type="button"
              onClick={async () => {
                if (state.value.origin && (await requestSite(state.value.origin))) reload();
              }}
            >
              Turn on for this site
            </button>
          </>
        ))}
      {state.status === 'ready' && state.value.origin !== null && state.value.tab?.id !== undefined && (
        <PickSection tabId={state.value.tab.id} />
      )}
      {sync.status === 'ready' && sync.value.connected && <SyncStatusText status={sync.value} brief />}
      <p>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Settings
        </a>
      </p>
    </main>
  );
}
