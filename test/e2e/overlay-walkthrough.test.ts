/// <reference types="chrome" />
import type { BoundingBox } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, queryRole, waitFor, waitInPage } from '../../browser-harness/harness';
import {
  anchoredTo,
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
});
afterAll(() => env?.close());

describe('walkthroughs', () => {
  it('walks four steps across two routes: a late target, a field in a shadow root, a field in an iframe', async () => {
    const { page, world } = await openPage(env, '/accounts/7?delay=3000');
    // The first target renders late: the step waits for it rather than showing unanchored.
    expect(await dialogCount(page)).toBe(0);
    const start = await page.waitForSelector('#new-opportunity');
    expect(await anchoredTo(page, 'Start a new opportunity', start!)).toBeGreaterThan(0);
    expect(await world.overlayText('.progress')).toBe('Step 1 of 4');
    expect(await world.overlayCount('.spotlight')).toBe(1);

    // Click-to-advance on a link that navigates (SPA) to the second route.
    await start!.click();
    await page.waitForSelector('#opportunity-form');
    const amount = await page.$('#opp-amount');
    expect(await anchoredTo(page, 'Enter the amount', amount!)).toBeGreaterThan(0);
    expect(await world.overlayText('.progress')).toBe('Step 2 of 4');

    // Input in the target advances when the user leaves the field.
    await amount!.type('25000');
    await page.keyboard.press('Tab');
    const postal = await page.waitForSelector('acme-address-editor >>> #postal-code');
    expect(await anchoredTo(page, 'Billing postal code', postal!)).toBeGreaterThan(0);

    await (await card(page, 'Billing postal code'))
      .$('::-p-aria([name="Next"][role="button"])')
      .then((b) => b!.click());
    const frame = await (await page.$('#notes-frame'))!.contentFrame();
    const notes = await frame!.$('#notes');
    expect(await anchoredTo(page, 'Notes for the team', notes!)).toBeGreaterThan(0);
    expect(await world.overlayText('.progress')).toBe('Step 4 of 4');

    await (await byRole(page, 'button', 'Done')).click();
    await waitFor(async () => (await dialogCount(page)) === 0, 'the card to close');
    const state = await waitFor(async () => {
      const s = await savedState(env);
      return s.progress['new-opportunity']?.status === 'completed' ? s : undefined;
    }, 'the completion to be saved');
    expect(state?.completions['new-opportunity']).toBe(1);
    await page.close();
  });

  it('resumes at the right step after a reload and after SPA navigation away and back', async () => {
    // The walkthrough above was finished, so it would not start by itself again: a new run.
    await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
    const { page, world } = await openPage(env, '/accounts/7?delay=100');
    const start = await page.waitForSelector('#new-opportunity');
    await card(page, 'Start a new opportunity');
    await start!.click();
    await card(page, 'Enter the amount');
    await page.reload({ waitUntil: 'load' });
    await card(page, 'Enter the amount');
    expect(await world.overlayText('.progress')).toBe('Step 2 of 4');

    // Away to a route the walkthrough does not apply to: the card goes; back: it resumes there.
    await page.click('nav[aria-label="Main"] a[href="/accounts"]');
    await waitFor(async () => (await dialogCount(page)) === 0, 'the card to leave with the route');
    await page.goBack();
    await card(page, 'Enter the amount');
    expect(await world.overlayText('.progress')).toBe('Step 2 of 4');
    await page.close();
  });

  it('keeps going when the service worker is stopped mid-walkthrough', async () => {
    const { page } = await openPage(env, '/opportunities/new');
    await card(page, 'Enter the amount');
    await env.sw.stopWorker();
    await page.type('#opp-amount', '1200');
    await page.keyboard.press('Tab');
    await card(page, 'Billing postal code');
    // The step was saved by a worker the message woke up.
    await waitFor(
      async () => (await savedState(env)).progress['new-opportunity']?.stepIndex === 2,
      'the progress to be saved after the worker restarted',
    );
    await page.reload({ waitUntil: 'load' });
    await card(page, 'Billing postal code');
    await page.close();
  });

  it("leaves the page's own buttons working while a card is up", async () => {
    const { page } = await openPage(env, '/opportunities/new');
    await card(page, 'Billing postal code');
    await page.type('#opp-name', 'Globex – Renewal');
    await page.type('#opp-amount', '5000');
    await page.$eval('#opp-close', (el) => {
      (el as HTMLInputElement).value = '2027-03-31';
    });
    await page.click('#save-opportunity');
    await waitInPage(page, 'the app to show the saved opportunity', () => location.pathname === '/opportunities/1');
    expect(await page.$eval('#toast', (t) => t.textContent)).toContain('Globex – Renewal');
    await page.close();
  });

  it('holds a card still while it is pressed, so a click lands when the page shifts under it', async () => {
    await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 2, status: 'active' });
    const { page } = await openPage(env, '/opportunities/new');
    const postal = (await page.waitForSelector('acme-address-editor >>> #postal-code'))!;
    // In the middle of the viewport, so the card has room to follow it down (Firefox's window leaves
    // a shorter viewport, where the card would stop at its edge).
    await postal.evaluate((field) => field.scrollIntoView({ block: 'center' }));
    await anchoredTo(page, 'Billing postal code', postal);
    const stepCard = await card(page, 'Billing postal code');
    const yes = (await stepCard.$('::-p-aria([name="Yes"][role="button"])'))!;
    // The user is in the (empty) close date field: leaving it shows a message above the postal code.
    await page.focus('#opp-close');
    const [cardAt, targetAt, button] = await Promise.all([
      stepCard.boundingBox(),
      postal.boundingBox(),
      yes.boundingBox(),
    ]);
    await page.mouse.move(button!.x + button!.width / 2, button!.y + button!.height / 2);
    await page.mouse.down();
    const shift = await waitFor(
      async () => ((await postal.boundingBox())?.y ?? 0) - targetAt!.y,
      'the page to shift under the pressed card (the close date message)',
    );
    // Two rendering updates: the card would have followed its target by now.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    expect(await stepCard.boundingBox()).toEqual(cardAt);
    await page.mouse.up();
    await waitFor(
      async () => (await stepCard.evaluate((c) => c.textContent))?.includes('Thanks for the feedback.'),
      'the click on "Yes" to land ("Thanks for the feedback.")',
    );
    // Released: the card catches up with its target (centred beside it as before, to the pixel).
    const middle = (box: BoundingBox | null) => (box ? box.y + box.height / 2 : Number.NaN);
    const offset = middle(cardAt) - middle(targetAt);
    await waitFor(
      async () => Math.abs(middle(await stepCard.boundingBox()) - middle(await postal.boundingBox()) - offset) <= 1,
      `the card to follow its target ${shift} px down after the release`,
    );
    await page.close();
  });

  it('shows a step that cannot find its target unanchored, reports it and offers Skip', async () => {
    await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
    const { page, world } = await openPage(env, '/accounts/7?delay=60000');
    // The first step's link never renders: after the wait, the card says so and offers to skip.
    await card(page, 'Start a new opportunity');
    expect(await world.overlayText('.missing')).toContain('not on the page');
    expect(await queryRole(page, 'button', 'Skip')).not.toBeNull();
    await page.close();
  });
});

describe('scrolling', () => {
  it('scrolls a target into view inside a scroll container, and the card follows it', async () => {
    const { page } = await openPage(env, '/reports#/scrolling');
    await page.waitForSelector('#report-title');
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '1500px';
      const scroller = document.createElement('div');
      scroller.id = 'scroller';
      scroller.style.cssText = 'height: 200px; overflow: auto; border: 1px solid';
      scroller.innerHTML =
        '<div style="height: 1200px"></div><button id="deep-target">Deep</button><div style="height: 400px"></div>';
      document.getElementById('view')?.append(spacer, scroller);
    });
    const target = await page.$('#deep-target');
    expect(await anchoredTo(page, 'Deep in the list', target!)).toBeGreaterThan(0);
    // Both the page and the container scrolled: the target is inside the viewport and the box.
    await waitFor(
      () =>
        page.evaluate(() => {
          const t = document.getElementById('deep-target')!.getBoundingClientRect();
          const box = document.getElementById('scroller')!.getBoundingClientRect();
          return t.top >= box.top && t.bottom <= box.bottom && t.top >= 0 && t.bottom <= innerHeight;
        }),
      'the target to be scrolled into view',
    );
    expect(await anchoredTo(page, 'Deep in the list', target!)).toBeGreaterThan(0);
    await page.close();
  });
});
