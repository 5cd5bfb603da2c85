import { type Browser, browser } from '#imports';
import type { Handlers } from '../router';
import { enabledOrigins, injectIntoOpenTabs } from '../sites';

/** The UI bundle (WXT unlisted script `entrypoints/overlay-ui`), loaded only once help is due. */
export const OVERLAY_UI_FILE = '/overlay-ui.js';
/** The linear-time pattern engine (WXT unlisted script `entrypoints/overlay-patterns`). */
export const OVERLAY_PATTERNS_FILE = '/overlay-patterns.js';

/**
 * Injects a bundle into the sender's own frame and the extension's isolated world, where the
 * content script waits for it: no web-accessible resource that pages could probe for.
 */
function injector(file: typeof OVERLAY_UI_FILE | typeof OVERLAY_PATTERNS_FILE) {
  return async (_message: unknown, sender: Browser.runtime.MessageSender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { loaded: false };
    await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: [file] });
    return { loaded: true };
  };
}

export function overlayHandlers(): Pick<Handlers, 'overlay.loadUi' | 'overlay.loadPatterns'> {
  return {
    'overlay.loadUi': injector(OVERLAY_UI_FILE),
    'overlay.loadPatterns': injector(OVERLAY_PATTERNS_FILE),
  };
}

/**
 * After an install, update or reload, starts the overlay again in tabs already open on enabled
 * sites. The new content script tells the old, orphaned one to stop (WXT's context), so its UI is
 * removed at once, and a walkthrough in progress resumes in the new one.
 */
export async function restartOverlays(): Promise<void> {
  await injectIntoOpenTabs(await enabledOrigins());
}
