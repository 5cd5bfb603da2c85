/**
 * The background's wiring: every listener is added synchronously when the worker starts, so an
 * event that wakes a stopped worker is delivered.
 */
import { browser } from '#imports';
import { createMessageRouter, type Handlers } from './message-router';
import { enabledOrigins, injectIntoOpenTabs, syncOverlayRegistration } from './sites';

/** The background's message handlers. */
export function createHandlers(): Handlers {
  return {
    'overlay.hello': async (_message, sender) => {
      const tabId = sender.tab?.id;
      if (tabId !== undefined) {
        await browser.action.setBadgeText({ tabId, text: 'on' });
        await browser.action.setBadgeBackgroundColor({ tabId, color: '#2b6cb0' });
      }
      return { enabled: true };
    },
    'sites.list': async () => ({ origins: await enabledOrigins() }),
    'sites.disable': async ({ origin }) => ({ removed: await browser.permissions.remove({ origins: [origin] }) }),
  };
}

/** Starts the background: messaging, site registration and the side panel behaviour. */
export function startBackground(): void {
  const router = createMessageRouter(createHandlers(), browser.runtime.id, browser.runtime.getURL('/'));
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));

  browser.permissions.onAdded.addListener(async ({ origins = [] }) => {
    await syncOverlayRegistration();
    await injectIntoOpenTabs(origins);
  });
  browser.permissions.onRemoved.addListener(() => void syncOverlayRegistration());
  browser.runtime.onInstalled.addListener(() => void syncOverlayRegistration());
  browser.runtime.onStartup.addListener(() => void syncOverlayRegistration());
}
