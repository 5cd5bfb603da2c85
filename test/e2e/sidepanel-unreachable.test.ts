/// <reference types="chrome" />
/**
 * Where Stepwise cannot reach the page, in the built extension in real Chromium: on a browser page
 * (`chrome://version`) and on a PDF the demo CRM serves, the side panel and the popup say so in
 * words, with what to do, and offer nothing that cannot work there (no search, no "I'm stuck", no
 * picker); back on the app's page the panel shows its help again.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { RulePack } from '../../rules/model';

let sw: StepwiseBrowser;
let crm: DemoCrm;

const pack = (base: string): RulePack => ({
  format: 2,
  id: 'unreachable',
  name: 'Unreachable pages',
  version: 1,
  rules: [
    {
      id: 'log-call',
      name: 'Log a call',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [`${base}/accounts/:id`] },
      start: 'manual',
      steps: [{ target: { selector: '#log-call' }, title: 'Open the call form', brief: 'Click **Log a call**.' }],
    },
  ],
  checklists: [],
});

beforeAll(async () => {
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  const reply = await sw.importPack(pack(crm.url));
  if (reply.imported !== 1) throw new Error(`The pack did not import: ${JSON.stringify(reply)}`);
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
});

/** `page`'s text (its `main`), once `want` holds for it; the error names what it showed instead. */
async function shows(page: Page, want: (text: string) => boolean, what: string): Promise<string> {
  let last = '';
  try {
    await waitFor(async () => {
      last = await page.$eval('main', (m) => (m as HTMLElement).innerText).catch(() => '');
      return want(last);
    }, what);
    return last;
  } catch (error) {
    throw new Error(`${(error as Error).message}; the page shows:\n${last}`);
  }
}

/** The side panel or the popup, pinned to `page`'s tab, in front. */
async function viewFor(page: Page, name: 'sidepanel' | 'popup'): Promise<Page> {
  const view = await sw.openExtensionPage(name, `?tabId=${await sw.tabIdOf(page)}`);
  await view.setViewport({ width: 400, height: name === 'popup' ? 600 : 900 });
  await view.bringToFront();
  return view;
}

/** Nothing that needs the page: no search, no "I'm stuck", no picker or recorder. */
async function offersNothingForThePage(view: Page): Promise<void> {
  for (const selector of ['#catalog-search', 'ul.items', 'li.rule'])
    expect(await view.$(selector), selector).toBeNull();
  const buttons = await view.$$eval('button', (all) => all.map((b) => b.textContent?.trim() ?? ''));
  for (const name of ["I'm stuck", 'Pick an element', 'Record', 'Turn on for this site', 'Turn off']) {
    expect(buttons, name).not.toContain(name);
  }
}

describe('where Stepwise cannot reach the page', () => {
  it('says so on a browser page, in the panel and the popup, with what to do', async () => {
    const page = await sw.browser.newPage();
    await page.goto('chrome://version/');
    const panel = await viewFor(page, 'sidepanel');
    await byRole(panel, 'heading', "Stepwise can't help on this page");
    expect(await shows(panel, (t) => t.includes('Switch to a tab with your web app'), 'what to do')).toMatch(
      /Browser pages \(a new tab, settings, extensions\) and files on this computer don't let extensions in\./,
    );
    await offersNothingForThePage(panel);
    const popup = await viewFor(page, 'popup');
    const words = await shows(popup, (t) => t.includes('This page'), 'the popup on a browser page');
    expect(words).toMatch(/Stepwise helps on web apps \(http and https pages\)\. Open one to turn it on\./);
    await offersNothingForThePage(popup);
    // The way to the panel and the settings stays.
    await byRole(popup, 'button', 'Open help panel');
    await byRole(popup, 'link', 'Settings');
    await Promise.all([panel.close(), popup.close(), page.close()]);
  });

  it('says so on a PDF of the app, in the panel and the popup, and shows the help again back on the app', async () => {
    const page = await sw.browser.newPage();
    await page.goto(`${crm.url}/quote.pdf`, { waitUntil: 'load' });
    const panel = await viewFor(page, 'sidepanel');
    await byRole(panel, 'heading', 'This tab shows a PDF');
    expect(await shows(panel, (t) => t.includes('PDF'), 'the PDF notice')).toMatch(
      /Extensions can't add help inside PDF documents\. Go back to the app's page to see its help\./,
    );
    const popup = await viewFor(page, 'popup');
    const words = await shows(popup, (t) => t.includes('Help here'), 'the popup on a PDF');
    expect(words).toMatch(
      /Extensions can't add help inside PDF documents\. Go back to the app's page to see its help\./,
    );
    // The site is on: the popup says so, and the switch is still there for the site.
    expect(words).toMatch(/Stepwise is on for 127\.0\.0\.1/);
    for (const selector of ['#catalog-search', 'ul.items', 'li.rule'])
      expect(await panel.$(selector), selector).toBeNull();
    expect(await panel.$$eval('button', (all) => all.map((b) => b.textContent?.trim()))).not.toContain("I'm stuck");
    // Nothing in the PDF can be pointed at: no picker, recorder or tips.
    const buttons = await popup.$$eval('button', (all) => all.map((b) => b.textContent?.trim() ?? ''));
    for (const name of ['Pick an element', 'Record', 'Pick an element for a tip'])
      expect(buttons, name).not.toContain(name);
    await popup.close();
    await panel.bringToFront();

    // Back on the app: the panel follows and lists its help. The tab is sent there by the browser,
    // as from the address bar: Puppeteer's `goto` from the PDF viewer waited on the viewer's own
    // frames and now and then never saw the app’s page load (a 30 s timeout).
    const tabId = await sw.tabIdOf(page);
    const worker = await sw.worker();
    await worker.evaluate(
      async (id, url) => void (await chrome.tabs.update(id, { url })),
      tabId,
      `${crm.url}/accounts/3`,
    );
    await waitFor(
      () =>
        worker.evaluate(async (id) => {
          const tab = await chrome.tabs.get(id);
          return tab.status === 'complete' && new URL(tab.url ?? 'about:blank').pathname === '/accounts/3';
        }, tabId),
      'the app’s page to load in the tab',
    );
    await shows(panel, (t) => !t.includes('Checking this page') && t.includes('Log a call'), 'the app’s help');
    await byRole(panel, 'button', 'Start Log a call');
    await Promise.all([panel.close(), page.close()]);
  });
});
