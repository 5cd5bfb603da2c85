/// <reference types="chrome" />
/**
 * The element picker in real Chromium on the demo CRM: picking by mouse and by keyboard alone,
 * the app's own handlers not running while picking, fields inside an open shadow root and a
 * same-origin frame, and the popup starting it and showing the candidates in words.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, type OverlayWorld, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import type { PickRecord } from '../../messaging/areas/picker';
import { attachOverlayWorld } from './overlay-helpers';

let crm: DemoCrm;
let sw: StepwiseBrowser;

beforeAll(async () => {
  crm = await startDemoCrm();
  sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
});

afterAll(async () => {
  await sw?.close();
  await crm?.close();
});

let opened = 0;

/** Opens `path` in a new tab (its URL made unique, to find its tab id) and returns both. */
async function open(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await sw.browser.newPage();
  if (sw.name === 'chromium') await page.setViewport({ width: 1280, height: 900 });
  const url = `${crm.url}${path}${path.includes('?') ? '&' : '?'}case=${++opened}`;
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await sw.tabIdOf(page);
  return { page, tabId };
}

/** Starts the picker in the tab, as the popup does, and waits for its highlight. */
async function startPicker(page: Page, tabId: number): Promise<OverlayWorld> {
  await sw.send({ type: 'picker.start', tabId });
  const world = await attachOverlayWorld(sw, page);
  await waitFor(() => pickerText(world, '.bar'), 'the picker to show its bar');
  return world;
}

/** Text inside the picker's closed shadow root. */
function pickerText(world: OverlayWorld, selector: string): Promise<string> {
  return world.evaluate(`(() => {
    const host = document.querySelector('stepwise-picker');
    const root = host && (globalThis.chrome?.dom?.openOrClosedShadowRoot?.(host) ?? host.openOrClosedShadowRoot);
    return [...(root?.querySelectorAll(${JSON.stringify(selector)}) ?? [])].map((e) => e.textContent).join('\\n');
  })()`);
}

/** Waits until the tab's latest pick has ended, and returns it. */
async function picked(tabId: number): Promise<PickRecord> {
  return waitFor<PickRecord | null>(async () => {
    const { pick } = await sw.send({ type: 'picker.last', tabId });
    return pick && pick.status !== 'picking' ? pick : null;
  }, 'the pick to be saved') as Promise<PickRecord>;
}

/** Moves the mouse to the middle of the element `find` returns (run in the page), scrolled into view. */
async function pointAt(page: Page, find: string): Promise<void> {
  const box = await page.evaluate(`(() => {
    const el = ${find};
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  })()`);
  const { x, y } = box as { x: number; y: number };
  await page.mouse.move(x, y, { steps: 3 });
}

/** How many elements `target` finds in the page (its frame, then its selector, deep in open shadow roots). */
function countIn(
  page: Page,
  target: PickRecord['pick'] extends infer P ? (P extends { target: infer T } ? T : never) : never,
) {
  return page.evaluate((t) => {
    const deep = (doc: Document, selector: string): Element[] => {
      const out = [...doc.querySelectorAll(selector)];
      for (const el of doc.querySelectorAll('*'))
        if (el.shadowRoot) out.push(...el.shadowRoot.querySelectorAll(selector));
      return out;
    };
    const docs = t.frame ? deep(document, t.frame).map((f) => (f as HTMLIFrameElement).contentDocument!) : [document];
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
    return docs
      .flatMap((d) => deep(d, t.selector))
      .filter((el) => t.text === undefined || norm(el.textContent ?? '') === norm(t.text))
      .filter(
        (el) =>
          t.ariaLabel === undefined ||
          norm((el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '') ===
            norm(t.ariaLabel),
      ).length;
  }, target);
}

describe('element picker', () => {
  it('picks by mouse, and the app’s buttons and links do nothing meanwhile', async () => {
    const { page, tabId } = await open('/accounts/17?delay=0');
    await page.waitForSelector('#new-opportunity');
    // A spy of the page's own: the app's click handler opens the dialog; this counts clicks too.
    await page.evaluate(() => {
      (window as unknown as { clicks: number }).clicks = 0;
      document.addEventListener('click', () => (window as unknown as { clicks: number }).clicks++, true);
    });
    const world = await startPicker(page, tabId);

    await pointAt(page, "document.getElementById('log-call')");
    await waitFor(async () => (await pickerText(world, '.label')) === 'button “Log a call”', 'the label of the button');
    await page.mouse.down();
    await page.mouse.up();
    const pick = await picked(tabId);
    expect(pick.status).toBe('picked');
    expect(pick.pick?.element.phrase).toBe('button “Log a call”');
    expect(pick.pick?.unique).toBe(true);
    expect(await countIn(page, pick.pick!.target)).toBe(1);
    expect(pick.pick?.candidates[0]?.explanation).toMatch(/^Will find it /);
    // The app's handler did not run: no dialog, no click heard, and the page says what was picked.
    expect(await page.$('[role="dialog"]')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(0);
    await waitFor(
      async () => (await pickerText(world, '.result')).includes('Picked the button “Log a call”'),
      'the note',
    );

    // A link: the app would navigate on click; the URL stays.
    const before = page.url();
    await startPicker(page, tabId);
    await pointAt(page, 'document.querySelector(\'nav a[href="/reports#/pipeline"]\')');
    await page.mouse.down();
    await page.mouse.up();
    const link = await picked(tabId);
    expect(link.pick?.target.selector).toBe('a[href="/reports#/pipeline"]');
    expect(page.url()).toBe(before);
    expect(await page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(0);
    await world.detach();
    await page.close();
  });

  it('picks by keyboard alone: Tab to a field, Up and Down, Enter; nothing is typed into the page', async () => {
    const { page, tabId } = await open('/opportunities/new?account=5');
    await page.waitForSelector('#notes-frame');
    const world = await startPicker(page, tabId);
    // Tab moves between fields; the page's own focus and fields are untouched.
    for (let i = 0; i < 12; i++) {
      if ((await pickerText(world, '.label')) === 'text field “Amount (USD)”') break;
      await page.keyboard.press('Tab');
    }
    expect(await pickerText(world, '.label')).toBe('text field “Amount (USD)”');
    await page.keyboard.press('ArrowUp');
    await waitFor(async () => (await pickerText(world, '.label')) !== 'text field “Amount (USD)”', 'the parent');
    expect(await pickerText(world, '.live')).toBe(await pickerText(world, '.label'));
    await page.keyboard.press('ArrowDown');
    await waitFor(async () => (await pickerText(world, '.label')) === 'text field “Amount (USD)”', 'back on the field');
    await page.keyboard.type('x');
    await page.keyboard.press('Enter');
    const pick = await picked(tabId);
    expect(pick.pick?.target.selector).toBe('#opp-amount');
    expect(pick.pick?.target.fallbacks).toContain('input[name="amount"]');
    expect(await page.$eval('#opp-amount', (el) => (el as HTMLInputElement).value)).toBe('');
    // Enter did not submit the form (the app would have gone to the new opportunity).
    expect(new URL(page.url()).pathname).toBe('/opportunities/new');
    await world.detach();
    await page.close();
  });

  it('reaches into an open shadow root and a same-origin frame; Esc cancels', async () => {
    const { page, tabId } = await open('/opportunities/new?account=5');
    await page.waitForFunction(() =>
      Boolean(document.querySelector('iframe')?.contentDocument?.querySelector('textarea')),
    );
    let world = await startPicker(page, tabId);
    await pointAt(page, "document.querySelector('acme-address-editor').shadowRoot.querySelector('input[name=street]')");
    await waitFor(async () => (await pickerText(world, '.label')) === 'text field “Street”', 'the shadow field');
    await page.mouse.down();
    await page.mouse.up();
    const street = await picked(tabId);
    expect(street.pick?.target.selector).toBe('#street');
    expect(street.pick?.target.fallbacks).toContain('input[name="street"]');
    expect(await countIn(page, street.pick!.target)).toBe(1);

    const frame = await page.$('iframe');
    // Firefox's page is its window less the toolbars: the frame may be below the fold.
    await frame!.evaluate((f) => f.scrollIntoView({ block: 'center' }));
    world = await startPicker(page, tabId);
    const frameBox = (await frame!.boundingBox())!;
    await page.mouse.move(frameBox.x + 40, frameBox.y + 50, { steps: 3 });
    await waitFor(
      async () => (await pickerText(world, '.label')).startsWith('text field “Internal notes”'),
      'the framed field',
    );
    await page.mouse.down();
    await page.mouse.up();
    const notes = await picked(tabId);
    expect(notes.pick?.target.frame).toBe('#notes-frame');
    expect(notes.pick?.target.selector).toBe('#notes');
    expect(await countIn(page, notes.pick!.target)).toBe(1);
    expect(notes.pick?.candidates[0]?.explanation).toContain('inside the iframe “Internal notes”');
    // Typing into the frame's field was not possible while picking, and the click did not focus it.
    expect(await page.evaluate(() => document.activeElement?.localName)).not.toBe('iframe');

    world = await startPicker(page, tabId);
    await page.keyboard.press('Escape');
    expect((await picked(tabId)).status).toBe('cancelled');
    await waitFor(
      async () => !(await world.evaluate<boolean>("!!document.querySelector('stepwise-picker')")),
      'the picker to go',
    );
    await world.detach();
    await page.close();
  });

  it('starts from the popup, which then shows the candidates in words', async () => {
    const { page, tabId } = await open('/opportunities/new?account=5');
    await page.waitForSelector('#opp-name');
    const popup = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    await (await byRole(popup, 'button', 'Pick an element')).click();
    await waitFor(async () => (await sw.send({ type: 'picker.last', tabId })).pick?.status === 'picking', 'picking');
    await sw.popupClosed(popup);
    await page.bringToFront();
    await pointAt(page, "document.querySelector('label[for=opp-name]')");
    await page.mouse.down();
    await page.mouse.up();
    const pick = await picked(tabId);
    expect(pick.pick?.element.phrase).toBe('label “Opportunity name”');

    const again = await sw.openExtensionPage('popup', `?tab=${tabId}`);
    await again.waitForFunction(() => document.body.textContent?.includes('Picked the label “Opportunity name”'));
    const text = await again.evaluate(() => document.body.textContent ?? '');
    expect(text).toContain('Will find it as the label of the field “opp-name”');
    expect(text).toMatch(/sturdy, finds only this element, chosen/);
    await again.close();
    await page.close();
  });
});
