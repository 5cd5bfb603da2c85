/// <reference types="chrome" />
/**
 * Personal tips end to end: the built extension in two Chromium profiles (Jo, a member, and Ada,
 * an admin) on the demo CRM, and the team server as its own process (embedded database). Jo picks
 * a button from the popup, writes a tip on it with the keyboard, and sees it on the page; Ada's
 * browser does not show it. Jo suggests it with no server connected (it waits, in words), then
 * connects: the server's inbox gets it once. Ada connects, reviews it in the editor and publishes
 * it into a pack; the server marks it published, Ada's browser shows it, and once the pack reaches
 * the team, Jo's browser shows the team's version in place of Jo's own (once, not twice).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allByRole, byRole, queryRole, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import { E2E_TEST_MS } from '../budget';
import { controlTipPack } from './overlay-helpers';
import { startTeamServer, type TeamServerEnv } from './team-server-env';

const CONTROL = 'Control on #log-call';
const TIP_TITLE = 'Call notes';
const TIP_TEXT = 'Write **who** you spoke to and the next step.';
/** The title the admin gives it when publishing. */
const TEAM_TITLE = 'Call notes for the team';

let team: TeamServerEnv;
let crm: DemoCrm;
/** Jo, the member who writes the tip. */
let jo: StepwiseBrowser;
/** Ada, the admin who reviews it. */
let ada: StepwiseBrowser;
let joPage: Page;
let joTab: number;

const api = <T>(method: string, path: string, body?: unknown) => team.api<T>(method, path, body);

/**
 * Waits until `text` is on `page`, asking the page itself each time (Puppeteer's own wait for
 * `::-p-text` did not notice the popup's first list here).
 */
async function waitForText(page: Page, text: string): Promise<void> {
  await waitFor(
    () => page.evaluate((t) => document.body.textContent?.includes(t) ?? false, text),
    `the text "${text}"`,
  );
}

type InboxItem = { id: string; ruleId: string; from: string; status: string; resolution: string | null };
const suggestionsOnServer = async () => (await api<{ items: InboxItem[] }>('GET', '/v1/inbox?kind=suggestion')).items;

/** A browser with the demo origin on and a control tip on the account page's "Log a call". */
async function profile(): Promise<StepwiseBrowser> {
  const sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  const reply = await sw.importPack(controlTipPack(CONTROL, '/accounts/:id', '#log-call'));
  if (reply.imported !== 1) throw new Error(`The control tip did not import: ${JSON.stringify(reply.problems)}`);
  return sw;
}

/** The account page in front in `sw`, once its overlay has looked at it (the control tip is there). */
async function accountPage(sw: StepwiseBrowser, page?: Page): Promise<Page> {
  const p = page ?? (await sw.browser.newPage());
  if (sw.name === 'chromium') await p.setViewport({ width: 1280, height: 900 });
  await p.bringToFront();
  await p.goto(`${crm.url}/accounts/17?delay=0`, { waitUntil: 'load' });
  await byRole(p, 'button', `Tip: ${CONTROL}`, 20_000);
  return p;
}

const bodyText = (page: Page) => page.evaluate(() => document.body.textContent ?? '');

beforeAll(async () => {
  team = await startTeamServer();
  crm = await startDemoCrm();
  jo = await profile();
  ada = await profile();
}, 2 * E2E_TEST_MS);

afterAll(async () => {
  await jo?.close();
  await ada?.close();
  await crm?.close();
  await team?.close();
});

describe('personal tips', () => {
  it('adds a tip on an element picked from the popup, by keyboard; it shows to its author only', async () => {
    joPage = await accountPage(jo);
    joTab = await jo.tabIdOf(joPage);
    let popup = await jo.openExtensionPage('popup', `?tab=${joTab}`);
    // Nothing of Jo's yet: the empty state says so.
    await waitForText(popup, 'No tips of yours on this site yet.');
    await (await byRole(popup, 'button', 'Pick an element for a tip')).click();
    await waitFor(
      async () => (await jo.send({ type: 'picker.last', tabId: joTab })).pick?.status === 'picking',
      'picking',
    );
    // The popup closes itself; the page comes to the front once it has (see `popupClosed`).
    await jo.popupClosed(popup);
    await joPage.bringToFront();
    const box = (await (await joPage.$('#log-call'))!.boundingBox())!;
    await joPage.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    await joPage.keyboard.press('Enter');
    await waitFor(
      async () => (await jo.send({ type: 'picker.last', tabId: joTab })).pick?.status === 'picked',
      'the pick',
    );

    popup = await jo.openExtensionPage('popup', `?tab=${joTab}`);
    await waitForText(popup, 'Your tip goes on the button “Log a call” you picked.');
    await (await byRole(popup, 'button', 'Add my tip here')).focus();
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('form[aria-label="My tip"]');
    // The text field has the focus; the title is before it.
    await waitFor(
      () => popup.evaluate(() => document.activeElement?.localName === 'textarea'),
      'the tip field focused',
    );
    await popup.keyboard.type(TIP_TEXT);
    await popup.keyboard.down('Shift');
    await popup.keyboard.press('Tab');
    await popup.keyboard.up('Shift');
    await popup.keyboard.type(TIP_TITLE);
    // Saved as it is typed, in the background's database.
    await waitFor(async () => {
      const { tips } = await jo.send({ type: 'tips.list', url: joPage.url() });
      return tips.length === 1 && tips[0]?.title === TIP_TITLE && tips[0]?.text === TIP_TEXT;
    }, 'the tip saved as typed');
    await waitForText(popup, 'Tip saved.');
    await popup.close();

    // Saved as typed: the worker stops, the popup reopens on the tip where it was.
    await jo.stopWorker();
    popup = await jo.openExtensionPage('popup', `?tab=${joTab}`);
    await popup.waitForSelector('form[aria-label="My tip"]');
    expect(await popup.$eval('form[aria-label="My tip"] textarea', (t) => (t as HTMLTextAreaElement).value)).toBe(
      TIP_TEXT,
    );
    expect(
      await (await byRole(popup, 'textbox', 'Title (optional)')).evaluate((i) => (i as HTMLInputElement).value),
    ).toBe(TIP_TITLE);
    await (await byRole(popup, 'button', 'Done')).click();
    await waitForText(popup, 'Tip saved. Reload the page to see it there.');
    await popup.waitForSelector(`ul[aria-label="My tips on this site"] ::-p-text(${TIP_TITLE})`);
    await popup.close();

    // On Jo's page: the tip, like any tip — a beacon that opens its card.
    await accountPage(jo, joPage);
    await (await byRole(joPage, 'button', `Tip: ${TIP_TITLE}`, 20_000)).click();
    await byRole(joPage, 'dialog', TIP_TITLE);

    // Ada's browser on the same page: the overlay has looked (the control tip), and Jo's tip is not there.
    const adaPage = await accountPage(ada);
    expect(await queryRole(adaPage, 'button', `Tip: ${TIP_TITLE}`)).toBeNull();
    await adaPage.close();
  });

  it('suggests it with no server (it waits, in words), and the inbox gets it once when Jo connects', async () => {
    let popup = await jo.openExtensionPage('popup', `?tab=${joTab}`);
    await (await byRole(popup, 'button', `Suggest to my team: ${TIP_TITLE}`)).click();
    await waitForText(popup, 'it will be sent once a team server is connected');
    await popup.close();
    const { local } = await jo.send({ type: 'suggestions.list' });
    expect(local.map((s) => (s.rule as { steps: { title: string }[] }).steps[0]?.title)).toEqual([TIP_TITLE]);
    expect(await suggestionsOnServer()).toEqual([]);

    const { token } = await api<{ token: string }>('POST', '/v1/tokens', { name: 'Jo', role: 'member' });
    await jo.send({ type: 'sync.connect', url: team.url, token });
    await waitFor(async () => {
      const status = await jo.send({ type: 'sync.now' });
      return status.waiting === 0 && !status.lastError;
    }, 'everything to be sent');
    await jo.send({ type: 'sync.now' });
    const items = await suggestionsOnServer();
    expect(items).toEqual([expect.objectContaining({ from: 'Jo', status: 'open' })]);
    popup = await jo.openExtensionPage('popup', `?tab=${joTab}`);
    await waitForText(popup, 'your team’s server has it');
    await popup.close();
  });

  it('lets an admin review and publish it into a pack; the server marks it, and it shows once', async () => {
    await ada.send({ type: 'sync.connect', url: team.url, token: team.adminToken });
    const editor = await ada.openExtensionPage('editor', '#suggestions');
    const review = await byRole(editor, 'button', 'Review suggestion: My tip: Log a call', 20_000);
    expect(await bodyText(editor)).toContain('from Jo');
    await review.click();
    const name = await byRole(editor, 'textbox', 'Name');
    await name.click({ count: 3 });
    await editor.keyboard.type('Call notes for everyone');
    const title = await byRole(editor, 'textbox', 'Title');
    await title.click({ count: 3 });
    await editor.keyboard.type(TEAM_TITLE);
    await (await byRole(editor, 'button', 'Publish into pack')).click();
    await editor.waitForSelector(
      '::-p-text(Published in pack “team-tips”, version 1. Your team’s server marks the suggestion published.)',
    );
    await waitForText(editor, 'No suggestions waiting.');
    await editor.close();

    const [item] = await suggestionsOnServer();
    expect(item).toMatchObject({ status: 'resolved', resolution: 'Published in pack "team-tips" (version 1).' });
    const { packs } = await ada.send({ type: 'packs.export', packIds: ['team-tips'] });
    expect(packs[0]?.rules).toEqual([
      expect.objectContaining({ name: 'Call notes for everyone', status: 'published' }),
    ]);

    // Published: Ada's browser shows it now, as she edited it.
    const adaPage = await accountPage(ada);
    await byRole(adaPage, 'button', `Tip: ${TEAM_TITLE}`, 20_000);
    await adaPage.close();

    // The pack goes to the team; Jo's browser gets it, and the team's version takes the place of
    // Jo's own: one tip on the button, not two.
    await api('POST', '/v1/packs', packs[0]);
    await waitFor(async () => (await jo.send({ type: 'sync.now' })).serverPacks === 1, 'the team pack in Jo’s browser');
    await accountPage(jo, joPage);
    await byRole(joPage, 'button', `Tip: ${TEAM_TITLE}`, 20_000);
    expect(await queryRole(joPage, 'button', `Tip: ${TIP_TITLE}`)).toBeNull();
    expect(await allByRole(joPage, 'button', `Tip: ${TEAM_TITLE}`)).toHaveLength(1);
  });
});
