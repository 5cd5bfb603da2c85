/// <reference types="chrome" />
/**
 * Recording a walkthrough in the built extension in real Chromium, on the demo CRM: Record in the
 * popup, a page load and an SPA route change while recording (the service worker stopped in
 * between), the app's own handlers still running, Esc not stopping it, Stop on the page's
 * indicator making a draft that opens in the editor; its texts edited, published, and played back
 * after a reload. And a password typed while recording is nowhere in what Stepwise keeps.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, type StepwiseBrowser, waitFor, waitInPage } from '../../browser-harness/harness';
import type { DemoCrm } from '../../demo-crm/server';
import type { Draft } from '../../messaging/messages';
import type { Rule } from '../../rules/index';
import { type DemoEnv, startDemoEnv } from './demo-env';
import { attachOverlayWorld } from './overlay-helpers';

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

/** The text of the recorder's indicator, read through its closed shadow root ('' when there is none). */
async function indicator(page: Page): Promise<string> {
  const world = await attachOverlayWorld(sw, page);
  try {
    return await world.evaluate<string>(`(() => {
      const host = document.querySelector('stepwise-recorder');
      const root = host && (globalThis.chrome?.dom?.openOrClosedShadowRoot?.(host) ?? host.openOrClosedShadowRoot);
      return root?.querySelector('[role="status"]')?.textContent ?? '';
    })()`);
  } finally {
    await world.detach();
  }
}

const indicatorSays = (page: Page, text: string) =>
  waitFor(async () => (await indicator(page)) === text, `the indicator to say “${text}”`);

/** Starts recording from the popup, as an author does. */
async function recordFromPopup(tabId: number): Promise<void> {
  const popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
  const record = await byRole(popup, 'button', 'Record');
  expect(await popup.evaluate(() => document.body.textContent)).toContain('What you type is never recorded');
  await record.click();
  await waitFor(async () => (await sw.send({ type: 'recording.status' })).recording?.tabId === tabId, 'recording');
  // The popup closes itself (so the page gets the pointer); the test brings the page to the front after.
  await sw.popupClosed(popup);
}

describe('recording a walkthrough', () => {
  it('records 3 steps across a page load and a route change, makes a draft, and plays it back once published', async () => {
    const { page, tabId } = await open('/accounts');
    await recordFromPopup(tabId);
    await page.bringToFront();
    await indicatorSays(page, 'Recording — 0 steps');
    await byRole(page, 'region', 'Stepwise recording');

    // A full page load: the recorder comes back with it, still counting.
    await page.goto(`${crm.url}/accounts/3?delay=0`, { waitUntil: 'load' });
    await indicatorSays(page, 'Recording — 0 steps');
    // Esc (an app's dialog would close on it) does not stop the recording.
    await page.keyboard.press('Escape');

    // Step 1: a link the app routes itself (an SPA route change); the app's handler still runs.
    await page.click('#new-opportunity');
    await waitInPage(page, 'the app to route', () => location.pathname === '/opportunities/new');
    await indicatorSays(page, 'Recording — 1 step');

    // The worker stops: the recording is in storage, and the next step wakes it.
    await sw.stopWorker();
    // Steps 2 and 3: two fields, typed into key by key (one step each).
    await page.type('#opp-name', 'Globex – Renewal');
    await page.type('#opp-amount', '25000');
    await page.keyboard.press('Tab');
    await indicatorSays(page, 'Recording — 3 steps');
    expect(await page.$eval('#opp-name', (i) => (i as HTMLInputElement).value)).toBe('Globex – Renewal');

    // Stop, on the page's own indicator: the draft opens in the editor.
    const editorOpened = sw.waitForPage(
      (url) => url.includes('editor.html?draft='),
      'the editor with the draft',
      await sw.browser.pages(),
    );
    await (await byRole(page, 'button', 'Stop recording')).click();
    const editor = await editorOpened;
    await waitFor(async () => (await indicator(page)) === '', 'the indicator to go');
    expect((await sw.send({ type: 'recording.status' })).recording).toBe(null);

    const draftId = decodeURIComponent(new URL(await editor.evaluate(() => location.href)).searchParams.get('draft')!);
    const { draft } = await sw.send({ type: 'drafts.get', id: draftId });
    const rule = (draft as Draft).rule as Rule;
    expect(rule.kind).toBe('walkthrough');
    expect(rule.where.urls).toEqual([{ pathname: '/accounts/:id' }, { pathname: '/opportunities/new' }]);
    expect(rule.steps.map((s) => [s.title, s.advance])).toEqual([
      ['New opportunity', { url: { pathname: '/opportunities/new' } }],
      ['Opportunity name', 'input-target'],
      ['Amount (USD)', 'input-target'],
    ]);
    // Nothing typed is kept.
    expect(JSON.stringify(draft)).not.toContain('Globex');
    expect(JSON.stringify(draft)).not.toContain('25000');

    // The author writes the texts in the editor's form and publishes.
    const texts = [
      ['Start a deal', 'Click **New opportunity** on the account.'],
      ['Name the deal', 'Account, product, quarter.'],
      ['Its value', 'Total contract value, digits only.'],
    ];
    await editor.bringToFront();
    await editor.waitForSelector('form.rule-form');
    for (const [i, [title, brief]] of texts.entries()) {
      for (const [field, words] of [
        [`#field-steps-${i}-title`, title!],
        [`#field-steps-${i}-brief`, brief!],
      ] as const) {
        await editor.focus(field);
        await editor.keyboard.down('Control');
        await editor.keyboard.press('a');
        await editor.keyboard.up('Control');
        await editor.keyboard.type(words);
      }
    }
    await waitFor(
      () => editor.evaluate(() => document.body.textContent?.includes('No problems: ready to publish.')),
      'the edited rule to be valid',
    );
    await (await byRole(editor, 'button', 'Publish')).click();
    await waitFor(() => editor.evaluate(() => document.body.textContent?.includes('Published as version')), 'publish');
    await editor.close();

    // Played back: reload the account, and the walkthrough leads through what was recorded.
    await page.bringToFront();
    await page.goto(`${crm.url}/accounts/3?delay=0`, { waitUntil: 'load' });
    await byRole(page, 'dialog', 'Start a deal', 20_000);
    await page.click('#new-opportunity');
    await byRole(page, 'dialog', 'Name the deal', 20_000);
    await page.type('#opp-name', 'Initech – New – Q1');
    await page.keyboard.press('Tab');
    await byRole(page, 'dialog', 'Its value', 20_000);
    await page.type('#opp-amount', '1200');
    await page.keyboard.press('Tab');
    await waitFor(async () => {
      const { progress } = await sw.send({ type: 'overlay.hello', url: `${crm.url}/accounts/3` });
      return progress[rule.id]?.status === 'completed';
    }, 'the walkthrough to be completed');
    await page.close();
  });

  it('records a field inside a same-origin frame, with the frame in its target', async () => {
    const { page, tabId } = await open('/opportunities/new?account=2');
    const frame = (await waitFor(
      () => page.frames().find((f) => f.url().includes('notes-frame')) ?? null,
      'the frame',
    ))!;
    await frame.waitForSelector('#notes');
    await recordFromPopup(tabId);
    await page.bringToFront();
    await indicatorSays(page, 'Recording — 0 steps');
    await page.click('iframe');
    await frame.type('#notes', 'Call back on Monday');
    await indicatorSays(page, 'Recording — 1 step');
    const { draftId } = await sw.send({ type: 'recording.stop', tabId });
    const rule = ((await sw.send({ type: 'drafts.get', id: draftId! })).draft as Draft).rule as Rule;
    expect(rule.steps).toHaveLength(1);
    expect(rule.steps[0]).toMatchObject({ title: 'Internal notes', advance: 'input-target' });
    expect(rule.steps[0]!.target?.frame).toBeTruthy();
    expect(JSON.stringify(rule)).not.toContain('Monday');
    for (const p of await sw.browser.pages()) if (p.url().includes('editor.html')) await p.close();
    await page.close();
  });

  it('keeps no password: a password field is a step that says it was filled, and its value is nowhere', async () => {
    const { page, tabId } = await open('/accounts/5?delay=0');
    // A sign-in form in the page, with an app attribute that mirrors what is typed.
    await page.evaluate(() => {
      const label = document.createElement('label');
      label.textContent = 'Password ';
      const input = document.createElement('input');
      input.type = 'password';
      input.name = 'password';
      input.addEventListener('input', () => input.setAttribute('data-typed', input.value));
      label.append(input);
      document.querySelector('main')!.prepend(label);
    });
    await recordFromPopup(tabId);
    await page.bringToFront();
    await indicatorSays(page, 'Recording — 0 steps');
    await page.type('input[name="password"]', 'hunter2-correct-horse');
    await indicatorSays(page, 'Recording — 1 step');
    const worker = await sw.worker();
    const kept = await worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
    expect(kept).toContain('"secret":true');
    expect(kept).not.toContain('hunter2');

    // Stopped from the popup this time.
    const popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    const editorOpened = sw.waitForPage(
      (url) => url.includes('editor.html?draft='),
      'the editor with the draft',
      await sw.browser.pages(),
    );
    await (await byRole(popup, 'button', 'Stop recording')).click();
    await waitFor(
      () => popup.evaluate(() => document.body.textContent?.includes('Saved a draft walkthrough of 1 step')),
      'the popup to say the draft was saved',
    );
    const editor = await editorOpened;
    const draftId = decodeURIComponent(new URL(await editor.evaluate(() => location.href)).searchParams.get('draft')!);
    const { draft } = await sw.send({ type: 'drafts.get', id: draftId });
    const rule = (draft as Draft).rule as Rule;
    expect(rule.steps[0]).toMatchObject({
      title: 'Password',
      brief: 'Enter your **Password**.',
      advance: 'input-target',
    });
    expect(JSON.stringify(draft)).not.toContain('hunter2');
    expect(JSON.stringify(await worker.evaluate(async () => chrome.storage.session.get(null)))).not.toContain(
      'hunter2',
    );
    await editor.close();
    await popup.close();
    // The popup lists it among the site's drafts, to edit in the editor (a walkthrough has steps).
    const again = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    const link = await byRole(again, 'link', 'Edit walkthrough in the editor: Recorded walkthrough from /accounts/5');
    expect(await link.evaluate((a) => (a as HTMLAnchorElement).href)).toContain(`editor.html?draft=${draftId}`);
    await again.close();
    await page.close();
  });
});
