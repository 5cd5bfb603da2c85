import { browser } from '#imports';

/** The `commands` entry that opens the help panel (Chrome; Firefox has `_execute_sidebar_action`). */
export const OPEN_PANEL_COMMAND = 'open-help-panel';

/**
 * Opens Chrome's side panel in `windowId` for the keyboard shortcut. It must be called while the
 * browser handles the shortcut (no `await` before it): Chrome opens a panel only then.
 */
export function openHelpPanel(windowId: number | undefined): Promise<void> | undefined {
  if (!browser.sidePanel || windowId === undefined) return undefined;
  return browser.sidePanel.open({ windowId }).catch((error: unknown) => console.warn('Stepwise:', error));
}
