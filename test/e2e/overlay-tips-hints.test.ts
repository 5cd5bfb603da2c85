/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, queryRole, waitFor, waitInPage } from '../../browser-harness/harness';
import {
  addControlTip,
  card,
  dialogCount,
  type OverlayEnv,
  openPage,
  savedState,
  startOverlayEnv,
} from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
  // These tests are about hints and tips: keep the walkthrough from starting by itself.
  await env.sw.send({ type: 'rule.known', ruleId: 'new-opportunity', known: true });
});
afterAll(() => env?.close());

describe('field hints', () => {
  it('shows the hint on focus and a pass/fail mark on blur, without blocking the form', async () => {
    const { page, world } = await openPage(env, '/opportunities/new');
    await page.focus('#opp-name');
    await byRole(page, 'tooltip', 'Name it Account – Product, e.g. Globex – Renewal.');
    await page.keyboard.type('Globex renewal');
    await page.keyboard.press('Tab');
    const fail = '✗ Use “Account – Product”, e.g. Globex – Renewal.';
    await byRole(page, 'tooltip', fail);
    expect(await world.overlayClass('.hint')).toContain('bad');
    expect(await world.overlayText('[role="status"]')).toBe('Use “Account – Product”, e.g. Globex – Renewal.');

    // Fixing the value turns the mark into a pass as the user types.
    await page.click('#opp-name', { clickCount: 3 });
    await page.keyboard.type('Globex – Renewal');
    await byRole(page, 'tooltip', '✓ Looks right Name it Account – Product, e.g. Globex – Renewal.');
    // …and counts the outcome: the hint shown on an invalid value, the field valid afterwards.
    await waitFor(async () => {
      await env.sw.send({ type: 'debug.store', action: 'flush' });
      const { counters } = await env.sw.send({ type: 'usage.export' });
      return counters.some(
        (c) =>
          c.ruleId === 'opportunity-name-hint' && c.event === 'hint-corrected' && c.stepId === '0' && c.count === 1,
      );
    }, 'the corrected value to be counted as hint-corrected');

    // A failing value does not stop the app's own submit.
    await page.$eval('#opp-name', (el) => {
      (el as HTMLInputElement).value = 'Globex renewal';
    });
    await page.type('#opp-amount', '700');
    await page.$eval('#opp-close', (el) => {
      (el as HTMLInputElement).value = '2027-01-15';
    });
    await page.click('#save-opportunity');
    await waitInPage(page, 'the app to show the saved opportunity', () =>
      location.pathname.startsWith('/opportunities/1'),
    );
    await page.close();
  });
});

describe('tips', () => {
  it('opens a tip from its beacon, and "Don\'t show again" keeps it closed after a reload', async () => {
    const { page } = await openPage(env, '/accounts');
    const beacon = await byRole(page, 'button', 'Tip: Search by owner or city');
    expect(await beacon.evaluate((b) => b.getAttribute('aria-expanded'))).toBe('false');
    await beacon.click();
    await card(page, 'Search by owner or city');
    // The search box still works with the tip open.
    await page.type('#account-search', 'Lee Chen');
    await waitInPage(
      page,
      'the search to filter the accounts',
      () => !document.getElementById('account-count')?.textContent?.startsWith('2000'),
    );
    await (await byRole(page, 'button', "Don't show again")).click();
    await waitFor(async () => (await dialogCount(page)) === 0, 'the tip to close');
    expect(await queryRole(page, 'button', 'Tip: Search by owner or city')).toBeNull();
    await waitFor(
      async () => (await savedState(env, '/accounts')).dismissedTips.includes('search-tip'),
      'the dismissal to be saved',
    );
    // After a reload, a control tip on the same field proves the overlay has looked at it.
    const controlShown = await addControlTip(env, '/accounts', '#account-search');
    await page.reload({ waitUntil: 'load' });
    await controlShown(page);
    expect(await queryRole(page, 'button', 'Tip: Search by owner or city')).toBeNull();
    await page.close();
  });
});
