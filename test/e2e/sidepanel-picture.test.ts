/**
 * The side panel's picture of its last lists (pages/sidepanel/snapshot.ts), in the built extension
 * in real Chromium: kept once the live lists are drawn, shown at the next opening before the
 * background answers, and replaced by the live panel, so progress made while the panel was closed
 * shows; a page whose answer has no lists (a PDF) loses its picture.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { RulePack } from '../../rules/model';
import { newDealChecklist } from './panel-fixtures';

let sw: StepwiseBrowser;
let crm: DemoCrm;

beforeAll(async () => {
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  const pack: RulePack = {
    format: 2,
    id: 'panel-picture',
    name: 'Panel picture',
    version: 1,
    rules: [
      {
        id: 'name-tour',
        name: 'Name an opportunity',
        kind: 'walkthrough',
        status: 'published',
        where: { urls: [`${crm.url}/opportunities/new`] },
        start: 'manual',
        steps: [{ id: 'name', target: { selector: '#opp-name' }, title: 'Name it', brief: 'Account and quarter.' }],
      },
    ],
    checklists: [newDealChecklist(crm.url)],
  };
  const reply = await sw.importPack(pack);
  if (reply.imported !== 1) throw new Error(`The pack did not import: ${JSON.stringify(reply)}`);
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
});

/** The side panel pinned to `page`'s tab, opened anew. */
async function panelFor(page: Page): Promise<Page> {
  const panel = await sw.openExtensionPage('sidepanel', `?tabId=${await sw.tabIdOf(page)}`);
  await panel.setViewport({ width: 400, height: 900 });
  return panel;
}

/** The live panel's text (never a picture's), once `want` holds for it. */
async function liveShows(panel: Page, want: (text: string) => boolean, what: string): Promise<string> {
  let last = '';
  try {
    await waitFor(async () => {
      last = await panel.evaluate(() =>
        document.querySelector('.panel-snapshot') ? '' : (document.querySelector('main')?.innerText ?? ''),
      );
      return want(last);
    }, what);
    return last;
  } catch (error) {
    throw new Error(`${(error as Error).message}; the panel shows:\n${last}`);
  }
}

/** The pictures kept in the extension's localStorage, by key. */
const pictures = (panel: Page): Promise<Record<string, string>> =>
  panel.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('stepwise:panel-snapshot:'))
        .map((k) => [k, localStorage.getItem(k) ?? '']),
    ),
  );

describe('side panel: the picture of its last lists', () => {
  it('is kept, shown at the next opening, and replaced by the live lists with what changed meanwhile', async () => {
    const page = await sw.open(`${crm.url}/opportunities/new`);
    let panel = await panelFor(page);
    await liveShows(panel, (t) => t.includes('A new deal') && t.includes('0 of 2'), 'the checklist, not started');
    // Nothing drawn from a picture on a page shown for the first time.
    expect(await panel.evaluate(() => performance.getEntriesByName('stepwise:panel-snapshot').length)).toBe(0);
    const kept = (await waitFor(async () => {
      const all = await pictures(panel);
      return Object.entries(all).find(([key]) => key.endsWith(`${crm.url}/opportunities/new`)) ?? null;
    }, 'the picture to be kept')) as [string, string];
    expect(kept[1]).toContain('A new deal');
    expect(kept[1]).toContain('0 of 2');
    await panel.close();

    // Work done while the panel is closed.
    await page.bringToFront();
    await page.type('#opp-name', 'Globex renewal Q3');
    await waitFor(async () => {
      const state = await sw.send({ type: 'panel.state', tabId: await sw.tabIdOf(page) });
      return 'checklists' in state && state.checklists.some((c) => c.items.some((i) => i.id === 'named' && i.done));
    }, 'the item to tick');

    // A marker in the kept picture tells it apart from the live panel.
    panel = await panelFor(page);
    await panel.evaluate((key) => {
      localStorage.setItem(key, `<main class="panel"><h1>Stale picture</h1></main>`);
    }, kept[0]);
    await panel.reload();
    const live = await liveShows(panel, (t) => t.includes('1 of 2'), 'the live progress');
    expect(live).not.toContain('Stale picture');
    expect(await panel.evaluate(() => performance.getEntriesByName('stepwise:panel-snapshot').length)).toBe(1);
    // One panel, live and reachable: no inert or busy part left.
    expect(await panel.evaluate(() => document.querySelectorAll('main, [inert], [aria-busy]').length)).toBe(1);
    // And the picture now holds the new progress.
    await waitFor(async () => (await pictures(panel))[kept[0]]?.includes('1 of 2'), 'the picture to be kept again');
    await panel.close();
    await page.close();
  });

  it('is forgotten for a page whose answer has no lists', async () => {
    const page = await sw.open(`${crm.url}/quote.pdf`);
    const panel = await panelFor(page);
    const key = await panel.evaluate((url) => {
      const k = `stepwise:panel-snapshot:1:${url}`;
      localStorage.setItem(k, `<main class="panel"><h1>Stale picture</h1></main>`);
      return k;
    }, page.url());
    await panel.reload();
    await liveShows(panel, (t) => t.includes('This tab shows a PDF'), 'the PDF notice');
    await waitFor(async () => !(key in (await pictures(panel))), 'the picture to be forgotten');
    await panel.close();
    await page.close();
  });
});
