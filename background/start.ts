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
import { usageHandlers } from './handlers/usage';
import { createMessageRouter, type Handlers } from './router';
import { injectIntoOpenTabs, syncOverlayRegistration } from './sites';
import { Store } from './store';

/** The background's message handlers, over `store`. */
export function createHandlers(store: Store): Handlers {
  return {
    ...siteHandlers(),
    ...overlayHandlers(),
    // The rules core validates packs and sends a page only what can apply on its origin.
    ...storeHandlers(store, (item, url) => ruleMayApplyToOrigin(item, url)),
    ...usageHandlers(store),
    ...packHandlers(store, parsePack),
    ...dataHandlers(store),
    ...pickerHandlers(store),
  };
}

/** Starts the background: storage, messaging and site registration. */
export function startBackground(): void {
  const store = new Store();
  const router = createMessageRouter(createHandlers(store), browser.runtime.id, browser.runtime.getURL('/'));
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
  });
  browser.runtime.onStartup.addListener(() => void syncOverlayRegistration());
}
