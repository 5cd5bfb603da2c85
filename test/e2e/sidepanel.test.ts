/// <reference types="chrome" />
/**
 * The side panel in the built extension, beside the demo CRM in real Chromium: checklists that
 * tick as the work is really done (and stay ticked across a reload and a stopped worker), "Show
 * me", the catalog's search and "Start", "I'm stuck" with the page's context, and a "No" comment.
 * The panel is opened as a tab pinned to the CRM's tab (`?tabId=`).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, clickRole, waitFor } from '../../browser-harness/harness';
import type { RulePack } from '../../rules/model';
import { card, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';
import { newDealChecklist } from './panel-fixtures';
import { panelSettled } from './panel-helpers';

const CRM = 'http://127.0.0.1';

const PACK: RulePack = {
  format: 2,
  id: 'panel-e2e',
  name: 'Panel e2e',
  version: 1,
  rules: [
    {
      id: 'log-call-tour',
      name: 'Log a call',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [`${CRM}/accounts/:id`] },
      start: 'manual',
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
      id: 'name-tour',
      name: 'Name an opportunity',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [`${CRM}/opportunities/new`] },
      start: 'manual',
      steps: [
        { id: 'name', target: { selector: '#opp-name' }, title: 'Name it', brief: 'Account, product and quarter.' },
        {
          id: 'discount',
          target: { selector: '#opp-discount' },
          title: 'Discount',
          brief: 'Enter the discount the manager approved.',
        },
      ],
    },
    {
      id: 'forecast-tour',
      name: 'Read the forecast',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: [`${CRM}/reports#/forecast`] },
      start: 'manual',
      steps: [{ target: { selector: '#report-title' }, title: 'Forecast', brief: 'Deals expected to close.' }],
    },
  ],
  checklists: [
    newDealChecklist(CRM),
    {
      id: 'first-week',
      title: 'First week',
      where: { urls: [`${CRM}/*`] },
      items: [
        { id: 'account', title: 'Open an account', doneWhen: { exists: { selector: '#account-name' } }, once: true },
        {
          id: 'forecast',
          title: 'Look at the forecast',
          doneWhen: { url: `${CRM}/reports#/forecast` },
          once: true,
          startsRule: 'forecast-tour',
        },
      ],
    },
  ],
};

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv(PACK as unknown as { rules: unknown[] });
});

afterAll(async () => {
  await env?.close();
});

/** The side panel for `page`'s tab, opened as a tab of its own, once it shows what holds there. */
async function panelFor(page: Page): Promise<Page> {
  const panel = await env.sw.openExtensionPage('sidepanel', `?tabId=${await env.sw.tabIdOf(page)}`);
  await panel.setViewport({ width: 400, height: 900 });
  await panelSettled(panel);
  return panel;
}

/**
 * Whether the checkbox labelled `name` in the panel is ticked, once it shows. Read from the DOM:
 * the panel sits in a background tab while the test works in the app's, and a hidden page's
 * accessibility tree is not kept current.
 */
async function ticked(panel: Page, name: string): Promise<boolean> {
  const state = await waitFor(
    () =>
      panel.$$eval(
        'label',
        (labels, n) => {
          const label = labels.find((l) => l.textContent === n) as HTMLLabelElement | undefined;
          const box = label && (document.getElementById(label.htmlFor) as HTMLInputElement | null);
          return box ? (box.checked ? 'ticked' : 'unticked') : undefined;
        },
        name,
      ),
    `a checkbox labelled "${name}"`,
  );
  return state === 'ticked';
}

async function waitTicked(panel: Page, name: string, want: boolean): Promise<void> {
  try {
    await waitFor(
      async () => (await ticked(panel, name)) === want,
      `"${name}" to be ${want ? '' : 'un'}ticked`,
      15_000,
    );
  } catch (error) {
    const shown = await panel.$eval('main', (m) => m.outerHTML).catch((e) => String(e));
    throw new Error(`${(error as Error).message}; the panel shows: ${shown}`);
  }
}

/** The "3 of 5" / "All done" text of the checklist titled `title`. */
function progressOf(panel: Page, title: string): Promise<string> {
  return panel.$$eval(
    'article.checklist',
    (lists, t) =>
      lists.find((l) => l.querySelector('h3')?.textContent === t)?.querySelector('.count')?.textContent ?? '',
    title,
  );
}

describe('side panel', () => {
  it('ticks checklist items as the work is really done, live, following the tab, and keeps them across a reload and a stopped worker', async () => {
    const { page } = await openPage(env, '/accounts/3');
    const panel = await panelFor(page);
    // Seen once: the account page ticks it.
    await waitTicked(panel, 'Open an account', true);
    expect(await ticked(panel, 'Look at the forecast')).toBe(false);
    expect(await progressOf(panel, 'First week')).toBe('1 of 2');

    // A click in the panel does not tick anything.
    await panel.bringToFront();
    await (await byRole(panel, 'checkbox', 'Look at the forecast')).click();
    expect(await ticked(panel, 'Look at the forecast')).toBe(false);

    // Navigating the tab (the app's own routing) shows that page's checklists.
    await page.bringToFront();
    await page.goto(`${env.crm.url}/opportunities/new?account=3`, { waitUntil: 'load' });
    await waitTicked(panel, 'Give it a name', false);
    expect(await progressOf(panel, 'A new deal')).toBe('0 of 2');
    // Done elsewhere, and seen once: still done here.
    expect(await ticked(panel, 'Open an account')).toBe(true);

    await page.type('#opp-name', 'Globex renewal Q3');
    await waitTicked(panel, 'Give it a name', true);
    expect(await progressOf(panel, 'A new deal')).toBe('1 of 2');
    await page.type('#opp-amount', '12x');
    await new Promise((r) => setTimeout(r, 500));
    expect(await ticked(panel, 'Enter the amount')).toBe(false);
    await page.click('#opp-amount', { count: 3 });
    await page.type('#opp-amount', '12000');
    await waitTicked(panel, 'Enter the amount', true);
    await waitFor(async () => (await progressOf(panel, 'A new deal')) === 'All done', 'the checklist to be done');
    await panel.bringToFront();
    // Announced politely, in words.
    expect(await panel.$eval('[role=status][aria-live=polite]', (el) => el.textContent)).toMatch(
      /A new deal: all done\./,
    );

    // Counted once each: items done and the checklist completed.
    const counts = await waitFor(async () => {
      await env.sw.send({ type: 'debug.store', action: 'flush' } as never).catch(() => undefined);
      const rows = await (await env.sw.worker()).evaluate(async () => {
        const open = indexedDB.open('stepwise');
        const db: IDBDatabase = await new Promise((ok, ko) => {
          open.onsuccess = () => ok(open.result);
          open.onerror = () => ko(open.error);
        });
        const all: { ruleId: string; stepId: string; event: string; count: number }[] = await new Promise((ok) => {
          const r = db.transaction('usage').objectStore('usage').getAll();
          r.onsuccess = () => ok(r.result);
        });
        db.close();
        return all.filter((u) => u.event.startsWith('checklist'));
      });
      return rows.some((r) => r.event === 'checklist-completed') ? rows : undefined;
    }, 'the checklist usage to be counted');
    expect(counts!.map((c) => `${c.ruleId}/${c.stepId}/${c.event}/${c.count}`).sort()).toEqual([
      'first-week/account/checklist-item-done/1',
      'new-deal//checklist-completed/1',
      'new-deal/amount/checklist-item-done/1',
      'new-deal/named/checklist-item-done/1',
    ]);

    // A reload of the page, and of the panel after the worker was stopped: nothing is lost. The
    // account was seen once (done for good); the form's items hold only while the form says so.
    await page.bringToFront();
    await page.reload({ waitUntil: 'load' });
    await env.sw.stopWorker();
    await panel.reload({ waitUntil: 'load' });
    await waitTicked(panel, 'Give it a name', false);
    expect(await ticked(panel, 'Open an account')).toBe(true);
    expect(await progressOf(panel, 'First week')).toBe('1 of 2');
    await page.type('#opp-name', 'Initech upsell');
    await waitTicked(panel, 'Give it a name', true);
    await panel.close();
    await page.close();
  });

  it('"Show me" starts the item\'s walkthrough on the page', async () => {
    const { page } = await openPage(env, '/opportunities/new?account=2');
    const panel = await panelFor(page);
    await (await byRole(panel, 'button', 'Show me: Give it a name', 10_000)).click();
    await page.bringToFront();
    await card(page, 'Name it');
    await panel.close();
    await page.close();
  });

  it('finds a rule by a word in a step, starts a manual walkthrough here and says where to go for another', async () => {
    const { page } = await openPage(env, '/accounts/5');
    const panel = await panelFor(page);
    const search = await byRole(panel, 'searchbox', 'Search walkthroughs and tips', 10_000);
    await search.type('customer');
    await waitFor(
      async () =>
        (await panel.$$eval('li.rule .rule-name', (n) => n.map((e) => e.textContent))).join() === 'Log a call',
      'the search to find the rule by a word in its step',
    );
    await (await byRole(panel, 'button', 'Start Log a call')).click();
    const outcome = await waitFor(
      () => panel.$eval('p.outcome', (p) => (p.textContent === 'Starting…' ? '' : p.textContent)).catch(() => ''),
      'the outcome of Start',
      30_000,
    );
    expect(outcome).toBe('Started on the page.');
    await page.bringToFront();
    await card(page, 'Open the call form');

    await panel.bringToFront();
    await search.click({ count: 3 });
    await search.type('forcast');
    await byRole(panel, 'button', 'Go to /reports#/forecast for Read the forecast', 10_000);
    expect(await panel.$('::-p-aria([name="Start Read the forecast"])')).toBeNull();
    await search.click({ count: 3 });
    await search.type('zzzz');
    await panel.waitForSelector('::-p-text(Nothing matches)');
    await panel.close();
    await page.close();
  });

  it('sends an "I\'m stuck" request with the rule, step and target state, and no query string', async () => {
    const { page } = await openPage(env, '/opportunities/new?account=4&customer=Jane+Doe');
    const panel = await panelFor(page);
    await (await byRole(panel, 'button', 'Start Name an opportunity', 10_000)).click();
    await page.bringToFront();
    const first = await card(page, 'Name it');
    await (await first.waitForSelector('::-p-aria([name="Next"][role="button"])'))!.click();
    await card(page, 'Discount');

    await panel.bringToFront();
    await clickRole(panel, 'button', "I'm stuck");
    await (await byRole(panel, 'textbox', 'What were you trying to do?')).type('Where does the discount go?');
    const attached = await panel.waitForSelector('fieldset.attached');
    await panel.waitForSelector('::-p-text(its element was not found on the page)');
    const words = await attached!.evaluate((el) => el.textContent ?? '');
    expect(words).toContain(`${env.crm.url}/opportunities/new`);
    expect(words).not.toContain('Jane');
    expect(words).toContain('Name an opportunity, step 2');
    // The person can leave a part out: the browser's name stays home.
    await (
      await byRole(panel, 'checkbox', await panel.$eval('label[for=keep-browser]', (l) => l.textContent!))
    ).click();
    await (await byRole(panel, 'button', 'Send request')).click();
    await panel.waitForSelector('::-p-text(Sent. The people who keep this help current will see your request.)');

    const { requests } = await env.sw.send({ type: 'help.list' });
    expect(requests[0]).toMatchObject({
      text: 'Where does the discount go?',
      url: `${env.crm.url}/opportunities/new`,
      ruleId: 'name-tour',
      stepId: 'discount',
      context: { stepIndex: 1, stepTitle: 'Discount', target: 'missing', ruleName: 'Name an opportunity' },
    });
    expect(requests[0]?.context).not.toHaveProperty('browser');
    expect(JSON.stringify(requests[0])).not.toContain('Jane');
    await panel.close();
    await page.close();
  });

  it('keeps a comment written after "Helpful? No" and lists it for admins', async () => {
    const { page } = await openPage(env, '/accounts/6');
    const panel = await panelFor(page);
    await (await byRole(panel, 'button', 'Start Log a call', 10_000)).click();
    await page.bringToFront();
    const step = await card(page, 'Open the call form');
    await (await step.waitForSelector('::-p-aria([name="No"][role="button"])'))!.click();
    await (await byRole(page, 'textbox', 'What was missing or wrong? (optional)')).type(
      'It does not say where the form is',
    );
    await (await byRole(page, 'button', 'Send')).click();
    const comments = await waitFor(async () => {
      const list = await env.sw.send({ type: 'help.list' });
      return list.comments.length ? list.comments : undefined;
    }, 'the comment to be kept');
    expect(comments?.[0]).toMatchObject({
      ruleId: 'log-call-tour',
      text: 'It does not say where the form is',
      url: `${env.crm.url}/accounts/6`,
    });
    await panel.close();

    const options = await env.sw.openExtensionPage('options');
    await byRole(options, 'heading', 'Help requests and comments', 10_000);
    await options.waitForSelector('::-p-text(It does not say where the form is)');
    await options.waitForSelector('::-p-text(Where does the discount go?)');
    await options.close();
    await page.close();
  });
});
