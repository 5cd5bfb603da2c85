/**
 * The headless demo: visits Acme CRM with Stepwise on and the starter pack imported, walks the
 * starter walkthrough (its step cards, a tip, a validation hint) and screenshots each stop. Used by
 * `npm start` on machines without a display; `npm start -- --headless --readme` also copies its
 * README stop to `docs/screenshot.png`.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { byRole, type StepwiseBrowser } from '../browser-harness/harness';

/** The stop the README's screenshot shows: a step card, and validation marks on the form. */
export const README_SHOT = 'walkthrough-validation';

/** The size the walk's pages are shown at. */
export const DEMO_WINDOW = { width: 1280, height: 1000 };

/** Walks the demo, writing PNGs into `dir`; returns the files written. */
export async function walkDemo(sw: StepwiseBrowser, crmUrl: string, dir: string): Promise<string[]> {
  const shots: string[] = [];
  const shoot = async (page: Page, name: string) => {
    // Let Floating UI place the cards and the pulse settle before the picture.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const file = join(dir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const card = (page: Page, title: string) => byRole(page, 'dialog', title, 15_000);

  const page = await sw.browser.newPage();
  // Firefox (over WebDriver BiDi) has neither per-page call: its window is sized and its
  // motion reduced by preferences at launch (scripts/start.ts).
  const chromium = sw.name === 'chromium';
  if (chromium) {
    await page.setViewport(DEMO_WINDOW);
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  }

  // A tip: the beacon beside the search box opens it.
  await page.goto(`${crmUrl}/accounts`, { waitUntil: 'load' });
  const beacon = await byRole(page, 'button', 'Tip: Search instead of scrolling', 15_000);
  await shoot(page, 'accounts-beacon');
  await beacon.click();
  await card(page, 'Search instead of scrolling');
  await shoot(page, 'accounts-tip');

  // The walkthrough starts by itself on an account, once its activity (and the link) has loaded.
  await page.goto(`${crmUrl}/accounts/7`, { waitUntil: 'load' });
  await card(page, 'Start from the account');
  await shoot(page, 'walkthrough-start');

  await page.click('#new-opportunity');
  await card(page, 'Name it');
  await page.type('#opp-name', 'Globex – Renewal – Q3');
  await page.keyboard.press('Tab');
  await card(page, 'Amount');
  await shoot(page, 'walkthrough-amount');

  // Leaving a field checks its value: a pass for the amount, a fail for the email further down.
  await page.keyboard.type('25000');
  await page.keyboard.press('Tab');
  await card(page, 'Close date');
  await page.keyboard.type('09302027');
  await page.keyboard.press('Tab');
  await card(page, 'Save');
  await page.type('#opp-email', 'dana@globex');
  await page.keyboard.press('Tab');
  await byRole(page, 'tooltip', '✗ Enter a full address like name@company.com.');
  await byRole(page, 'tooltip', '✓ Looks right');
  await shoot(page, README_SHOT);

  for (const name of ['sidepanel', 'popup', 'options'] as const) {
    const extensionPage = await sw.openExtensionPage(name);
    if (chromium) await extensionPage.setViewport({ width: name === 'options' ? 1000 : 400, height: 600 });
    await shoot(extensionPage, name);
    await extensionPage.close();
  }
  await page.close();
  return shots;
}

/** Copies the walk's README stop to `docs/screenshot.png`. */
export async function updateReadmeScreenshot(shots: string[], docsDir: string): Promise<string> {
  const shot = shots.find((s) => s.endsWith(`-${README_SHOT}.png`));
  if (!shot) throw new Error(`The walk took no "${README_SHOT}" screenshot`);
  const target = join(docsDir, 'screenshot.png');
  await copyFile(shot, target);
  return target;
}
