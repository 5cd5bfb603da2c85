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
import { byRole, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { RulePack } from '../../rules/model';
import { card } from './overlay-helpers';

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
    checklists: [
      {
        id: 'new-deal',
        title: 'A new deal',
        where: { urls: [`${fullUrl}/opportunities/new`] },
        items: [
          {
            id: 'named',
            title: 'Give it a name',
            doneWhen: { value: { target: { selector: '#opp-name' }, matches: '\\S' } },
            startsRule: 'name-tour',
          },
          {
            id: 'amount',
            title: 'Enter the amount',
            doneWhen: { value: { target: { selector: '#opp-amount' }, matches: '^[0-9]+$' } },
          },
        ],
      },
    ],
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

/** The id of the tab showing `page`. */
async function tabIdOf(page: Page): Promise<number> {
  const worker = await sw.worker();
  const url = page.url();
  const id = await waitFor(
    () => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url),
    `the tab of ${url}`,
  );
  return id!;
}

/** The side panel pinned to `page`'s tab (`?tabId=`), or following the tab in front. */
async function panelFor(page?: Page): Promise<Page> {
  const panel = await sw.openExtensionPage('sidepanel', page ? `?tabId=${await tabIdOf(page)}` : '');
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
    await panelShows(panel, (t) => t.includes('Log a call (plain)'), 'the account page’s help');
    expect(await listed(panel, 'On this page')).toEqual(['Log a call (plain)']);

    // A full page load (not the app's own routing) of a hash-routed page.
    await page.bringToFront();
    await page.goto(`${plain.url}/reports#/forecast`, { waitUntil: 'load' });
    await panelShows(
      panel,
      (t) => !t.includes('Checking this page') && t.includes('On this page (1)'),
      'the forecast page’s help',
    );
    expect(await listed(panel, 'On this page')).toEqual(['Reading the forecast (plain)']);
    // And it can be started from there.
    await panel.bringToFront();
    await (await byRole(panel, 'button', 'Start Reading the forecast (plain)')).click();
    await page.bringToFront();
    await card(page, 'Forecast');
    await panel.close();
    await page.close();
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
void axeViolations;
