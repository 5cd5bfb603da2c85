/// <reference types="chrome" />
/**
 * Firefox's sidebar (`sidebar_action`), where Chrome has its side panel: opened through the
 * browser's own sidebar controller (`openSidebar()`), beside the demo CRM, with the checklist and
 * catalog a person uses there. The sidebar is not a tab, so the test reads and works it through
 * the extension's own view of it (`extension.getViews({ type: 'sidebar' })`); the work that ticks
 * the checklist is done in the page, with real keystrokes. Runs in the `e2e-firefox` project.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirefoxStepwise } from '../../browser-harness/firefox';
import { StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { RulePack } from '../../rules/model';
import { card } from './overlay-helpers';
import { newDealChecklist } from './panel-fixtures';

let crm: DemoCrm;
let sw: FirefoxStepwise;

const pack = (base: string): RulePack => ({
  format: 2,
  id: 'firefox-sidebar',
  name: 'Firefox sidebar',
  version: 1,
  rules: [
    {
      id: 'name-tour',
      name: 'Name an opportunity',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [`${base}/opportunities/new`] },
      start: 'manual',
      steps: [{ target: { selector: '#opp-name' }, title: 'Name it', brief: 'The account and the quarter.' }],
    },
    {
      id: 'log-call',
      name: 'Log a call',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [`${base}/accounts/:id`] },
      start: 'manual',
      steps: [
        {
          target: { selector: '#log-call' },
          title: 'Open the call form',
          brief: 'Write down what the customer said.',
        },
      ],
    },
  ],
  checklists: [newDealChecklist(base)],
});

beforeAll(async () => {
  crm = await startDemoCrm();
  const launched = await StepwiseBrowser.launch({ browser: 'firefox' });
  if (!(launched instanceof FirefoxStepwise)) throw new Error('Expected Firefox');
  sw = launched;
  await sw.grantDemoOrigin();
  const reply = await sw.importPack(pack(crm.url));
  if (reply.imported !== 2) throw new Error(`The pack did not import: ${JSON.stringify(reply)}`);
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
});

/** What the sidebar shows: its `main` as a person reads it (null while no sidebar is open). */
async function sidebarText(): Promise<string | null> {
  const worker = await sw.worker();
  return worker.evaluate(() => {
    const [view] = (
      globalThis as unknown as { browser: { extension: { getViews(o: object): Window[] } } }
    ).browser.extension.getViews({ type: 'sidebar' });
    return view ? ((view.document.querySelector('main') as HTMLElement | null)?.innerText ?? '') : null;
  });
}

/** The sidebar's text once `want` holds for it; the error names what it showed instead. */
async function sidebarShows(want: (text: string) => boolean, what: string): Promise<string> {
  let last: string | null = null;
  try {
    await waitFor(async () => {
      last = await sidebarText();
      return last !== null && want(last);
    }, what);
    return last ?? '';
  } catch (error) {
    throw new Error(`${(error as Error).message}; the sidebar shows:\n${last}`);
  }
}

/** In the sidebar: clicks the button named `name` (its label, else its words). */
async function clickInSidebar(name: string): Promise<void> {
  const worker = await sw.worker();
  const clicked = await worker.evaluate((n) => {
    const [view] = (
      globalThis as unknown as { browser: { extension: { getViews(o: object): Window[] } } }
    ).browser.extension.getViews({ type: 'sidebar' });
    const button = [...(view?.document.querySelectorAll('button') ?? [])].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === n,
    );
    button?.click();
    return Boolean(button);
  }, name);
  if (!clicked) throw new Error(`The sidebar has no button "${name}"; it shows:\n${await sidebarText()}`);
}

/** In the sidebar: types `text` into the catalog's search, as an input event per keystroke would end. */
async function searchInSidebar(text: string): Promise<void> {
  const worker = await sw.worker();
  await worker.evaluate((t) => {
    const [view] = (
      globalThis as unknown as { browser: { extension: { getViews(o: object): Window[] } } }
    ).browser.extension.getViews({ type: 'sidebar' });
    const input = view?.document.querySelector<HTMLInputElement>('#catalog-search');
    if (!input || !view) throw new Error('No search box in the sidebar');
    input.value = t;
    input.dispatchEvent(new (view as unknown as typeof globalThis).Event('input', { bubbles: true }));
  }, text);
}

/** The names listed under a catalog group of the sidebar ("On this page", "Elsewhere in this app"). */
async function listed(group: string): Promise<string[]> {
  const worker = await sw.worker();
  return worker.evaluate((g) => {
    const [view] = (
      globalThis as unknown as { browser: { extension: { getViews(o: object): Window[] } } }
    ).browser.extension.getViews({ type: 'sidebar' });
    const groups = [...(view?.document.querySelectorAll('.catalog-group') ?? [])];
    const found = groups.find((el) => el.querySelector('h3')?.textContent?.startsWith(g));
    return [...(found?.querySelectorAll('.rule-name') ?? [])].map((n) => n.textContent ?? '');
  }, group);
}

describe("Firefox's sidebar beside the app", () => {
  let page: Page;

  it('ticks the checklist as the work is done in the page, live, and "Show me" starts its walkthrough', async () => {
    page = await sw.open(`${crm.url}/opportunities/new?account=2`);
    await page.bringToFront();
    await sw.openSidebar();
    const first = await sidebarShows(
      (t) => t.includes('A new deal') && t.includes('0 of 2') && !t.includes('Checking this page'),
      'the page’s checklist',
    );
    expect(first).toContain('Items tick themselves when you do the work in the app.');
    expect(await listed('On this page')).toEqual(['Name an opportunity']);
    expect(await listed('Elsewhere in this app')).toEqual(['Log a call']);

    await clickInSidebar('Show me: Give it a name');
    await card(page, 'Name it');
    await page.type('#opp-name', 'Sidebar deal');
    await sidebarShows((t) => t.includes('1 of 2'), 'the first item to tick');
    await page.type('#opp-amount', '1200');
    const done = await sidebarShows((t) => t.includes('All done'), 'the checklist to finish');
    expect(done).toContain('You finished “A new deal”.');
  });

  it('finds a rule by a word in a step, and follows the tab to the page it is for', async () => {
    await searchInSidebar('customer');
    await waitFor(async () => (await listed('Elsewhere in this app')).join() === 'Log a call', 'the search');
    expect(await listed('On this page')).toEqual([]);
    await sidebarShows((t) => t.includes('1 result'), 'the count of results');

    await page.goto(`${crm.url}/accounts/3`, { waitUntil: 'load' });
    await sidebarShows((t) => !t.includes('Checking this page') && t.includes('On this page (1)'), 'the account page');
    expect(await listed('On this page')).toEqual(['Log a call']);
    await clickInSidebar('Start Log a call');
    await card(page, 'Open the call form');
    await sidebarShows((t) => t.includes('Started on the page.'), 'the outcome of Start');
    await sw.closeSidebar();
    await page.close();
  });
});
