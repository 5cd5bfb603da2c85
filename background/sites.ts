/**
 * Which sites Stepwise runs on. The browser's permission store is the single source of truth: a
 * site is on when its origin is granted (optional host permission, or the demo origin in the e2e
 * and demo builds), and the overlay content script is registered for exactly those origins.
 */
import { browser } from '#imports';
import { SERVER_ONLY_ORIGIN_KEY } from '../messaging/server-address';

/** The id of the dynamically registered overlay content script. */
export const OVERLAY_SCRIPT_ID = 'stepwise-overlay';
/** The overlay bundle's path inside the extension (WXT builds `entrypoints/overlay` here: wxt.config.ts). */
export const OVERLAY_SCRIPT_FILE = '/content-scripts/overlay.js';
/**
 * What the overlay needs in a page, in order. Firefox before 142 has no URLPattern: its build also
 * registers the polyfill (`entrypoints/url-pattern-polyfill`) first, in the same isolated world.
 */
export const OVERLAY_SCRIPT_FILES: (typeof OVERLAY_SCRIPT_FILE)[] = import.meta.env.FIREFOX
  ? // The polyfill's path is typed only in Firefox builds (the entrypoint is Firefox's alone).
    ['/url-pattern-polyfill.js' as typeof OVERLAY_SCRIPT_FILE, OVERLAY_SCRIPT_FILE]
  : [OVERLAY_SCRIPT_FILE];

/** Granted web origins, as match patterns, but for the one granted for the team server alone. */
export async function enabledOrigins(): Promise<string[]> {
  const [{ origins = [] }, stored] = await Promise.all([
    browser.permissions.getAll(),
    browser.storage.local.get(SERVER_ONLY_ORIGIN_KEY),
  ]);
  const serverOnly = stored[SERVER_ONLY_ORIGIN_KEY];
  return origins.filter((o) => (/^https?:\/\//.test(o) || o.startsWith('*://')) && o !== serverOnly).sort();
}

/** Gives back the access granted for the team server alone (on disconnecting from it). */
export async function releaseServerOnlyOrigin(): Promise<void> {
  const pattern = (await browser.storage.local.get(SERVER_ONLY_ORIGIN_KEY))[SERVER_ONLY_ORIGIN_KEY];
  if (typeof pattern !== 'string') return;
  await browser.permissions.remove({ origins: [pattern] });
  await browser.storage.local.remove(SERVER_ONLY_ORIGIN_KEY);
}

/** Registers the overlay content script for every enabled origin (or unregisters it for none). */
export async function syncOverlayRegistration(): Promise<string[]> {
  const origins = await enabledOrigins();
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [OVERLAY_SCRIPT_ID] });
  if (origins.length === 0) {
    if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [OVERLAY_SCRIPT_ID] });
    return origins;
  }
  const script = {
    id: OVERLAY_SCRIPT_ID,
    js: OVERLAY_SCRIPT_FILES,
    matches: origins,
    // Before the page has any content: the isolated world (and its `chrome`) then exists before any
    // page element could shadow a name in it, and the overlay's listeners come before the page's.
    runAt: 'document_start' as const,
    persistAcrossSessions: true,
  };
  if (registered.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  return origins;
}

/** Starts the overlay in tabs that were already open on newly granted origins. */
export async function injectIntoOpenTabs(origins: string[]): Promise<void> {
  if (!origins.length) return;
  const tabs = await browser.tabs.query({ url: origins });
  await Promise.all(
    tabs.map(
      (tab) =>
        tab.id === undefined
          ? undefined
          : browser.scripting
              .executeScript({ target: { tabId: tab.id }, files: OVERLAY_SCRIPT_FILES })
              .catch(() => undefined), // a tab mid-navigation gets the registered script anyway
    ),
  );
}
