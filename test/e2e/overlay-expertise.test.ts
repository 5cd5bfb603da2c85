/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, clickRole, queryRole, waitFor } from '../../browser-harness/harness';
import {
  addControlTip,
  card,
  dialogCount,
  FIXTURE_PACK,
  type OverlayEnv,
  openPage,
  savedState,
  startOverlayEnv,
} from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
  // Proficient after two completions (the setting on the options page).
  await env.sw.send({ type: 'settings.update', settings: { expertAfter: 2 } });
});
afterAll(() => env?.close());

/** Walks the fixture walkthrough to its end on a fresh page. */
async function walkThrough() {
  const { page } = await openPage(env, '/accounts/7?delay=50');
  const start = await page.waitForSelector('#new-opportunity');
  await card(page, 'Start a new opportunity');
  const detailShown = Boolean(await queryRole(page, 'button', 'Less detail'));
  await start!.click();
  await card(page, 'Enter the amount');
  await page.type('#opp-amount', '10');
  await page.keyboard.press('Tab');
  await card(page, 'Billing postal code');
  await clickRole(page, 'button', 'Next');
  await clickRole(page, 'button', 'Done');
  await waitFor(async () => (await dialogCount(page)) === 0, 'the walkthrough to end');
  await page.close();
  return detailShown;
}

describe('chunking by expertise', () => {
  it('shows the detail to a newcomer, and stops starting by itself once mastered', async () => {
    expect(await walkThrough()).toBe(true);
    // Finished: it does not start by itself again on a full reload. A tip on the walkthrough's first
    // target proves the overlay has seen that target (it would have started the walkthrough then).
    await waitFor(async () => (await savedState(env)).progress['new-opportunity']?.status === 'completed', 'the end');
    const controlShown = await addControlTip(env, '/accounts/:id', '#new-opportunity');
    const reloaded = await openPage(env, '/accounts/7?delay=50');
    await controlShown(reloaded.page);
    expect(await dialogCount(reloaded.page)).toBe(0);
    await reloaded.page.close();
    // Started again by hand (the progress a start from the catalog leaves): completed once, fewer
    // than expertAfter, so the detail still shows.
    await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
    expect(await walkThrough()).toBe(true);
    await waitFor(async () => (await savedState(env)).completions['new-opportunity'] === 2, 'two completions');

    // Mastered: the page shows no walkthrough by itself any more, even once a new version of the
    // pack leaves the last completion out.
    await env.sw.importPack({ ...FIXTURE_PACK, version: 2 });
    const { page } = await openPage(env, '/accounts/7?delay=50');
    await controlShown(page);
    expect(await dialogCount(page)).toBe(0);
    await page.close();
  });

  it('resumes a walkthrough in progress for an expert, in the brief form behind "More detail"', async () => {
    // An expert: two completions (the test above leaves them; made sure of here, so this one stands alone).
    while (((await savedState(env)).completions['new-opportunity'] ?? 0) < 2) {
      await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
      await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 3, status: 'completed' });
    }
    await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
    const { page } = await openPage(env, '/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    const more = await byRole(page, 'button', 'More detail');
    expect(await more.evaluate((b) => b.getAttribute('aria-expanded'))).toBe('false');
    await more.click();
    await byRole(page, 'button', 'Less detail');
    // "I know this" ends it for good: the walkthrough is closed and does not come back.
    await (await byRole(page, 'button', 'I know this')).click();
    await waitFor(async () => (await dialogCount(page)) === 0, 'the card to close');
    await waitFor(async () => (await savedState(env)).known.includes('new-opportunity'), '"I know this" to be saved');
    await page.close();
  });
});
