/// <reference types="chrome" />
/**
 * The popup's quick editor in the built extension in real Chromium, on the demo CRM: a tip made on
 * a picked element with the keyboard, saved as it is typed (it survives the popup closing and the
 * service worker stopping), problems shown with their JSON paths, published, and shown on the page.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, type StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import type { DemoCrm } from '../../demo-crm/server';
import type { Draft } from '../../messaging/messages';
import { type DemoEnv, startDemoEnv } from './demo-env';

let crm: DemoCrm;
let sw: StepwiseBrowser;
let env: DemoEnv | undefined;
let open: DemoEnv['open'];

beforeAll(async () => {
  env = await startDemoEnv();
  ({ crm, sw, open } = env);
});

afterAll(async () => {
  await env?.close();
});

/** Picks the element with id `id` in the tab with the picker (pointer on it, then Enter). */
async function pick(page: Page, tabId: number, id: string): Promise<void> {
  await sw.send({ type: 'picker.start', tabId });
  await waitFor(async () => (await sw.send({ type: 'picker.last', tabId })).pick?.status === 'picking', 'picking');
  await page.bringToFront();
  const box = (await (await page.$(`#${id}`))!.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
  await page.mouse.down();
  await page.mouse.up();
  await waitFor(async () => (await sw.send({ type: 'picker.last', tabId })).pick?.status === 'picked', 'the pick');
}

/** The text of the problems list in the popup (empty when there is none). */
const problems = (popup: Page) =>
  popup.evaluate(() => document.querySelector('ul[aria-label="Problems"]')?.textContent ?? '');

/** The popup's focused element: its tag and accessible label. */
const focused = (popup: Page) =>
  popup.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return `${el?.localName} ${el?.closest('label')?.firstChild?.textContent?.trim() ?? ''}`;
  });

describe('quick editor', () => {
  it('makes a tip on the picked element by keyboard; the draft survives closing the popup and a worker stop; publishing shows it', async () => {
    const { page, tabId } = await open('/accounts/17?delay=0');
    await page.waitForSelector('#log-call');
    let popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    const newTip = await byRole(popup, 'button', 'New tip');
    // Nothing picked yet: the button says so by being off, and the words say what to do.
    expect(await newTip.evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await popup.evaluate(() => document.body.textContent)).toContain('Pick an element first');

    await pick(page, tabId, 'log-call');
    await popup.bringToFront();
    await popup.waitForFunction(() => !(document.querySelector('button') as HTMLButtonElement | null)?.disabled);
    await waitFor(
      () => popup.evaluate(() => document.body.textContent?.includes('On the button “Log a call” you picked.')),
      'the pick in the popup',
    );
    // Keyboard only: focus the button and press Enter; the title field takes the focus.
    await (await byRole(popup, 'button', 'New tip')).focus();
    await popup.keyboard.press('Enter');
    await waitFor(async () => (await focused(popup)) === 'input Title', 'the title field focused');
    await popup.keyboard.type('Log every call');
    // Still missing: the text, named by its path in the rule.
    await waitFor(async () => (await problems(popup)).includes('steps[0].brief'), 'the brief problem');
    expect(await problems(popup)).not.toContain('steps[0].title');
    await popup.keyboard.press('Tab');
    expect(await focused(popup)).toBe('textarea Text (Markdown)');
    await popup.keyboard.type('Say **who** you spoke to.');
    await waitFor(async () => (await problems(popup)) === '', 'no problems left');
    await waitFor(() => popup.evaluate(() => document.body.textContent?.includes('Draft saved.')), 'the draft saved');
    expect(await popup.evaluate(() => document.body.textContent)).toContain('Matches this page.');
    await popup.close();

    // The worker stops: the draft is in the database, not in its memory.
    await sw.stopWorker();
    const { drafts } = await sw.send({ type: 'drafts.list', url: page.url() });
    expect(drafts).toHaveLength(1);
    const draft = drafts[0] as Draft & { rule: { steps: { title: string; brief: string }[]; where: unknown } };
    expect(draft.rule.steps[0]).toMatchObject({ title: 'Log every call', brief: 'Say **who** you spoke to.' });
    expect(draft.rule.where).toEqual({ urls: [{ pathname: '/accounts/:id' }] });

    // Reopened, the popup shows the draft where it was.
    popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    await popup.waitForSelector('form[aria-label="Draft tip"]');
    const title = await byRole(popup, 'textbox', 'Title');
    expect(await title!.evaluate((i) => (i as HTMLInputElement).value)).toBe('Log every call');
    expect(await popup.$eval('form textarea', (t) => (t as HTMLTextAreaElement).value)).toBe(
      'Say **who** you spoke to.',
    );

    // Emptying the title shows its problem with the path; putting it back clears it.
    await title!.click({ count: 3 });
    await popup.keyboard.press('Backspace');
    await waitFor(async () => (await problems(popup)).includes('steps[0].title'), 'the title problem');
    await popup.keyboard.type('Log every call');
    await waitFor(async () => (await problems(popup)) === '', 'no problems left');

    // Enter publishes (the form's submit).
    await popup.keyboard.press('Enter');
    await waitFor(
      () => popup.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? ''),
      'the published notice',
    );
    expect(await popup.evaluate(() => document.querySelector('[role="status"]')?.textContent)).toBe(
      'Published in version 1 of its pack. Reload the page to see it.',
    );
    expect((await sw.send({ type: 'drafts.list' })).drafts).toEqual([]);
    await popup.close();

    // On this account and on another: the tip is there, anchored to the button it was made on.
    // In front: a page in the background gets no animation frames, and the overlay works in them.
    await page.bringToFront();
    await page.reload({ waitUntil: 'load' });
    await (await byRole(page, 'button', 'Tip: Log every call', 20_000)).click();
    await byRole(page, 'dialog', 'Log every call');
    await page.goto(`${crm.url}/accounts/42?delay=0`, { waitUntil: 'load' });
    await byRole(page, 'button', 'Tip: Log every call', 20_000);
    const { versions } = await sw.send({ type: 'packs.versions', packId: 'written-here' });
    expect(versions.map((v) => [v.version, v.reason])).toEqual([[1, 'published']]);
    await page.close();
  });

  it('refuses to publish a draft with problems and says which, by path', async () => {
    const { page, tabId } = await open('/opportunities/new?account=5');
    await page.waitForSelector('#opp-amount');
    await pick(page, tabId, 'opp-amount');
    const popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    await (await byRole(popup, 'button', 'New hint')).click();
    await popup.waitForSelector('form[aria-label="Draft hint"]');
    await (await byRole(popup, 'button', 'Publish')).click();
    const alert = await popup.waitForSelector('form [role="alert"]');
    const text = await alert!.evaluate((a) => a.textContent ?? '');
    expect(text).toContain('Not published yet:');
    expect(text).toContain('steps[0].title');
    expect(text).toContain('steps[0].brief');
    // The draft is kept; "Done for now" leaves it in the list.
    await (await byRole(popup, 'button', 'Done for now')).click();
    await byRole(popup, 'button', 'Edit draft: Hint: Amount (USD)');
    await popup.close();
    await page.close();
  });

  it('starts a walkthrough on the picked element, opened in the editor with its first step there', async () => {
    const { page, tabId } = await open('/accounts/17?delay=0');
    await page.waitForSelector('#log-call');
    await pick(page, tabId, 'log-call');
    const popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    await waitFor(
      () => popup.evaluate(() => document.body.textContent?.includes('On the button “Log a call” you picked.')),
      'the pick in the popup',
    );
    await (await byRole(popup, 'button', 'New walkthrough')).click();
    const editor = await sw.waitForPage((u) => u.includes('/editor.html?draft=walkthrough-log-a-call-'), 'the editor');
    await waitFor(
      () =>
        editor.evaluate(
          () => document.getElementById('draft-heading')?.textContent === 'Draft: Walkthrough: Log a call',
        ),
      'the walkthrough open in the editor',
    );
    expect(await editor.$eval('#field-kind', (s) => (s as HTMLSelectElement).value)).toBe('walkthrough');
    expect(await editor.$eval('#field-steps-0-target-selector', (i) => (i as HTMLInputElement).value)).not.toBe('');
    const { drafts } = await sw.send({ type: 'drafts.list', url: page.url() });
    expect(drafts.map((d) => (d.rule as { kind: string; start: string }).kind)).toContain('walkthrough');
    await editor.close();
    await popup.close();
    await page.close();
  });
});
