/**
 * The headless demo: visits Acme CRM with Stepwise on and screenshots each stop. Used by
 * `npm start` on machines without a display, and for the README's screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StepwiseBrowser } from '../test/e2e/harness';

/** Walks the demo, writing PNGs into `dir`; returns the files written. */
export async function walkDemo(sw: StepwiseBrowser, crmUrl: string, dir: string): Promise<string[]> {
  const shots: string[] = [];
  const shoot = async (page: Page, name: string) => {
    const file = join(dir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };

  const page = await sw.browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(`${crmUrl}/accounts`, { waitUntil: 'load' });
  await shoot(page, 'accounts');

  await page.click('a[href="/accounts/7"]');
  await page.waitForSelector('#new-opportunity');
  await shoot(page, 'account-detail');

  await page.click('#new-opportunity');
  await page.waitForSelector('#opportunity-form');
  await page.click('#save-opportunity');
  await shoot(page, 'new-opportunity-validation');

  for (const name of ['sidepanel', 'popup', 'options'] as const) {
    const extensionPage = await sw.openExtensionPage(name);
    await extensionPage.setViewport({ width: name === 'options' ? 1000 : 400, height: 600 });
    await shoot(extensionPage, name);
    await extensionPage.close();
  }
  await page.close();
  return shots;
}
