/// <reference types="chrome" />
/**
 * Living with the app's own modal dialog: the demo CRM's "Edit account" behaves as Radix, Headless
 * UI or MUI dialogs do (portal at the end of <body>, closes on Escape and on a pointerdown outside
 * it, traps focus, `pointer-events: none` on the rest of the page).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoundingBox, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlayWorld } from '../../browser-harness/harness';
import { byRole, waitFor } from '../../browser-harness/harness';
import { card, OVERLAY_ROOT, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

const MODAL_PACK = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/packs/crm-modal.json'), 'utf8'));

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv(MODAL_PACK);
});
afterAll(() => env?.close());

/** The account page with the walkthrough at `step` (or closed for good), the dialog not open yet. */
async function accountPage(step: number | 'dismissed'): Promise<{ page: Page; world: OverlayWorld }> {
  await env.sw.send({
    type: 'progress.update',
    ruleId: 'edit-account',
    stepIndex: step === 'dismissed' ? 0 : step,
    status: step === 'dismissed' ? 'dismissed' : 'active',
  });
  const opened = await openPage(env, '/accounts/7?delay=50');
  await opened.page.waitForSelector('#edit-account');
  return opened;
}

/** Why the app's dialog closed, each time it did. */
const closings = (page: Page) => page.evaluate(() => (window as unknown as { acmeDialogLog: string[] }).acmeDialogLog);
const dialogOpen = async (page: Page) => Boolean(await page.$('#edit-dialog'));

/** Alt+Shift+H. */
async function shortcut(page: Page) {
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.press('KeyH');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
}

/** In the isolated world: the role, or the text, of what has focus inside the overlay ('' when nothing). */
const focusedInOverlay = `(() => {
  const root = ${OVERLAY_ROOT};
  const el = root?.activeElement;
  return el ? el.getAttribute('role') || el.textContent.trim() : '';
})()`;

/** Boxes of everything Stepwise shows (cards, beacons, hints). */
const overlayBoxes = `(() => {
  const root = ${OVERLAY_ROOT};
  return [...(root?.querySelectorAll('.card, .beacon, .hint') ?? [])].map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, what: el.className };
  });
})()`;

const overlaps = (a: BoundingBox, b: BoundingBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What the page finds at the centre of `box`. */
const topAt = (page: Page, box: BoundingBox) =>
  page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.localName, {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });

describe("the app's modal dialog", () => {
  it('stays open while the card inside it is used: Next, Back, Yes, More detail', async () => {
    const { page } = await accountPage(0);
    await card(page, 'Edit the account');
    await page.click('#edit-account');
    const step = await card(page, 'Check the phone number');
    expect(await dialogOpen(page)).toBe(true);
    // On top of the dialog, and it takes the clicks.
    expect(await topAt(page, (await step.boundingBox())!)).toBe('stepwise-overlay');

    // A newcomer sees the detail: Less, then More.
    await (await byRole(page, 'button', 'Less detail')).click();
    await (await byRole(page, 'button', 'More detail')).click();
    await byRole(page, 'button', 'Less detail');
    await (await byRole(page, 'button', 'Yes')).click();
    await waitFor(async () => !(await page.$('::-p-aria([name="Yes"][role="button"])')), 'the vote to be taken');
    await (await byRole(page, 'button', 'Next')).click();
    await card(page, 'Pick the owner');
    await (await byRole(page, 'button', 'Back')).click();
    await card(page, 'Check the phone number');

    expect(await closings(page)).toEqual([]);
    expect(await dialogOpen(page)).toBe(true);
    // The dialog's own controls still work.
    await page.type('#edit-city', ' North');
    await page.click('#save-account');
    await waitFor(async () => !(await dialogOpen(page)), 'the dialog to save and close');
    expect(await closings(page)).toEqual(['closed: Save']);
    await page.close();
  });

  it('lets Alt+Shift+H reach the card through its focus trap, and go back into it', async () => {
    const { page, world } = await accountPage(0);
    await card(page, 'Edit the account');
    await page.click('#edit-account');
    await card(page, 'Check the phone number');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-phone');

    await shortcut(page);
    expect(await world.evaluate<string>(focusedInOverlay)).toBe('dialog');
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('stepwise-overlay');
    // Tab moves inside the card, not back into the dialog.
    await page.keyboard.press('Tab');
    expect(await world.evaluate<string>(focusedInOverlay)).toBe('×');
    await page.keyboard.press('ArrowRight');
    await card(page, 'Pick the owner');

    // Back into the dialog, at the step's field.
    await shortcut(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-owner');
    expect(await world.evaluate<string>(focusedInOverlay)).toBe('');

    // Escape in the card closes the card only, and focus goes back into the dialog.
    await shortcut(page);
    expect(await world.evaluate<string>(focusedInOverlay)).toBe('dialog');
    await page.keyboard.press('Escape');
    await waitFor(
      async () => !(await page.$('::-p-aria([name="Pick the owner"][role="dialog"])')),
      'Escape to close the card',
    );
    expect(await dialogOpen(page)).toBe(true);
    expect(await closings(page)).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.closest('#edit-dialog') !== null)).toBe(true);
    await page.close();
  });

  it('sends help for the page behind it out of the way, and keeps help inside it on top and clickable', async () => {
    const { page, world } = await accountPage('dismissed');
    const outside = await byRole(page, 'button', 'Tip: About recent activity');
    await outside.click();
    await card(page, 'About recent activity');

    await page.click('#edit-account');
    await page.waitForSelector('#edit-dialog');
    // No card or beacon for the page behind the dialog.
    await waitFor(
      async () => !(await page.$('::-p-aria([name="Tip: About recent activity"][role="button"])')),
      'the beacon outside the dialog to step back',
    );
    expect(await page.$('::-p-aria([name="About recent activity"][role="dialog"])')).toBeNull();

    // Help for the dialog's own content is there, on top, clickable.
    const inside = await byRole(page, 'button', 'Tip: Who may edit an account');
    expect(await topAt(page, (await inside.boundingBox())!)).toBe('stepwise-overlay');
    await inside.click();
    const tip = await card(page, 'Who may edit an account');
    expect(await topAt(page, (await tip.boundingBox())!)).toBe('stepwise-overlay');
    // Nothing of Stepwise covers the dialog's close button.
    const close = (await (await page.$('#edit-close'))!.boundingBox())!;
    const boxes = await world.evaluate<(BoundingBox & { what: string })[]>(overlayBoxes);
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    expect(boxes.filter((box) => overlaps(box, close))).toEqual([]);
    await (await byRole(page, 'button', 'Got it')).click();
    expect(await dialogOpen(page)).toBe(true);

    // Closed, the page's help comes back.
    await page.click('#edit-close');
    await byRole(page, 'button', 'Tip: About recent activity');
    expect(await closings(page)).toEqual(['closed: Close']);
    await page.close();
  });
});
