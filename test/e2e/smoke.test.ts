/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX_E2E_EXTENSION_DIR } from '../../browser-harness/firefox';
import { byRole, E2E_EXTENSION_DIR, e2eBrowser, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import { contentScriptSizes, uiBundleSize } from '../../scripts/size';

let crm: DemoCrm;
let sw: StepwiseBrowser;
const firefox = e2eBrowser() === 'firefox';
const extensionDir = firefox ? FIREFOX_E2E_EXTENSION_DIR : E2E_EXTENSION_DIR;

beforeAll(async () => {
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
});

async function badgeFor(page: Page): Promise<string> {
  const worker = await sw.worker();
  // Asked of the page: Puppeteer does not follow Firefox tabs onto moz-extension:// pages.
  const url = await page.evaluate(() => location.href);
  return worker.evaluate(async (u) => {
    // Match patterns ignore the fragment, so find the tab by its full URL.
    const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
    if (tab?.id === undefined) throw new Error(`No tab shows ${u}`);
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, url);
}

describe('smoke', () => {
  it('builds content scripts the browser accepts, without the database', () => {
    const sizes = [...contentScriptSizes(extensionDir), uiBundleSize(extensionDir)];
    expect(sizes.map((s) => s.file)).toContain('content-scripts/overlay.js');
    // Firefox's build also has the URLPattern polyfill the background registers before the overlay.
    const files = [...sizes.map((s) => s.file), ...(firefox ? ['url-pattern-polyfill.js'] : [])];
    for (const file of files) {
      const text = readFileSync(join(extensionDir, file), 'utf8');
      expect(text, `${file} must not bundle Dexie`).not.toMatch(/Dexie/);
      expect(text.includes('\uFFFF'), `${file} must not contain U+FFFF`).toBe(false);
    }
  });

  it('runs the overlay content script on the demo CRM', async () => {
    const page = await sw.open(`${crm.url}/accounts`);
    expect(await page.$$eval('#accounts-table tbody tr', (rows) => rows.length)).toBe(2000);
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeGreaterThan(10_000);
    // The overlay announces itself; the background marks the tab.
    expect(await waitFor(() => badgeFor(page), 'the overlay to announce itself')).toBe('on');
    await page.close();
  });

  it('does not run on a page it was not turned on for', async () => {
    const page = await sw.open(`${sw.origin}popup.html`);
    expect(await badgeFor(page)).toBe('');
    await page.close();
  });

  // In Firefox the side panel is the sidebar (`sidebar_action`): its page opens as a tab here too.
  it.each([
    ['sidepanel', 'heading', 'Stepwise'],
    ['popup', 'heading', 'Stepwise'],
    ['options', 'heading', 'Stepwise settings'],
  ] as const)('renders the %s page', async (name, role, heading) => {
    const errors: string[] = [];
    const page = await sw.browser.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await sw.loadExtensionPage(page, name);
    await byRole(page, role, heading);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the demo origin as an enabled site on the options page', async () => {
    const page = await sw.openExtensionPage('options');
    await byRole(page, 'list', 'Sites Stepwise is on for');
    expect(await page.$$eval('li code', (codes) => codes.map((c) => c.textContent))).toContain('http://127.0.0.1/*');
    await page.close();
  });

  it('starts the background again after the service worker is stopped', async () => {
    await sw.stopWorker();
    const page = await sw.open(`${crm.url}/reports#/forecast`);
    expect(await waitFor(() => badgeFor(page), 'the overlay after a worker restart')).toBe('on');
    await page.close();
  });
});
