import { browser } from '#imports';
import type { Handlers } from '../router';
import { enabledOrigins, injectIntoOpenTabs } from '../sites';

/** The UI bundle (WXT unlisted script `entrypoints/overlay-ui`), loaded only once help is due. */
export const OVERLAY_UI_FILE = '/overlay-ui.js';

export function overlayHandlers(): Pick<Handlers, 'overlay.loadUi'> {
  return {
    // Into the sender's own frame and the extension's isolated world, where the content script
    // waits for it: no web-accessible resource that pages could probe for.
    'overlay.loadUi': async (_message, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { loaded: false };
      await browser.scripting.executeScript({
        target: { tabId, frameIds: [sender.frameId ?? 0] },
        files: [OVERLAY_UI_FILE],
      });
      return { loaded: true };
    },
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
