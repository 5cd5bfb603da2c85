import { browser } from '#imports';
import type { Handlers } from '../message-router';

/** The UI bundle (WXT unlisted script `entrypoints/overlay-ui`), loaded only once help is due. */
export const OVERLAY_UI_FILE = '/overlay-ui.js';

export function overlayHandlers(): Pick<Handlers, 'overlay.loadUi'> {
  return {
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
