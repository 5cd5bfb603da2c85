/**
 * The background's wiring: every listener is added synchronously when the worker starts, so an
 * event that wakes a stopped worker is delivered. Handlers live with their subject (sites, overlay,
 * store) and are composed here.
 */
import { browser } from '#imports';
import { overlayHandlers, restartOverlays } from './handlers/overlay';
import { siteHandlers } from './handlers/sites';
import { storeHandlers } from './handlers/store';
import { createMessageRouter, type Handlers } from './message-router';
import { injectIntoOpenTabs, syncOverlayRegistration } from './sites';

/** The background's message handlers. */
export function createHandlers(): Handlers {
  return { ...siteHandlers(), ...overlayHandlers(), ...storeHandlers() };
}

/** Starts the background: messaging and site registration. */
export function startBackground(): void {
  const router = createMessageRouter(createHandlers(), browser.runtime.id, browser.runtime.getURL('/'));
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));

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
