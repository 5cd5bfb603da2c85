/// <reference types="chrome" />
/**
 * Testing a draft in place, in the built extension in real Chromium on the demo CRM: started from
 * the editor page, the draft runs on the tab's page with a marker that says so, by the same
 * engine and UI as published help; nothing it does is counted or remembered (a published tip on
 * the same page is counted meanwhile), and the marker's "Stop testing" takes it away. With no tab
 * on one of its pages, the editor opens one; an edit in the editor reaches the page by itself, at
 * the same step of the walkthrough.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, queryRole, waitFor } from '../../browser-harness/harness';
import { type DemoEnv, startDemoEnv } from './demo-env';

let env: DemoEnv;

const CONTROL = {
  format: 2,
  id: 'published-help',
  name: 'Published help',
  version: 1,
  rules: [
    {
      id: 'call-tip',
      name: 'Calls',
      kind: 'tip',
      status: 'published',
      where: { urls: [{ pathname: '/accounts/:id' }] },
      start: 'auto',
      steps: [{ id: 'step-1', title: 'Calls count', brief: 'Log each one.', target: { selector: '#log-call' } }],
    },
  ],
  checklists: [],
};

const DRAFT = {
  id: 'edit-tour',
  name: 'Editing an account',
  kind: 'walkthrough',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'auto',
  steps: [
    { id: 'open', title: 'Open the editor', brief: 'Press **Edit account**.', target: { selector: '#edit-account' } },
    { id: 'done', title: 'That is all', brief: 'Save when done.' },
  ],
};

beforeAll(async () => {
  env = await startDemoEnv();
  const reply = await env.sw.importPack(CONTROL);
  if (reply.imported !== 1) throw new Error(`The pack did not import: ${JSON.stringify(reply.problems)}`);
});

afterAll(async () => {
  await env?.close();
});

/** The usage counters of `ruleId`, written to the database first. */
async function countersOf(ruleId: string) {
  const { counters } = await env.sw.send({ type: 'usage.export' });
  return counters.filter((c) => c.ruleId === ruleId);
}

const marker = (page: Page) => queryRole(page, 'region', 'Stepwise: testing a draft');

describe('test in place', () => {
  it('runs a draft on the page from the editor, with a marker, counts nothing, and stops', async () => {
    const { sw, crm, open } = env;
    const { page, tabId } = await open('/accounts/17?delay=0');
    await byRole(page, 'button', 'Tip: Calls count', 20_000);
    await sw.send({ type: 'drafts.save', id: DRAFT.id, rule: DRAFT, url: `${crm.url}/accounts/17` });

    const editor = await sw.openExtensionPage('editor', `?draft=${DRAFT.id}`);
    // The tab showing one of its pages is offered first.
    const select = await editor.waitForSelector(`#test-${DRAFT.id}-tab`);
    await waitFor(
      () =>
        select!.evaluate((s) =>
          (s as HTMLSelectElement).selectedOptions[0]?.textContent?.includes('(one of its pages)'),
        ),
      'the matching tab chosen',
    );
    expect(await select!.evaluate((s) => Number((s as HTMLSelectElement).value))).toBe(tabId);
    await (await byRole(editor, 'button', 'Test in this tab')).click();
    await waitFor(
      () => editor.evaluate(() => document.body.textContent?.includes('Testing on the page')),
      'the editor saying it tests',
    );

    // The page was loaded again: the draft's walkthrough starts by the same UI, with the marker.
    await page.bringToFront();
    const card = await byRole(page, 'dialog', 'Open the editor', 20_000);
    expect(await card.evaluate((c) => c.textContent ?? '')).toContain('Edit account');
    expect(await (await byRole(page, 'region', 'Stepwise: testing a draft')).evaluate((m) => m.textContent)).toContain(
      '“Editing an account”. Nothing is counted.',
    );
    // A step on, then the published tip opened: that one is counted, the draft's never.
    await (await byRole(page, 'button', 'Next')).click();
    await byRole(page, 'dialog', 'That is all');
    await (await byRole(page, 'button', 'Tip: Calls count')).click();
    await waitFor(async () => (await countersOf('call-tip')).some((c) => c.event === 'shown'), 'the tip counted');
    expect(await countersOf(DRAFT.id)).toEqual([]);
    // Its progress is the test's, not the person's.
    const hello = await sw.send({ type: 'overlay.hello', url: `${crm.url}/accounts/17` });
    expect(hello.progress[DRAFT.id]).toBeUndefined();
    expect(hello.rules.map((r) => r.id)).toEqual(['call-tip']);
    expect((await sw.send({ type: 'drafts.testing', tabId })).test).toMatchObject({ draftId: DRAFT.id });

    // Stopped from the page: loaded again without the draft.
    await (await byRole(page, 'button', 'Stop testing')).click();
    await waitFor(async () => (await sw.send({ type: 'drafts.testing', tabId })).test === null, 'the test over');
    await byRole(page, 'button', 'Tip: Calls count', 20_000);
    await waitFor(async () => !(await marker(page)), 'the marker gone');
    expect(await queryRole(page, 'dialog', 'Open the editor')).toBeFalsy();
    expect(await countersOf(DRAFT.id)).toEqual([]);
    // The draft is still a draft, unpublished.
    expect((await sw.send({ type: 'drafts.get', id: DRAFT.id })).draft).not.toBeNull();
    await editor.close();
    await page.close();
  });

  it('lists the page’s rules in the popup (drafts, yours, published), each opening in the editor, and tests a draft from there', async () => {
    const { sw, crm, open } = env;
    const { page, tabId } = await open('/accounts/17?delay=0');
    const tip = (id: string, title: string) => ({
      ...CONTROL.rules[0],
      id,
      name: title,
      status: 'draft',
      steps: [{ id: 'step-1', title, brief: 'Words.', target: { selector: '#edit-account' } }],
    });
    // One written here and published, one draft tip; the walkthrough draft of the first test is still there.
    await sw.send({ type: 'drafts.save', id: 'mine', rule: tip('mine', 'Mine'), url: `${crm.url}/accounts/3` });
    expect(await sw.send({ type: 'drafts.publish', id: 'mine' })).toMatchObject({ published: true });
    await sw.send({ type: 'drafts.save', id: 'tip-draft', rule: tip('tip-draft', 'Tip draft'), url: page.url() });

    const popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    const list = (label: string) =>
      popup.evaluate((l) => document.querySelector(`ul[aria-label="${l}"]`)?.textContent ?? '', label);
    await waitFor(async () => (await list('Published')).includes('Calls'), 'the published rule listed');
    expect(await list('Published')).toContain('in “Published help”');
    expect(await list('Yours (written here)')).toContain('Mine');
    expect(await list('Drafts')).toContain('Tip draft');
    await byRole(popup, 'link', 'Edit walkthrough in the editor: Editing an account');
    const href = await (await byRole(popup, 'link', 'Calls')).evaluate((a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(`${sw.origin}editor.html?pack=published-help&rule=call-tip`);
    // The link opens the editor on that rule, as a draft of it.
    const editor = await sw.openExtensionPage('editor', '?pack=published-help&rule=call-tip');
    await waitFor(
      () => editor.evaluate(() => document.getElementById('draft-heading')?.textContent === 'Draft: Calls'),
      'the rule open in the editor',
    );
    await editor.close();

    // Tested from the popup's quick editor: the page shows the draft and the marker; stopped from the popup.
    await (await byRole(popup, 'button', 'Edit draft: Tip draft')).click();
    await (await byRole(popup, 'button', 'Test on this page')).click();
    await waitFor(() => popup.evaluate(() => document.body.textContent?.includes('Testing on the page')), 'testing');
    await page.bringToFront();
    await byRole(page, 'button', 'Tip: Tip draft', 20_000);
    expect(await (await byRole(page, 'region', 'Stepwise: testing a draft')).evaluate((m) => m.textContent)).toContain(
      '“Tip draft”',
    );
    await popup.bringToFront();
    await (await byRole(popup, 'button', 'Stop testing')).click();
    await waitFor(async () => (await sw.send({ type: 'drafts.testing', tabId })).test === null, 'the test over');
    await page.bringToFront();
    await byRole(page, 'button', 'Tip: Calls count', 20_000);
    expect(await queryRole(page, 'button', 'Tip: Tip draft')).toBeFalsy();
    expect(await countersOf('tip-draft')).toEqual([]);
    await popup.close();
    await page.close();
  });
  it('opens the draft’s page in a new tab when no tab shows one of its pages, tests there, and follows an edit at the same step', async () => {
    const { sw, crm } = env;
    const url = `${crm.url}/accounts/17?delay=0`;
    await sw.send({ type: 'drafts.save', id: DRAFT.id, rule: DRAFT, url });
    const editor = await sw.openExtensionPage('editor', `?draft=${DRAFT.id}`);
    await waitFor(
      () => editor.evaluate(() => document.body.textContent?.includes('No tab shows one of its pages')),
      'the editor saying no tab shows its pages',
    );
    await (await byRole(editor, 'button', 'Open its page and test there')).click();
    await waitFor(
      () => editor.evaluate(() => document.body.textContent?.includes('Testing on the page')),
      'the editor saying it tests',
    );
    const page = await sw.waitForPage((u) => u === url, 'the draft’s page in a new tab');
    const tabId = await sw.tabIdOf(page);
    expect((await sw.send({ type: 'drafts.testing', tabId })).test).toMatchObject({ draftId: DRAFT.id });
    // The new tab is now the editor's choice, and the draft runs there with the marker.
    expect(await editor.$eval(`#test-${DRAFT.id}-tab`, (s) => Number((s as HTMLSelectElement).value))).toBe(tabId);
    await page.bringToFront();
    await byRole(page, 'dialog', 'Open the editor', 20_000);
    await byRole(page, 'region', 'Stepwise: testing a draft');

    // On to the second step on the page; then its title changed in the editor: the page follows by
    // itself, and the walkthrough is still at the second step, with the new title.
    await (await byRole(page, 'button', 'Next')).click();
    await byRole(page, 'dialog', 'That is all');
    await editor.bringToFront();
    expect(await editor.evaluate(() => document.body.textContent?.includes('The page follows your edits'))).toBe(true);
    await editor.focus('#field-steps-1-title');
    await editor.keyboard.down('Control');
    await editor.keyboard.press('a');
    await editor.keyboard.up('Control');
    await editor.keyboard.type('All done');
    await page.bringToFront();
    await byRole(page, 'dialog', 'All done', 20_000);
    expect(await queryRole(page, 'dialog', 'Open the editor')).toBeFalsy();
    expect(await queryRole(page, 'dialog', 'That is all')).toBeFalsy();
    await byRole(page, 'region', 'Stepwise: testing a draft');

    // Stopped; the page is closed only once it has loaded again without the draft (closing a tab
    // while it loads can leave Puppeteer waiting for good for the tab to close).
    await sw.send({ type: 'drafts.stopTest', tabId });
    await waitFor(
      async () => !(await marker(page)) && (await page.evaluate(() => document.readyState)) === 'complete',
      'the page loaded again without the marker',
    );
    await byRole(page, 'button', 'Tip: Calls count', 20_000);
    await editor.close();
    await page.close();
  });
});
