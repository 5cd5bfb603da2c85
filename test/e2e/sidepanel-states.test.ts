/// <reference types="chrome" />
/**
 * The side panel around the work, in the built extension in real Chromium: it follows full
 * navigations and the tab in front, says what to do when there is nothing to show, works from the
 * keyboard alone, and axe finds nothing in it in light and dark.
 *
 * Three demo CRMs on three ports, so one browser holds three "apps": `full` has walkthroughs, a tip
 * and a checklist; `plain` has walkthroughs and a tip but no checklist (the overlay there never
 * loads the panel's part by itself); `bare` has no help at all. Patterns with a port match that
 * port only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, clickRole, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { RulePack } from '../../rules/model';
import { card } from './overlay-helpers';
import { newDealChecklist } from './panel-fixtures';
import { panelSettled } from './panel-helpers';

let sw: StepwiseBrowser;
let full: DemoCrm;
let plain: DemoCrm;
let bare: DemoCrm;

function packFor(fullUrl: string, plainUrl: string): RulePack {
  return {
    format: 2,
    id: 'panel-states',
    name: 'Panel states',
    version: 1,
    rules: [
      ...[fullUrl, plainUrl].flatMap((base, n) => [
        {
          id: `log-call-${n}`,
          name: n ? 'Log a call (plain)' : 'Log a call',
          kind: 'walkthrough' as const,
          status: 'published' as const,
          where: { urls: [`${base}/accounts/:id`] },
          start: 'manual' as const,
          steps: [
            {
              id: 'open',
              target: { selector: '#log-call' },
              title: 'Open the call form',
              brief: 'Click **Log a call** to write down what the customer said.',
            },
          ],
        },
        {
          id: `forecast-${n}`,
          name: n ? 'Reading the forecast (plain)' : 'Reading the forecast',
          kind: 'walkthrough' as const,
          status: 'published' as const,
          where: { urls: [`${base}/reports#/forecast`] },
          start: 'manual' as const,
          steps: [{ target: { selector: '#report-title' }, title: 'Forecast', brief: 'Deals expected to close.' }],
        },
      ]),
      {
        id: 'name-tour',
        name: 'Name an opportunity',
        kind: 'walkthrough',
        status: 'published',
        where: { urls: [`${fullUrl}/opportunities/new`] },
        start: 'manual',
        steps: [{ id: 'name', target: { selector: '#opp-name' }, title: 'Name it', brief: 'Account and quarter.' }],
      },
    ],
    checklists: [newDealChecklist(fullUrl)],
  };
}

beforeAll(async () => {
  [full, plain, bare] = await Promise.all([startDemoCrm(), startDemoCrm(), startDemoCrm()]);
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  const pack = packFor(full.url, plain.url);
  const reply = await sw.importPack(pack);
  if (reply.imported !== pack.rules.length) throw new Error(`The pack did not import: ${JSON.stringify(reply)}`);
});

afterAll(async () => {
  await sw?.close();
  await Promise.all([full, plain, bare].map((crm) => crm?.close()));
});

/** A new tab on `url`, loaded. */
async function open(url: string): Promise<Page> {
  const page = await sw.browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** The side panel pinned to `page`'s tab (`?tabId=`), or following the tab in front. */
async function panelFor(page?: Page): Promise<Page> {
  const panel = await sw.openExtensionPage('sidepanel', page ? `?tabId=${await sw.tabIdOf(page)}` : '');
  await panel.setViewport({ width: 400, height: 900 });
  return panel;
}

/** The panel's text, once `want` holds for it; the error names what it showed instead. */
async function panelShows(panel: Page, want: (text: string) => boolean, what: string): Promise<string> {
  let last = '';
  try {
    await waitFor(async () => {
      last = await panel.$eval('main', (m) => (m as HTMLElement).innerText);
      return want(last);
    }, what);
    return last;
  } catch (error) {
    throw new Error(`${(error as Error).message}; the panel shows:\n${last}`);
  }
}

/**
 * Whether the panel knows what applies on the page: until the page answers it lists the app's help
 * as one list, under "Checking this page…".
 */
const known = (text: string) => !text.includes('Checking this page');

/** The names of the catalog's rules listed under `group` ("On this page", "Elsewhere in this app"). */
function listed(panel: Page, group: string): Promise<string[]> {
  return panel.$$eval(
    '.catalog-group',
    (groups, g) =>
      Array.from(
        groups.find((el) => el.querySelector('h3')?.textContent?.startsWith(g))?.querySelectorAll('.rule-name') ?? [],
        (n) => n.textContent ?? '',
      ),
    group,
  );
}

describe('side panel: following the page', () => {
  it('shows the help of a page reached by a full navigation, on an app without checklists', async () => {
    const page = await open(`${plain.url}/accounts/2`);
    const panel = await panelFor(page);
    await panelShows(panel, (t) => known(t) && t.includes('Log a call (plain)'), 'the account page’s help');
    expect(await listed(panel, 'On this page')).toEqual(['Log a call (plain)']);

    // A full page load (not the app's own routing) of a hash-routed page.
    await page.bringToFront();
    await page.goto(`${plain.url}/reports#/forecast`, { waitUntil: 'load' });
    await panelShows(
      panel,
      (t) => !t.includes('Checking this page') && t.includes('On this page (1)'),
      'the forecast page’s help',
    );
    // The account page's list reads "On this page (1)" too, until the panel follows the load.
    await waitFor(
      async () => (await listed(panel, 'On this page')).join() === 'Reading the forecast (plain)',
      'the forecast’s help on this page',
    );
    // And it can be started from there.
    await panel.bringToFront();
    await (await byRole(panel, 'button', 'Start Reading the forecast (plain)')).click();
    await page.bringToFront();
    await card(page, 'Forecast');
    await panel.close();
    await page.close();
  });
});

describe('side panel: following the tab in front', () => {
  it('shows the help of whichever tab of its window is in front', async () => {
    const a = await open(`${full.url}/accounts/3`);
    const b = await open(`${plain.url}/reports#/forecast`);
    // Not pinned to a tab: it follows the active tab of its window (never itself).
    const panel = await panelFor();
    const worker = await sw.worker();
    const windows = await worker.evaluate(async () => [
      ...new Set((await chrome.tabs.query({})).map((t) => t.windowId)),
    ]);
    expect(windows).toHaveLength(1);
    await panelShows(panel, (t) => t.includes('No tab to help with'), 'the panel to say it has no tab');

    await a.bringToFront();
    await panelShows(
      panel,
      (t) => known(t) && t.includes('Log a call') && !t.includes('(plain)'),
      'the first tab’s help',
    );
    expect(await listed(panel, 'On this page')).toEqual(['Log a call']);
    await b.bringToFront();
    await panelShows(panel, (t) => known(t) && t.includes('Reading the forecast (plain)'), 'the second tab’s help');
    expect(await listed(panel, 'On this page')).toEqual(['Reading the forecast (plain)']);
    // Only this app's help: the other app's rules are not listed.
    expect(await listed(panel, 'Elsewhere in this app')).toEqual(['Log a call (plain)']);
    await a.bringToFront();
    await panelShows(panel, (t) => known(t) && t.includes('Name an opportunity'), 'the first tab’s help again');
    expect(await listed(panel, 'On this page')).toEqual(['Log a call']);
    await Promise.all([panel.close(), a.close(), b.close()]);
  });
});

describe('side panel: empty states', () => {
  it('says so when a site has no help, when a page has no checklist, and when a search finds nothing', async () => {
    const page = await open(`${bare.url}/accounts/1`);
    const panel = await panelFor(page);
    const host = new URL(bare.url).hostname;
    await byRole(panel, 'heading', `No help for ${host} yet`);
    expect(await panel.$('#catalog-search')).toBeNull();
    await page.goto(`${full.url}/accounts/4`, { waitUntil: 'load' });
    // Help here, but the app's checklist is for another page: it says which and where it shows.
    await panelShows(panel, (t) => t.includes('None for this page'), 'the note about checklists');
    expect(await panel.$eval('main', (m) => (m as HTMLElement).innerText)).toMatch(
      /None for this page\. This app's checklist \(A new deal\) shows on the pages it is for\./,
    );
    expect(await panel.$('ul.items')).toBeNull();

    const search = await byRole(panel, 'searchbox', 'Search walkthroughs and tips');
    await search.type('zzzz');
    await panel.waitForSelector('::-p-text(Nothing matches “zzzz”. Try another word, or fewer words.)');
    // The count is announced politely, and no list is left.
    expect(await panel.$eval('#catalog-count', (p) => [p.getAttribute('aria-live'), p.textContent])).toEqual([
      'polite',
      '0 results',
    ]);
    expect(await panel.$$('li.rule')).toHaveLength(0);
    await Promise.all([panel.close(), page.close()]);
  });
});

describe('side panel: where Stepwise cannot help', () => {
  it('says so on a browser page and on a site it is off for, with the way to turn it on, then follows the tab back', async () => {
    const page = await open('chrome://version/');
    const panel = await panelFor(page);
    await byRole(panel, 'heading', "Stepwise can't help on this page");
    expect(await panel.$('#catalog-search')).toBeNull();
    // The same demo app under a host name Stepwise was not turned on for.
    const elsewhere = new URL(full.url);
    elsewhere.hostname = 'localhost';
    await page.goto(`${elsewhere.origin}/accounts/4`, { waitUntil: 'load' });
    await byRole(panel, 'heading', 'Stepwise is off for localhost');
    await byRole(panel, 'button', 'Turn on for this site');
    expect(await panel.$('#catalog-search')).toBeNull();
    expect(await panel.$('ul.items')).toBeNull();
    // Back on the app's own address, its help shows again.
    await page.goto(`${full.url}/accounts/4`, { waitUntil: 'load' });
    await panelShows(panel, (t) => known(t) && t.includes('Log a call'), 'the account page’s help');
    expect(await listed(panel, 'On this page')).toEqual(['Log a call']);
    await Promise.all([panel.close(), page.close()]);
  });
});

/** What has the keyboard's focus in `panel`: its accessible name as a person would hear it. */
function focused(panel: Page): Promise<string> {
  return panel.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? label ?? el.textContent?.trim() ?? ''}`;
  });
}

/** Presses Tab until `want` has the focus; the names passed on the way. Fails after `max` presses. */
async function tabTo(panel: Page, want: string, max = 40): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await panel.keyboard.press('Tab');
    const now = await focused(panel);
    passed.push(now);
    if (now === want) return passed;
  }
  throw new Error(`Tab never reached ${want}; it went through: ${passed.join(' | ')}`);
}

describe('side panel: keyboard only', () => {
  it('reaches and works every part with Tab, Space and Enter', async () => {
    const page = await open(`${full.url}/opportunities/new?account=2`);
    const panel = await panelFor(page);
    await byRole(panel, 'button', 'Show me: Give it a name');
    await panel.bringToFront();

    // The checklist: its boxes can be reached and read, but Space does not tick them.
    const toBox = await tabTo(panel, 'input:Give it a name');
    expect(toBox[0]).toBe('a:Settings');
    await panel.keyboard.press('Space');
    expect(await panel.$eval('ul.items input', (b) => (b as HTMLInputElement).checked)).toBe(false);
    await tabTo(panel, 'button:Show me: Give it a name');
    await panel.keyboard.press('Enter');
    await page.bringToFront();
    await card(page, 'Name it');
    await page.type('#opp-name', 'Keyboard deal');
    await panel.bringToFront();
    await waitFor(
      () => panel.$eval('ul.items input', (b) => (b as HTMLInputElement).checked),
      'the item to tick from the work in the page',
    );

    // The catalog: type in the search, then start what it found.
    await tabTo(panel, 'input:Search walkthroughs and tips');
    await panel.keyboard.type('name');
    await waitFor(async () => (await listed(panel, 'On this page')).join() === 'Name an opportunity', 'the search');
    await tabTo(panel, 'button:Start Name an opportunity');
    await panel.keyboard.press('Enter');
    const outcome = await waitFor(
      () => panel.$eval('p.outcome', (p) => (p.textContent === 'Starting…' ? '' : p.textContent)).catch(() => ''),
      'the outcome of Start',
    );
    expect(outcome).toBe('Started on the page.');

    // "I'm stuck": the form takes the focus, a part is left out with Space, Enter sends.
    await tabTo(panel, "button:I'm stuck");
    await panel.keyboard.press('Enter');
    await waitFor(async () => (await focused(panel)) === 'textarea:What were you trying to do?', 'the form');
    await panel.keyboard.type('Which quarter goes in the name?');
    await panel.waitForSelector('fieldset.attached');
    const browserPart = await panel.$eval('label[for=keep-browser]', (l) => l.textContent ?? '');
    await tabTo(panel, `input:${browserPart}`);
    await panel.keyboard.press('Space');
    expect(await panel.$eval('#keep-browser', (b) => (b as HTMLInputElement).checked)).toBe(false);
    await tabTo(panel, 'button:Send request');
    await panel.keyboard.press('Enter');
    await panel.waitForSelector('::-p-text(Sent. The people who keep this help current will see your request.)');
    // The keyboard's place is kept: back on the button that opened the form.
    await waitFor(async () => (await focused(panel)) === "button:I'm stuck", 'the focus back on "I\'m stuck"');
    const { requests } = await sw.send({ type: 'help.list' });
    const sent = requests.find((r) => r.text === 'Which quarter goes in the name?');
    expect(sent).toMatchObject({ url: `${full.url}/opportunities/new`, ruleId: 'name-tour' });
    expect(sent?.context).not.toHaveProperty('browser');
    await Promise.all([panel.close(), page.close()]);
  });
});

describe('side panel: accessibility', () => {
  it('has no axe violations in light and dark: the panel (checklists, catalog, "I\'m stuck" form open), popup and options', async () => {
    const page = await open(`${full.url}/opportunities/new?account=5`);
    const panel = await panelFor(page);
    await byRole(panel, 'button', 'Show me: Give it a name');
    await panelSettled(panel);
    await clickRole(panel, 'button', "I'm stuck");
    await panel.waitForSelector('fieldset.attached');
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      // The scheme really applies: the page's background follows it.
      const background = await panel.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(background, scheme).toBe(scheme === 'dark' ? 'rgb(23, 28, 36)' : 'rgb(255, 255, 255)');
      expect(await axeViolations(panel), scheme).toEqual([]);
    }
    await panel.close();

    // The popup for the same tab, and the options page (with the help requests and comments).
    const popup = await sw.openExtensionPage('popup', `?tabId=${await sw.tabIdOf(page)}`);
    await popup.setViewport({ width: 400, height: 600 });
    await byRole(popup, 'button', 'Open help panel');
    const options = await sw.openExtensionPage('options');
    await byRole(options, 'heading', 'Help requests and comments');
    for (const view of [popup, options]) {
      for (const scheme of ['light', 'dark'] as const) {
        await view.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        expect(await axeViolations(view), `${view.url()} in ${scheme}`).toEqual([]);
      }
    }
    await Promise.all([popup.close(), options.close(), page.close()]);
  });
});

/** Runs axe-core on an extension page: the violations, as `rule (count): first node`. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's own policy allows no script tag from outside.
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; nodes: { html: string; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run()).violations.map(
      (v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.html} ${v.nodes[0]?.failureSummary ?? ''}`,
    );
  });
}
