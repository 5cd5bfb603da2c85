/**
 * Picking an element from the editor's form, in the built extension on the demo CRM: "Pick on the
 * page" beside a step's element starts the picker in the app's tab and brings it to the front; the
 * pick fills the step's target (saved in the draft) and the editor comes back to the front with
 * the candidates in words, where another one can be taken instead.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../browser-harness/harness';
import type { PickRecord } from '../../messaging/areas/picker';
import type { Target } from '../../rules/index';
import { type DemoEnv, startDemoEnv } from './demo-env';

let env: DemoEnv;

beforeAll(async () => {
  env = await startDemoEnv();
});

afterAll(async () => {
  await env?.close();
});

const DRAFT = {
  id: 'call-tour',
  name: 'Calls',
  kind: 'walkthrough',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'manual',
  steps: [{ id: 'step-1', title: 'Log the call', brief: 'Press it.', target: { selector: '#not-written-yet' } }],
};

const selectorField = '#field-steps-0-target-selector';
const selectorValue = (editor: Page) => editor.$eval(selectorField, (i) => (i as HTMLInputElement).value);
const visible = (page: Page) => page.evaluate(() => document.visibilityState === 'visible');

/** The draft's first step's target, as the background has it. */
async function savedTarget(): Promise<Target | undefined> {
  const { draft } = await env.sw.send({ type: 'drafts.get', id: DRAFT.id });
  return (draft?.rule as { steps: { target?: Target }[] } | undefined)?.steps[0]?.target;
}

describe('picking from the editor', () => {
  it('fills a step’s element from a pick on the page, and takes another candidate on request', async () => {
    const { sw, crm, open } = env;
    const { page, tabId } = await open('/accounts/17?delay=0');
    await page.waitForSelector('#log-call');
    await sw.send({ type: 'drafts.save', id: DRAFT.id, rule: DRAFT, url: `${crm.url}/accounts/17` });
    const editor = await sw.openExtensionPage('editor', `?draft=${DRAFT.id}`);
    await editor.waitForSelector(selectorField);

    // The button of the step's own element, by keyboard; the app's one tab is named beside it.
    const button = (await editor.evaluateHandle(
      (sel) => document.querySelector(sel)?.closest('fieldset')?.querySelector('.pick-target button.secondary'),
      selectorField,
    )) as ElementHandle<HTMLButtonElement>;
    expect(await button.evaluate((b) => b.textContent)).toBe('Pick on the page');
    await waitFor(
      () => editor.evaluate(() => document.querySelector('.pick-target')?.textContent?.includes('Acme CRM')),
      'the app’s tab named beside the button',
    );
    await button.focus();
    await editor.keyboard.press('Enter');
    await waitFor(async () => (await sw.send({ type: 'picker.last', tabId })).pick?.status === 'picking', 'picking');
    // The editor brought the app's tab to the front for the author to point.
    await waitFor(() => visible(page), 'the app’s tab in front');

    const { x, y } = await page.evaluate(() => {
      const el = document.querySelector('#log-call')!;
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(x, y, { steps: 3 });
    await page.mouse.down();
    await page.mouse.up();
    const record = (await waitFor(async () => {
      const { pick } = await sw.send({ type: 'picker.last', tabId });
      return pick?.status === 'picked' ? pick : null;
    }, 'the pick')) as PickRecord;
    const chosen = record.pick!.target;

    // Back in the editor: the step's element is the pick's target, saved in the draft.
    await waitFor(() => visible(editor), 'the editor back in front');
    await waitFor(async () => (await selectorValue(editor)) === chosen.selector, 'the selector filled in');
    await waitFor(
      async () => JSON.stringify(await savedTarget()) === JSON.stringify(chosen),
      'the picked target saved in the draft',
    );
    const text = await editor.evaluate(() => document.body.textContent ?? '');
    expect(text).toContain('Picked the button “Log a call”');

    // Another candidate instead, from the list in words.
    const other = record.pick!.candidates.find((c) => c.unique && c.target.selector !== chosen.selector);
    expect(other, 'a second candidate that finds the button alone').toBeTruthy();
    const use = (await editor.evaluateHandle((selector) => {
      const item = [...document.querySelectorAll('.pick-target li')].find(
        (li) => li.querySelector('code')?.textContent === selector,
      );
      return item?.querySelector('button');
    }, other!.target.selector)) as ElementHandle<HTMLButtonElement>;
    await use.click();
    await waitFor(async () => (await selectorValue(editor)) === other!.target.selector, 'the other candidate taken');
    await waitFor(
      async () => JSON.stringify(await savedTarget()) === JSON.stringify(other!.target),
      'the other candidate saved',
    );
    await editor.close();
    await page.close();
  });
});
