import type { Page } from 'puppeteer-core';
import { waitFor } from '../../browser-harness/harness';

/**
 * Waits until the side panel shows what holds for its page (`stepwise:panel-rendered`): until
 * then it may say "Checking this page…" above its lists, and the line's going moves every control
 * below it, so a click aimed before it goes can land where the control was.
 */
export async function panelSettled(panel: Page): Promise<void> {
  // Polled from here: a panel in a background tab runs no animation frames.
  await waitFor(
    () => panel.evaluate(() => performance.getEntriesByName('stepwise:panel-rendered').length > 0),
    'the panel to show what holds for its page',
  );
}
