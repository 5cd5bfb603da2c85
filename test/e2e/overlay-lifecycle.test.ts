/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, waitFor } from './harness';
import { card, dialogCount, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
});
afterAll(() => env?.close());

const forecastTip = '::-p-aria([name="Tip: About the forecast"][role="button"])';

describe('lifecycle', () => {
  it('loads the UI bundle only once a rule applies', async () => {
    const { page, world } = await openPage(env, '/reports#/pipeline');
    await page.waitForSelector('#report-title');
    // The content script runs (its world exists) but nothing applies: no UI, no overlay element.
    await new Promise((r) => setTimeout(r, 500));
    expect(await world.evaluate<string>('typeof globalThis.__stepwiseOverlayUi')).toBe('undefined');
    expect(await page.$('stepwise-overlay')).toBeNull();
    await page.click('a[href="#/forecast"]');
    await byRole(page, 'button', 'Tip: About the forecast');
    expect(await world.evaluate<string>('typeof globalThis.__stepwiseOverlayUi')).toBe('function');
    await page.close();
  });

  it('follows hash changes, popstate, pushState and replaceState in the isolated world', async () => {
    const { page } = await openPage(env, '/reports#/pipeline');
    await page.waitForSelector('#report-title');
    // hashchange (a link to #/forecast)
    await page.click('a[href="#/forecast"]');
    await page.waitForSelector(forecastTip);
    // popstate (Back)
    await page.goBack();
    await waitFor(async () => !(await page.$(forecastTip)), 'the tip to go on popstate');
    // pushState by the page, which fires no event the page itself hears: the Navigation API (or
    // WXT's watcher) must tell the content script. #report-title stays the same element.
    await page.evaluate(() => history.pushState({}, '', '/reports#/forecast'));
    await page.waitForSelector(forecastTip);
    await page.evaluate(() => history.replaceState({}, '', '/reports#/pipeline'));
    await waitFor(async () => !(await page.$(forecastTip)), 'the tip to go on replaceState');
    await page.close();
  });

  it('leaves no orphan UI when the extension is reloaded mid-walkthrough, and carries on', async () => {
    const { page } = await openPage(env, '/accounts/7?delay=50');
    const errors: string[] = [];
    page.on('console', (m) => {
      if (/invalidated|Stepwise/i.test(m.text()) && m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await card(page, 'Start a new opportunity');
    const worker = await env.sw.worker();
    await worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    // The reloaded extension starts a new overlay in the open tab; the old one removes its UI.
    await env.sw.grantDemoOrigin();
    await waitFor(
      async () =>
        (await page.$$eval('stepwise-overlay', (hosts) => hosts.length)) === 1 && (await dialogCount(page)) === 1,
      'exactly one overlay after the reload',
      15_000,
    );
    await card(page, 'Start a new opportunity');
    // The old content script is gone for good: touching the page does not wake it.
    await page.mouse.click(5, 5);
    await page.keyboard.press('Shift');
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.$$eval('stepwise-overlay', (hosts) => hosts.length)).toBe(1);
    expect(await dialogCount(page)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
