/// <reference types="chrome" />
/**
 * Cards that stay out of the way, on the demo CRM's opportunity form: a card does not cover the
 * fields and labels around its target where a side with room exists, a field hint does not cover
 * the control beside its field, two open cards never overlap, and beacons pulse a few times, with
 * compositor-only animations, or not at all for reduced motion.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoundingBox, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlayWorld } from '../../browser-harness/harness';
import { byRole, waitFor } from '../../browser-harness/harness';
import { card, OVERLAY_ROOT, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

const LAYOUT_PACK = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/packs/crm-layout.json'), 'utf8'));

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv(LAYOUT_PACK);
});
afterAll(() => env?.close());

type Box = BoundingBox & { what: string };

const overlaps = (a: BoundingBox, b: BoundingBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The form's fields, buttons and labels' text (what a user reads and types into), but `except`. */
function formControls(page: Page, except: string): Promise<Box[]> {
  return page.evaluate((skip) => {
    const form = document.getElementById('opportunity-form')!;
    return [...form.querySelectorAll('input, select, textarea, button, label, iframe, acme-address-editor')]
      .filter((el) => !el.matches(skip))
      .map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const r = el.localName === 'label' ? range.getBoundingClientRect() : el.getBoundingClientRect();
        return {
          x: r.x,
          y: r.y,
          width: r.width,
          height: r.height,
          what: el.id || el.getAttribute('for') || el.localName,
        };
      });
  }, except);
}

/** Boxes of the overlay's visible cards and hints, by their heading or text. */
const overlayBoxes = `(() => {
  const root = ${OVERLAY_ROOT};
  return [...root.querySelectorAll('.card, .hint')]
    .filter((el) => getComputedStyle(el).visibility !== 'hidden')
    .map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, what: (el.querySelector('h2') ?? el).textContent.trim() };
    });
})()`;

/** The form, with the walkthrough at its first step (or closed). */
async function formPage(walkthrough: 'active' | 'dismissed' = 'active'): Promise<{ page: Page; world: OverlayWorld }> {
  await env.sw.send({ type: 'progress.update', ruleId: 'layout-tour', stepIndex: 0, status: walkthrough });
  const opened = await openPage(env, '/opportunities/new');
  await opened.page.waitForSelector('#opportunity-form');
  return opened;
}

/** Waits until the overlay's boxes stop moving (positions settle a frame or two after a change). */
async function settled(world: OverlayWorld, count: number): Promise<Box[]> {
  let last = '';
  return waitFor<Box[] | false>(async () => {
    const boxes = await world.evaluate<Box[]>(overlayBoxes);
    const now = JSON.stringify(boxes);
    const stable = boxes.length === count && now === last;
    last = now;
    return stable && boxes;
  }, `${count} card(s) to settle`) as Promise<Box[]>;
}

describe('cards out of the way', () => {
  it('puts a step card where it covers none of the fields and labels around its target', async () => {
    const { page, world } = await formPage();
    await card(page, 'Enter the amount');
    const [step] = await settled(world, 1);
    const covered = (await formControls(page, '#opp-amount')).filter((c) => overlaps(c, step!));
    expect(covered).toEqual([]);
    // Still beside its target.
    const amount = (await (await page.$('#opp-amount'))!.boundingBox())!;
    expect(Math.abs(step!.y - amount.y) < 200 && step!.x >= amount.x + amount.width).toBe(true);
    await page.close();
  });

  it('keeps a field hint off the controls beside its field, and off an open card', async () => {
    // Its author asked for below the field, where the next field's label is.
    const { page, world } = await formPage('dismissed');
    await page.focus('#opp-name');
    await waitFor(async () => (await world.overlayText('.hint')).includes('Account, product'), 'the hint');
    const [hint] = await settled(world, 1);
    expect((await formControls(page, '#opp-name')).filter((c) => overlaps(c, hint!))).toEqual([]);
    await page.close();

    // With the step card of the next field up, the hint never goes under it.
    const { page: both, world: bothWorld } = await formPage();
    await card(both, 'Enter the amount');
    await both.focus('#opp-name');
    await waitFor(async () => (await bothWorld.overlayText('.hint')).includes('Account, product'), 'the hint');
    const boxes = await settled(bothWorld, 2);
    const [a, b] = boxes as [Box, Box];
    expect(overlaps(a, b)).toBe(false);
    await both.close();
  });

  it('never lets two open cards overlap: a tip opened while a step card is up', async () => {
    const { page, world } = await formPage();
    await card(page, 'Enter the amount');
    await (await byRole(page, 'button', 'Tip: Amounts are in USD')).click();
    await card(page, 'Amounts are in USD');
    const boxes = await settled(world, 2);
    const [a, b] = boxes as [Box, Box];
    expect(overlaps(a, b)).toBe(false);
    // Both work: the tip's own button is on top where it is drawn, and closes the tip.
    const gotIt = await byRole(page, 'button', 'Got it');
    const at = (await gotIt.boundingBox())!;
    expect(
      await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.localName, {
        x: at.x + at.width / 2,
        y: at.y + at.height / 2,
      }),
    ).toBe('stepwise-overlay');
    await gotIt.click();
    await waitFor(
      async () => !(await page.$('::-p-aria([name="Amounts are in USD"][role="dialog"])')),
      'the tip to close',
    );
    await (await byRole(page, 'button', 'Next')).click();
    await card(page, "Add the contact's email");
    await page.close();
  });

  it('pulses a beacon a few times with compositor-only animations, and not at all for reduced motion', async () => {
    const animations = `(() => {
      const root = ${OVERLAY_ROOT};
      return root.getAnimations({ subtree: true }).map((a) => ({
        iterations: a.effect.getComputedTiming().iterations,
        properties: [...new Set(a.effect.getKeyframes().flatMap((k) => Object.keys(k)))].filter(
          (p) => !['offset', 'computedOffset', 'easing', 'composite'].includes(p),
        ),
      }));
    })()`;
    const { page, world } = await formPage();
    await byRole(page, 'button', 'Tip: Amounts are in USD');
    const running = await world.evaluate<{ iterations: number; properties: string[] }[]>(animations);
    expect(running.length).toBeGreaterThan(0);
    for (const animation of running) {
      expect(animation.iterations).toBeLessThanOrEqual(5);
      expect(animation.properties.filter((p) => p !== 'transform' && p !== 'opacity')).toEqual([]);
    }
    await page.close();

    const { page: reduced, world: reducedWorld } = await openPage(env, '/opportunities/new', (p) =>
      env.sw.prefersReducedMotion(p, true),
    );
    try {
      await byRole(reduced, 'button', 'Tip: Amounts are in USD');
      expect(await reducedWorld.evaluate(animations)).toEqual([]);
    } finally {
      await env.sw.prefersReducedMotion(reduced, false);
    }
    await reduced.close();
  });
});
