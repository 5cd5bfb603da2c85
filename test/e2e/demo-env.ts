/**
 * The demo CRM beside Stepwise's e2e build in a browser, with the demo origin turned on: what the
 * authoring e2e files (picker, quick editor, recording) start from.
 */
import type { Page } from 'puppeteer-core';
import { StepwiseBrowser } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';

export interface DemoEnv {
  readonly crm: DemoCrm;
  readonly sw: StepwiseBrowser;
  /** Opens the CRM's `path` in a new tab (Chromium: 1280 × 900; Firefox: its window) and returns it with its tab id. */
  open(path: string): Promise<{ page: Page; tabId: number }>;
  close(): Promise<void>;
}

export async function startDemoEnv(): Promise<DemoEnv> {
  const crm = await startDemoCrm();
  const sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  return {
    crm,
    sw,
    async open(path) {
      const page = await sw.browser.newPage();
      if (sw.name === 'chromium') await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${crm.url}${path}`, { waitUntil: 'load' });
      return { page, tabId: await sw.tabIdOf(page) };
    },
    async close() {
      await sw.close();
      await crm.close();
    },
  };
}
