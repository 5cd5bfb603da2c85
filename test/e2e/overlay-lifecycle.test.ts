/// <reference types="chrome" />
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, queryRole, waitFor } from '../../browser-harness/harness';
import { card, dialogCount, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
});
afterAll(() => env?.close());

const forecastTip = (page: Page) => queryRole(page, 'button', 'Tip: About the forecast');

describe('lifecycle', () => {
  it('loads the UI bundle only once a rule applies', async () => {
    const { page, world } = await openPage(env, '/reports#/pipeline');
    await page.waitForSelector('#report-title');
    // The content script runs and has looked at the page, but nothing applies: no UI, no overlay element.
    expect(await world.overlayStarted()).toEqual({ running: true, ui: false });
    expect(await world.evaluate<string>('typeof globalThis[Symbol.for("stepwise.overlay.ui")]')).toBe('undefined');
    expect(await page.$('stepwise-overlay')).toBeNull();
    await page.click('a[href="#/forecast"]');
    await byRole(page, 'button', 'Tip: About the forecast');
    expect(await world.evaluate<string>('typeof globalThis[Symbol.for("stepwise.overlay.ui")]')).toBe('function');
    await page.close();
  });

  it('follows hash changes, popstate, pushState and replaceState in the isolated world', async () => {
    const { page } = await openPage(env, '/reports#/pipeline');
    await page.waitForSelector('#report-title');
    // hashchange (a link to #/forecast)
    await page.click('a[href="#/forecast"]');
    await waitFor(() => forecastTip(page), 'the tip to come on hashchange');
    // popstate (Back)
    await page.goBack();
    await waitFor(async () => !(await forecastTip(page)), 'the tip to go on popstate');
    // pushState by the page, which fires no event the page itself hears: the Navigation API (or
    // WXT's watcher) must tell the content script. #report-title stays the same element.
    await page.evaluate(() => history.pushState({}, '', '/reports#/forecast'));
    await waitFor(() => forecastTip(page), 'the tip to come on pushState');
    await page.evaluate(() => history.replaceState({}, '', '/reports#/pipeline'));
    await waitFor(async () => !(await forecastTip(page)), 'the tip to go on replaceState');
    await page.close();
  });

  it('leaves no orphan UI and no errors when the extension is reloaded mid-walkthrough', async () => {
    const { page } = await openPage(env, '/accounts/7?delay=50');
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await card(page, 'Start a new opportunity');
    const oldHost = await page.$('stepwise-overlay');
    const worker = await env.sw.worker();
    // The worker goes away mid-call: the evaluation never answers, so it is not awaited.
    void worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    const overlays = () => page.$$eval('stepwise-overlay', (h) => h.length);
    if (env.sw.name === 'firefox') {
      // Firefox loads the add-on again at once, and destroys the old content script without
      // running any of its code: the UI it had added stays in the page until the new overlay,
      // which the background starts in open tabs, removes it. One overlay, and it works.
      await waitFor(async () => !(await oldHost!.evaluate((h) => h.isConnected)), 'the old UI to go');
      await waitFor(async () => (await overlays()) === 1 && (await dialogCount(page)) === 1, 'one overlay');
      const start = await page.waitForSelector('#new-opportunity');
      await card(page, 'Start a new opportunity');
      await start!.click();
      await card(page, 'Enter the amount');
      expect(await overlays()).toBe(1);
      expect(await dialogCount(page)).toBe(1);
      expect(errors).toEqual([]);
      await page.close();
      return;
    }
    // Without anyone touching the page, the orphaned content script notices and removes its UI.
    await waitFor(async () => (await overlays()) === 0, 'the old UI to go');
    expect(await dialogCount(page)).toBe(0);
    // Touching the page afterwards wakes nothing and throws nothing ("context invalidated").
    await page.mouse.click(5, 5);
    await page.keyboard.press('Shift');
    await page.evaluate(() => document.body.append(document.createElement('div')));
    // What those touches could wake runs in the next rendering update or the task after it.
    await page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))',
    );
    expect(await page.$('stepwise-overlay')).toBeNull();
    expect(errors).toEqual([]);
    // Chromium does not load an extension that was loaded over CDP back after runtime.reload(); the
    // next test covers what follows an update: the background starting the overlay again.
    await page.close();
  });
});

describe('a second start of the content script', () => {
  it('replaces the first one, as after an update: one overlay, and the walkthrough carries on', async () => {
    const fresh = await startOverlayEnv();
    try {
      const { page, world } = await openPage(fresh, '/accounts/7?delay=50');
      const start = await page.waitForSelector('#new-opportunity');
      await card(page, 'Start a new opportunity');
      await start!.click();
      await card(page, 'Enter the amount');
      // What the background does after an install or update (restartOverlays): inject the content
      // script into open tabs on enabled sites.
      const worker = await fresh.sw.worker();
      await worker.evaluate(async () => {
        for (const tab of await chrome.tabs.query({ url: ['http://127.0.0.1/*'] })) {
          await chrome.scripting.executeScript({ target: { tabId: tab.id! }, files: ['/content-scripts/overlay.js'] });
        }
      });
      await waitFor(
        async () => (await world.evaluate<number>('document.querySelectorAll("stepwise-overlay").length')) === 1,
        'one overlay',
      );
      await card(page, 'Enter the amount');
      expect(await dialogCount(page)).toBe(1);
      expect(await world.overlayText('.progress')).toBe('Step 2 of 4');
      await page.close();
    } finally {
      await fresh.close();
    }
  });
});
