/**
 * The background's wiring: every listener is added synchronously when the worker starts, so an
 * event that wakes a stopped worker is delivered. Handlers live with their subject (sites, overlay,
 * store, usage, packs, data) and are composed here.
 */
import { browser } from '#imports';
import { parsePack, ruleMayApplyToOrigin } from '../rules/index';
import { dataHandlers } from './handlers/data';
import { overlayHandlers, restartOverlays } from './handlers/overlay';
import { packHandlers } from './handlers/packs';
import { pickerHandlers } from './handlers/picker';
import { siteHandlers } from './handlers/sites';
import { storeHandlers } from './handlers/store';
import { syncHandlers } from './handlers/sync';
import { usageHandlers } from './handlers/usage';
import { createMessageRouter, type Handlers } from './router';
import { injectIntoOpenTabs, syncOverlayRegistration } from './sites';
import { Store } from './store';
import { SYNC_ALARM, SYNC_ALARM_MINUTES, SyncEngine } from './sync/engine';

/** The background's message handlers, over `store`. */
export function createHandlers(store: Store, sync: SyncEngine = syncEngine(store)): Handlers {
  return {
    ...siteHandlers(),
    ...overlayHandlers(),
    // The rules core validates packs and sends a page only what can apply on its origin.
    ...storeHandlers(store, (item, url) => ruleMayApplyToOrigin(item, url)),
    ...usageHandlers(store),
    ...packHandlers(store, parsePack),
    ...dataHandlers(store),
    ...pickerHandlers(store),
    ...syncHandlers(sync),
  };
}

/** Sync with the team server over the store (packs pulled, outbox pushed). */
export function syncEngine(store: Store): SyncEngine {
  return new SyncEngine({
    db: store.db,
    now: store.now,
    parsePack,
    flushUsage: () => store.usage.flush(),
    contentChanged: () => store.contentChanged(),
  });
}

/** Starts the background: storage, messaging and site registration. */
export function startBackground(): void {
  const store = new Store();
  const sync = syncEngine(store);
  const router = createMessageRouter(createHandlers(store, sync), browser.runtime.id, browser.runtime.getURL('/'));
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));
  // Best effort: counts are in the write-ahead log already, this only saves a replay.
  browser.runtime.onSuspend?.addListener(() => void store.usage.flush());

  browser.permissions.onAdded.addListener(async ({ origins = [] }) => {
    await syncOverlayRegistration();
    await injectIntoOpenTabs(origins);
  });
  browser.permissions.onRemoved.addListener(() => void syncOverlayRegistration());
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
