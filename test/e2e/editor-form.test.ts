/// <reference types="chrome" />
/**
 * The editor page's form in the built extension in real Chromium, on the demo CRM: a walkthrough
 * edited by keyboard only, a problem shown at its field with its JSON path, a step moved, the move
 * undone and redone with the keys, the JSON view showing the same draft, published, and the page
 * showing the edited help; a page condition (`where.when`) written field by field.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, waitFor } from '../../browser-harness/harness';
import { type DemoEnv, startDemoEnv } from './demo-env';
import { noticeText, problemsText } from './editor-helpers';

let env: DemoEnv;

beforeAll(async () => {
  env = await startDemoEnv();
});

afterAll(async () => {
  await env?.close();
});

const DRAFT = {
  id: 'account-basics',
  name: 'Account basics',
  kind: 'walkthrough',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'auto',
  steps: [
    { id: 'step-1', title: 'Edit the account', brief: 'Open **Edit account**.', target: { selector: '#edit-account' } },
    { id: 'step-2', title: 'Log the call', brief: 'Press **Log a call**.', target: { selector: '#log-call' } },
  ],
};

/** The steps' headings in the form, in order. */
const stepHeadings = (page: Page) => page.$$eval('ol.step-list h4', (hs) => hs.map((h) => h.textContent?.trim() ?? ''));

/** The draft's step titles as the background has them. */
async function savedTitles(): Promise<string[]> {
  const { draft } = await env.sw.send({ type: 'drafts.get', id: DRAFT.id });
  return ((draft?.rule as typeof DRAFT | undefined)?.steps ?? []).map((s) => s.title);
}

/** The id of the focused element in the page. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('editor form', () => {
  it('edits a walkthrough by keyboard: a problem at its field and path, a step moved, undone and redone, published and shown', async () => {
    const { sw, crm } = env;
    await sw.send({ type: 'drafts.save', id: DRAFT.id, rule: DRAFT, url: `${crm.url}/accounts/17` });
    const page = await sw.openExtensionPage('editor', `?draft=${DRAFT.id}`);
    await page.waitForSelector('form.rule-form');
    expect(await page.$eval('[role="tab"][aria-selected="true"]', (t) => t.textContent)).toBe('Form');
    // The page it was made on matches its pattern, and the form says so.
    await waitFor(
      () => page.evaluate(() => document.body.textContent?.includes('✓ Matches this page')),
      'the live match',
    );

    // The name, by keyboard.
    await page.focus('#field-name');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('Account tour');

    // The first step's title emptied: the problem shows at the field, with its path.
    await page.focus('#field-steps-0-title');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await waitFor(
      () => page.evaluate(() => document.getElementById('field-steps-0-title-problems')?.textContent ?? ''),
      'the problem at the title',
    );
    expect(await page.$eval('#field-steps-0-title-problems', (p) => p.textContent)).toBe(
      'steps[0].title: must not be empty',
    );
    expect(await page.$eval('#field-steps-0-title', (i) => i.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.$eval('#field-steps-0-title', (i) => i.getAttribute('aria-describedby'))).toContain(
      'field-steps-0-title-problems',
    );
    expect(await problemsText(page)).toContain('steps[0].title: must not be empty');
    await page.keyboard.type('Open the edit dialog');
    await waitFor(async () => (await problemsText(page)).includes('No problems'), 'valid again');

    // The second step's brief, in Markdown, previewed as it is typed.
    await page.focus('#field-steps-1-brief');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('Press **Log a call** first.');
    await waitFor(
      () =>
        page.evaluate(
          () =>
            document
              .getElementById('field-steps-1-brief')
              ?.closest('.markdown-field')
              ?.querySelector('.md-preview strong')?.textContent === 'Log a call',
        ),
      'the live preview',
    );

    // Step 2 moved up with the keyboard: the focus stays on the moved step.
    await page.focus('#step-1-up');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await stepHeadings(page))[0] === 'Step 1: Log the call', 'the step moved');
    expect(await focusedId(page)).toBe('step-0-down');
    await waitFor(async () => (await savedTitles())[0] === 'Log the call', 'the move saved');

    // Undone with Ctrl+Z, redone with Ctrl+Shift+Z; each saved.
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    await waitFor(async () => (await stepHeadings(page))[0] === 'Step 1: Open the edit dialog', 'the move undone');
    await waitFor(async () => (await savedTitles())[0] === 'Open the edit dialog', 'the undo saved');
    await page.keyboard.down('Control');
    await page.keyboard.down('Shift');
    await page.keyboard.press('z');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Control');
    await waitFor(async () => (await stepHeadings(page))[0] === 'Step 1: Log the call', 'the move redone');

    // The JSON view edits the same draft.
    await (await byRole(page, 'tab', 'JSON')).click();
    const json = JSON.parse(await page.$eval('#rule-json', (a) => (a as HTMLTextAreaElement).value));
    expect(json.name).toBe('Account tour');
    expect(json.steps.map((s: { title: string }) => s.title)).toEqual(['Log the call', 'Open the edit dialog']);
    await (await byRole(page, 'tab', 'Form')).click();

    // Published with the keyboard; the page shows the edited walkthrough, in its new order.
    await waitFor(() => page.evaluate(() => document.body.textContent?.includes('Draft saved.')), 'the draft saved');
    await (await byRole(page, 'button', 'Publish')).focus();
    await page.keyboard.press('Enter');
    await waitFor(() => noticeText(page), 'the published notice');
    expect(await noticeText(page)).toBe('Published as version 1 of “written-here”.');
    const published = (await sw.send({ type: 'packs.export', packIds: ['written-here'] })).packs[0]!;
    expect(published.rules[0]).toMatchObject({ id: DRAFT.id, name: 'Account tour', status: 'published' });

    const crmPage = await sw.browser.newPage();
    if (sw.name === 'chromium') await crmPage.setViewport({ width: 1280, height: 900 });
    await crmPage.goto(`${crm.url}/accounts/17?delay=0`, { waitUntil: 'load' });
    const card = await byRole(crmPage, 'dialog', 'Log the call', 20_000);
    expect(await card.evaluate((c) => c.textContent ?? '')).toContain('Log a call first.');
    await crmPage.close();
    await page.close();
  });

  it('writes a page condition field by field: its problems at their JSON paths, kinds changed and combined, published and shown', async () => {
    const { sw, crm } = env;
    const TIP = {
      id: 'when-tip',
      name: 'Opportunities',
      kind: 'tip',
      status: 'draft',
      where: { urls: [{ pathname: '/accounts/:id' }] },
      start: 'auto',
      steps: [{ id: 'step-1', title: 'Log calls here', brief: 'Each one.', target: { selector: '#log-call' } }],
    };
    await sw.send({ type: 'drafts.save', id: TIP.id, rule: TIP, url: `${crm.url}/accounts/17` });
    const page = await sw.openExtensionPage('editor', `?draft=${TIP.id}`);
    await page.waitForSelector('form.rule-form');
    const problemAt = (id: string) =>
      page.evaluate((i) => document.getElementById(`${i}-problems`)?.textContent ?? '', id);
    const typeInto = async (id: string, text: string) => {
      await page.focus(`#${id}`);
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(text);
    };
    const savedWhen = async () =>
      ((await sw.send({ type: 'drafts.get', id: TIP.id })).draft?.rule as { where?: { when?: unknown } } | undefined)
        ?.where?.when;

    // Added by keyboard: an element that must be there, not named yet, which the checks say at its path.
    await (await byRole(page, 'button', 'Add a condition on the page')).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#field-where-when-exists-selector');
    expect(await page.$eval('#field-where-when', (s) => (s as HTMLSelectElement).value)).toBe('exists');
    await waitFor(() => problemAt('field-where-when-exists-selector'), 'the problem at the selector');
    expect(await problemAt('field-where-when-exists-selector')).toBe(
      'where.when.exists.selector: "" is not a valid CSS selector (the selector is empty)',
    );
    await typeInto('field-where-when-exists-selector', 'div >> a');
    await waitFor(
      async () =>
        (await problemsText(page)).includes('where.when.exists.selector: "div >> a" is not a valid CSS selector'),
      'the bad selector named in the list of problems',
    );
    await typeInto('field-where-when-exists-selector', '#no-such-thing');
    await waitFor(async () => (await problemsText(page)).includes('No problems'), 'valid again');

    // "Is not there", then combined with "all" and a second condition: the element it had is kept.
    await page.select('#field-where-when', 'absent');
    await waitFor(
      () => page.$eval('#field-where-when-absent-selector', (i) => (i as HTMLInputElement).value === '#no-such-thing'),
      'the element kept as it turned into "is not there"',
    );
    await page.select('#field-where-when', 'all');
    await page.waitForSelector('#field-where-when-all-0-absent-selector');
    await (await byRole(page, 'button', 'Add a condition')).click();
    await page.waitForSelector('#field-where-when-all-1-exists-selector');
    await waitFor(() => problemAt('field-where-when-all-1-exists-selector'), 'the new condition’s problem');
    await typeInto('field-where-when-all-1-exists-selector', '#new-opportunity');
    const expected = {
      all: [{ absent: { selector: '#no-such-thing' } }, { exists: { selector: '#new-opportunity' } }],
    };
    await waitFor(async () => JSON.stringify(await savedWhen()) === JSON.stringify(expected), 'the condition saved');
    await waitFor(async () => (await problemsText(page)).includes('No problems'), 'no problems');

    // The JSON view holds the same condition.
    await (await byRole(page, 'tab', 'JSON')).click();
    expect(JSON.parse(await page.$eval('#rule-json', (a) => (a as HTMLTextAreaElement).value)).where.when).toEqual(
      expected,
    );
    await (await byRole(page, 'tab', 'Form')).click();

    // Published; the account's page holds the link the condition asks for, so the tip shows there.
    await waitFor(() => page.evaluate(() => document.body.textContent?.includes('Draft saved.')), 'the draft saved');
    await (await byRole(page, 'button', 'Publish')).click();
    await waitFor(() => noticeText(page), 'the published notice');
    const crmPage = await sw.browser.newPage();
    await crmPage.goto(`${crm.url}/accounts/17?delay=0`, { waitUntil: 'load' });
    await byRole(crmPage, 'button', 'Tip: Log calls here', 20_000);
    await crmPage.close();
    await page.close();
  });
});
