/**
 * The background's wiring: every listener is added synchronously when the worker starts, so an
 * event that wakes a stopped worker is delivered. Handlers live with their subject (sites, overlay,
 * store, usage, packs, data) and are composed here.
 */
import { browser } from '#imports';
import { Message, ProductMessage } from '../messaging/messages';
import { parsePack, parsePackInSlices, ruleMayApplyToOrigin } from '../rules/index';
import { authoringHandlers } from './handlers/authoring';
import { catalogHandlers } from './handlers/catalog';
import { checklistHandlers } from './handlers/checklists';
import { dataHandlers } from './handlers/data';
import { helpHandlers } from './handlers/help';
import { insightsHandlers } from './handlers/insights';
import { overlayHandlers, restartOverlays } from './handlers/overlay';
import { packHandlers } from './handlers/packs';
import { forgetPageAnswers, panelHandlers } from './handlers/panel';
import { pickerHandlers } from './handlers/picker';
import { recordingHandlers } from './handlers/recording';
import { siteHandlers } from './handlers/sites';
import { storeHandlers } from './handlers/store';
import { syncHandlers } from './handlers/sync';
import { testToolHandlers } from './handlers/test-tools';
import { followingDrafts, testingHandlers, testingOverlay } from './handlers/testing';
import { tipHandlers } from './handlers/tips';
import { usageHandlers } from './handlers/usage';
import { ProbePlanner } from './insights/probes';
import { notifyPanels, tabPages } from './pages';
import { OPEN_PANEL_COMMAND, openHelpPanel } from './panel-command';
import { recordingsOf } from './recording';
import { createMessageRouter, type Handlers } from './router';
import { injectIntoOpenTabs, syncOverlayRegistration } from './sites';
import { Store } from './store';
import { SYNC_ALARM, SYNC_ALARM_MINUTES, SyncEngine } from './sync/engine';
import { draftTests } from './testing';

/**
 * Whether this build carries the tools only the end-to-end tests, the benchmarks and the unit
 * tests use (`handlers/test-tools.ts`). Vite writes the mode in at build time, so a production
 * build's bundler drops them (`test/build/build-output.test.ts` checks the built files).
 */
const WITH_TEST_TOOLS = import.meta.env.MODE === 'e2e' || import.meta.env.MODE === 'test';

/**
 * The background's message handlers, over `store`; `extensionOrigin` tells our pages from content
 * scripts (a content script's page is the address the browser gives for its frame).
 */
export function createHandlers(
  store: Store,
  sync: SyncEngine = syncEngine(store),
  extensionOrigin = browser.runtime.getURL('/'),
): Handlers {
  // The rules core validates packs and sends a page only what can apply on its origin.
  const mayApply = (item: Parameters<typeof ruleMayApplyToOrigin>[0], url: string) => ruleMayApplyToOrigin(item, url);
  const stored = storeHandlers(store, mayApply, extensionOrigin);
  const planner = new ProbePlanner(store.now);
  const insights = insightsHandlers(store, mayApply, { planner });
  const handlers: Handlers = {
    ...siteHandlers(),
    ...overlayHandlers(),
    ...stored,
    'overlay.hello': insights.afterHello(stored['overlay.hello']),
    ...insights.handlers,
    ...checklistHandlers(store),
    ...panelHandlers(store, mayApply),
    ...catalogHandlers(store, mayApply),
    ...helpHandlers(store),
    ...usageHandlers(store),
    ...packHandlers(store, parsePackInSlices),
    ...dataHandlers(store),
    ...pickerHandlers(store),
    ...recordingHandlers(store),
    ...syncHandlers(sync),
    ...authoringHandlers(store, parsePack, sync),
    ...tipHandlers(store, sync, parsePack),
    ...testingHandlers(store, mayApply),
  };
  // A draft under test in a tab: added to that tab's hello, and its reports kept out of the database;
  // its saved edits go on to the tab.
  Object.assign(handlers, testingOverlay({ ...handlers }, mayApply), followingDrafts({ ...handlers }));
  return WITH_TEST_TOOLS ? { ...handlers, ...testToolHandlers(store, handlers, planner) } : handlers;
}

/** Sync with the team server over the store (packs pulled, outbox pushed). */
export function syncEngine(store: Store): SyncEngine {
  return new SyncEngine({
    db: store.db,
    now: store.now,
    parsePack: parsePackInSlices,
    flushUsage: () => store.usage.flush(),
    contentChanged: () => store.contentChanged(),
  });
}

/** Starts the background: storage, messaging and site registration. */
export function startBackground(): void {
  const store = new Store();
  const sync = syncEngine(store);
  const origin = browser.runtime.getURL('/');
  const router = createMessageRouter(
    createHandlers(store, sync, origin),
    browser.runtime.id,
    origin,
    WITH_TEST_TOOLS ? Message : ProductMessage,
  );
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));
  // Best effort: counts are in the write-ahead log already, this only saves a replay.
  browser.runtime.onSuspend?.addListener(() => void store.usage.flush());

  browser.permissions.onAdded.addListener(async ({ origins = [] }) => {
    const enabled = await syncOverlayRegistration();
    // Not into the team server's pages when its origin was granted for syncing alone.
    await injectIntoOpenTabs(origins.filter((origin) => enabled.includes(origin)));
    notifyPanels();
  });
  // No listener for storage changes: it would wake this worker for every write to the usage
  // write-ahead log (a storage.local write every few messages, old and new values each time).
  // The team server's mark (SERVER_ONLY_ORIGIN_KEY) is set before the grant it describes and
  // removed after the access is given back, so the permission events above see it as it is.
  browser.permissions.onRemoved.addListener(async () => {
    await syncOverlayRegistration();
    notifyPanels();
  });
  // What a closed tab's page said is of no use; a tab that navigates says it again.
  // A recording whose tab closed is kept as a draft all the same.
  browser.tabs.onRemoved.addListener((tabId) => {
    void tabPages.remove(tabId);
    void draftTests()
      .update(tabId, () => undefined)
      .catch(() => undefined);
    forgetPageAnswers(tabId);
    void recordingsOf(store)
      .closed(tabId)
      .catch(() => undefined);
  });
  // The shortcut that opens the help panel (Firefox opens its sidebar itself: `_execute_sidebar_action`).
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === OPEN_PANEL_COMMAND) void openHelpPanel(tab?.windowId);
  });
  browser.runtime.onInstalled.addListener(async () => {
    await syncOverlayRegistration();
    await restartOverlays();
    await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_ALARM_MINUTES });
  });
  browser.runtime.onStartup.addListener(() => {
    void syncOverlayRegistration();
    // The team's packs at start-up (when connected), and the alarm kept.
    void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_ALARM_MINUTES });
    void sync.syncNow().catch(() => undefined);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void sync.onAlarm().catch(() => undefined);
  });
}
