/// <reference types="chrome" />
/**
 * The team server end to end: the built extension in Chromium and the server as its own process
 * (`server/main.ts`, embedded database) on 127.0.0.1. An admin publishes a pack; a member connects
 * from the options page; the pack's help shows on the demo CRM; its usage and an "I'm stuck"
 * request reach the server; the server is stopped for a while, and nothing made meanwhile is lost
 * or counted twice once it is back; an admin edits the team's rule in the editor and publishes it to
 * the team, and the app shows the new version; the Insights page shows the team's funnel and content
 * health from the server's aggregates.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, clickRole, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { InsightsReport } from '../../messaging/messages';
import type { RulePack } from '../../rules/model';
import { E2E_TEST_MS } from '../budget';
import { noticeText, problemsText, setJson } from './editor-helpers';
import { card, dialogCount } from './overlay-helpers';
import { panelSettled } from './panel-helpers';
import { startTeamServer, type TeamServerEnv } from './team-server-env';

const RULE = 'team-new-opportunity';

const PACK: RulePack = {
  format: 2,
  id: 'team-pack',
  name: 'Team help',
  version: 1,
  rules: [
    {
      id: RULE,
      name: 'Open an opportunity (team)',
      kind: 'walkthrough',
      status: 'published',
      where: { urls: ['http://127.0.0.1/accounts/:id'] },
      start: 'auto',
      steps: [
        {
          id: 'start',
          target: { selector: '#new-opportunity' },
          title: 'Published by your team',
          brief: 'Click **New opportunity** to start one from this account.',
        },
      ],
    },
  ],
  checklists: [],
};

let team: TeamServerEnv;
let crm: DemoCrm;
let sw: StepwiseBrowser;

/** The server's API as the admin. */
const admin = <T>(method: string, path: string, body?: unknown) => team.api<T>(method, path, body);

/** The server's count of `event` for the team's rule (all steps and days). */
async function serverCount(event: string): Promise<number> {
  const { counters } = await admin<{ counters: { ruleId: string; event: string; count: number }[] }>(
    'GET',
    `/v1/usage?ruleId=${RULE}`,
  );
  return counters.filter((c) => c.event === event).reduce((sum, c) => sum + c.count, 0);
}

async function requestsOnServer(): Promise<string[]> {
  const { items } = await admin<{ items: { kind: string; text?: string }[] }>('GET', '/v1/inbox?kind=help');
  return items.map((i) => i.text ?? '');
}

/** The walkthrough shown and finished once on the account page (a shown and a completed count). */
async function walkOnce(): Promise<void> {
  const page = await sw.browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(`${crm.url}/accounts/7`, { waitUntil: 'load' });
  await card(page, 'Published by your team');
  await clickRole(page, 'button', 'Done');
  await waitFor(async () => (await dialogCount(page)) === 0, 'the card to close');
  await page.close();
}

/** Sends "I'm stuck" with `text` from the side panel of a tab on the account page. */
async function askForHelp(text: string): Promise<void> {
  const page = await sw.browser.newPage();
  await page.goto(`${crm.url}/accounts/7`, { waitUntil: 'load' });
  const tabId = await sw.tabIdOf(page);
  const panel = await sw.openExtensionPage('sidepanel', `?tabId=${tabId}`);
  await panelSettled(panel);
  await clickRole(panel, 'button', "I'm stuck");
  await (await byRole(panel, 'textbox', 'What were you trying to do?')).type(text);
  await (await byRole(panel, 'button', 'Send request')).click();
  await panel.waitForSelector('::-p-text(Sent.)');
  await panel.close();
  await page.close();
}

function syncNow() {
  return sw.send({ type: 'sync.now' });
}

beforeAll(async () => {
  team = await startTeamServer();
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  // Two starts of the embedded database (init, then the server): the slowest part on a busy machine.
}, 2 * E2E_TEST_MS);

afterAll(async () => {
  await sw?.close();
  await crm?.close();
  await team?.close();
});

describe('the team server', () => {
  let options: Page;

  it('publishes a pack that a member connected from the options page gets and sees on the app', async () => {
    await admin('POST', '/v1/packs', PACK);
    const { token: memberToken } = await admin<{ token: string }>('POST', '/v1/tokens', { name: 'Jo', role: 'member' });

    options = await sw.openExtensionPage('options');
    await (await byRole(options, 'textbox', 'Server address')).type(team.url);
    await (await options.waitForSelector('input[name="server-token"]'))!.type(memberToken);
    await clickRole(options, 'button', 'Connect');
    await options.waitForSelector(`::-p-text(as Jo (member) in Acme support)`);
    await waitFor(async () => (await sw.send({ type: 'sync.status' })).serverPacks === 1, 'the team pack to arrive');

    await walkOnce();
  });

  it('sends the help\'s usage and an "I\'m stuck" request to the server', async () => {
    await askForHelp('Where do I put the discount?');
    await waitFor(async () => {
      const status = await syncNow();
      return status.waiting === 0 && !status.lastError;
    }, 'everything to be sent');
    expect(await serverCount('shown')).toBe(1);
    expect(await serverCount('completed')).toBe(1);
    expect(await requestsOnServer()).toEqual(['Where do I put the discount?']);
  });

  it(
    'keeps what is made while the server is stopped, and sends it once when it is back',
    async () => {
      await team.stop();
      await sw.send({ type: 'progress.update', ruleId: RULE, stepIndex: 0, status: 'active' });
      await walkOnce();
      await askForHelp('The save button is grey');
      const offline = await waitFor(async () => {
        const status = await syncNow();
        return status.lastError && status.waiting > 0 ? status : null;
      }, 'a failed sync that keeps what waits');
      expect(offline!.lastError?.message).toBeTruthy();
      // The options page says so in words.
      await options.reload({ waitUntil: 'load' });
      await options.waitForSelector(`::-p-text(waiting to be sent)`);

      // Back where the extension expects it, with the same data.
      await team.restart();
      await waitFor(async () => {
        const status = await syncNow();
        return status.waiting === 0 && !status.lastError;
      }, 'everything to be sent after the server came back');
      // A second sync sends nothing more.
      await syncNow();
      expect(await serverCount('shown')).toBe(2);
      expect(await serverCount('completed')).toBe(2);
      expect((await requestsOnServer()).sort()).toEqual(['The save button is grey', 'Where do I put the discount?']);
      // The server's start is part of this test.
    },
    2 * E2E_TEST_MS,
  );

  it('publishes an admin’s edit from the editor to the team, and the app shows it', async () => {
    const connected = await sw.send({ type: 'sync.connect', url: team.url, token: team.adminToken });
    expect(connected.person).toMatchObject({ role: 'admin' });
    const editor = await sw.openExtensionPage('editor', `?pack=${PACK.id}`);
    await (await byRole(editor, 'button', `Edit ${PACK.rules[0]!.name}`)).click();
    // The form is the editor's first view; the rule is edited here in its JSON view.
    await (await byRole(editor, 'tab', 'JSON')).click();
    const area = await editor.waitForSelector('#rule-json');
    const rule = JSON.parse(await area!.evaluate((a) => (a as HTMLTextAreaElement).value));
    rule.steps[0].title = 'Edited by your admin';
    await setJson(editor, JSON.stringify(rule, null, 2));
    await waitFor(async () => (await problemsText(editor)).includes('No problems'), 'a valid draft');
    await (await byRole(editor, 'button', 'Publish to team')).click();
    await waitFor(() => noticeText(editor), 'the published notice');
    expect(await noticeText(editor)).toBe(`Published to your team as version 2 of “${PACK.id}”.`);

    const { packs } = await admin<{ packs: { packId: string; currentVersion: number }[] }>('GET', '/v1/packs');
    expect(packs.find((p) => p.packId === PACK.id)?.currentVersion).toBe(2);
    const published = await admin<RulePack>('GET', `/v1/packs/${PACK.id}/versions/2`);
    expect(published.rules[0]!.steps[0]!.title).toBe('Edited by your admin');
    await editor.close();

    const page = await sw.browser.newPage();
    await page.goto(`${crm.url}/accounts/7`, { waitUntil: 'load' });
    await card(page, 'Edited by your admin');
    await page.close();
  });

  it('shows the team’s funnel and content health on the Insights page, from the server’s aggregates', async () => {
    // Everything sent, then this browser's own counts cleared: what the page shows is the server's.
    await waitFor(async () => {
      const status = await syncNow();
      return status.waiting === 0 && !status.lastError;
    }, 'everything to be sent');
    await sw.send({ type: 'insights.clearCounts' });
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const { funnels } = await admin<{ funnels: InsightsReport['funnels'] }>(
      'GET',
      `/v1/insights/funnels?from=${from}&to=${to}`,
    );
    const funnel = funnels.find((f) => f.ruleId === RULE);
    expect(funnel?.started).toBeGreaterThanOrEqual(2);
    const { health } = await admin<{ health: InsightsReport['health'] }>(
      'GET',
      `/v1/insights/health?from=${from}&to=${to}`,
    );
    const ruleHealth = health.find((h) => h.ruleId === RULE);
    expect(ruleHealth).toBeDefined();

    const page = await sw.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${sw.origin}insights.html?days=7#walkthroughs`, { waitUntil: 'load' });
    await page.waitForSelector('.funnel-table');
    expect(await page.$eval('.insights header p', (el) => el.textContent)).toMatch(/^Team: Acme support:/);
    expect(await page.$eval('.funnel-table caption', (el) => el.textContent)).toBe(`Funnel of ${PACK.rules[0]!.name}`);
    const counts = await page.$$eval('.funnel-table tbody tr', (rows) =>
      rows.map((r) => r.querySelector('td')?.textContent),
    );
    expect(counts).toEqual(funnel!.stages.map((stage) => stage.count.toLocaleString('en-US')));

    await page.click('a[href="#health"]');
    await page.waitForSelector(`.health-${ruleHealth!.status}`);
    const row = await page.$eval(`.health-${ruleHealth!.status}`, (tr) =>
      [...tr.children].map((c) => (c.textContent ?? '').trim()),
    );
    expect(row[0]).toBe(PACK.rules[0]!.name);

    // This browser's figures, one switch away, are the cleared ones.
    await page.click('a[href="#walkthroughs"]');
    await (await byRole(page, 'radio', 'This browser'))!.click();
    await waitFor(
      () => page.evaluate(() => document.querySelector('main')?.textContent?.includes('Nothing counted from')),
      'this browser’s empty figures',
    );
    await page.close();
  });
});
