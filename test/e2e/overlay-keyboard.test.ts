/// <reference types="chrome" />
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../browser-harness/harness';
import { card, dialogCount, type OverlayEnv, openPage, savedState, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
});
afterAll(() => env?.close());

/** Alt+Shift+H: between the card and the page. */
async function shortcut(page: Page) {
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.press('KeyH');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
}

describe('keyboard', () => {
  it('runs a walkthrough with the keyboard only, never taking focus from a field being typed in', async () => {
    const { page, world } = await openPage(env, '/accounts/7?delay=300');
    await card(page, 'Start a new opportunity');
    // Nothing had focus on the page: the card takes it, and Tab reaches its buttons.
    await waitFor(async () => (await world.overlayFocus()) === 'dialog', 'the card to take focus');
    await page.keyboard.press('Tab');
    expect(await world.overlayFocus()).toBe('×');

    // Alt+Shift+H goes to the step's target; Enter follows the link to the next route.
    await shortcut(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-opportunity');
    await page.keyboard.press('Enter');
    await card(page, 'Enter the amount');
    expect(await world.overlayText('[role="status"]')).toBe('Step 2 of 4: Enter the amount');

    // The card took focus again (the link it was on is gone); the shortcut goes to the field.
    await waitFor(async () => (await world.overlayFocus()) === 'dialog', 'the card to take focus');
    await shortcut(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('opp-amount');
    // Type, and Tab on: the step advances, and focus stays in the form.
    await page.keyboard.type('9000');
    await page.keyboard.press('Tab');
    await card(page, 'Billing postal code');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('opp-close');
    expect(await world.overlayFocus()).toBe('');
    await waitFor(
      async () => (await world.overlayText('[role="status"]')) === 'Step 3 of 4: Billing postal code',
      'the step change to be announced',
    );

    // Back into the card; the arrow keys move between steps; Escape closes it.
    await shortcut(page);
    expect(await world.overlayFocus()).toBe('dialog');
    await page.keyboard.press('ArrowRight');
    await card(page, 'Notes for the team');
    await page.keyboard.press('ArrowLeft');
    await card(page, 'Billing postal code');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await dialogCount(page)) === 0, 'Escape to close the card');
    await waitFor(
      async () => (await savedState(env)).progress['new-opportunity']?.status === 'dismissed',
      'the walkthrough to be saved as closed',
    );
    await page.close();
  });
});
