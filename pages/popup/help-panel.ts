import { browser } from '#imports';

/** Firefox's sidebar API (not in the Chrome-based types of `browser`). */
interface SidebarAction {
  open(): Promise<void>;
}

/**
 * Opens Stepwise's help panel where the browser keeps it: Chrome's side panel in `windowId`, or
 * Firefox's sidebar (`sidebar_action`), which has no `sidePanel` API. Both browsers open a panel
 * only while they handle the user's click, so call this first in the click handler, before any
 * `await`. Returns undefined when the browser has neither.
 */
export function openHelpPanel(windowId: number | undefined): Promise<void> | undefined {
  if (browser.sidePanel && windowId !== undefined) return browser.sidePanel.open({ windowId });
  const sidebar = (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;
  return sidebar?.open();
}
