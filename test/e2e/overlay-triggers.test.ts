/// <reference types="chrome" />
/**
 * Walkthroughs that start on the user's own action (focus, click, an element appearing) and steps
 * that advance on a URL change (a full page load, then a hash route) or an element appearing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../browser-harness/harness';
import { card, dialogCount, type OverlayEnv, openPage, savedState, startOverlayEnv } from './overlay-helpers';

const PACK = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/packs/crm-triggers.json'), 'utf8'));

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv(PACK);
});
afterAll(() => env?.close());

const open = async (path: string): Promise<Page> => (await openPage(env, path)).page;

/** Lets the overlay see the page as it is now (its scheduler runs within a frame or two). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const progressOf = async (ruleId: string) => (await savedState(env, '/accounts')).progress[ruleId];

describe('walkthroughs that start on the user’s action', () => {
  it('starts on focus, advances on a page load to another route, then on a hash route', async () => {
    const page = await open('/accounts');
    await settle(page);
    expect(await dialogCount(page)).toBe(0);

    await page.focus('#account-search');
    await card(page, 'Open Reports');

    // The Reports link is a full page load: the walkthrough resumes there and moves on by itself.
    await Promise.all([page.waitForNavigation(), page.click('nav a[href^="/reports"]')]);
    await card(page, 'Switch to the forecast');
    expect(await progressOf('find-forecast')).toMatchObject({ stepIndex: 1, status: 'active' });

    await page.click('a[href="#/forecast"]');
    await card(page, "This quarter's forecast");
    await waitFor(async () => (await progressOf('find-forecast'))?.stepIndex === 2, 'step 3 to be saved');
    await page.close();
  });

  it('starts on a click, and advances when an element with the expected text appears', async () => {
    const page = await open('/accounts/7');
    await settle(page);
    expect(await dialogCount(page)).toBe(0);

    // The page's own click handler opens its modal; the walkthrough starts on the same click.
    await page.click('#log-call');
    await card(page, 'Say what the call was about');
    await page.type('#call-subject', 'Renewal terms');
    await page.click('#save-call');

    await card(page, 'Call logged');
    expect(await page.$eval('#toast', (t) => t.textContent)).toContain('Renewal terms');
    await page.close();
  });

  it('starts when its target appears, not before', async () => {
    const page = await open('/accounts/42?delay=3000');
    await settle(page);
    expect(await dialogCount(page)).toBe(0);
    await page.waitForSelector('#activity ul');
    await card(page, 'What happened lately');
    await page.close();
  });
});
