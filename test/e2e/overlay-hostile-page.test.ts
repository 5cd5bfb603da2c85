/// <reference types="chrome" />
/**
 * A page that works against Stepwise (test/fixtures/hostile-page.ts): it cannot tell Stepwise is
 * there before help shows, never sees the extension's id, cannot stop, reset or steer the overlay,
 * and help still shows and works.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlayWorld } from '../../browser-harness/harness';
import { byRole, waitFor } from '../../browser-harness/harness';
import type { OverlayState } from '../../messaging/messages';
import { hostilePage } from '../fixtures/hostile-page';
import { card, dialogCount, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

/** One tip for the demo CRM's own origin, one for another origin the page might ask about. */
const ORIGINS_PACK = {
  format: 2,
  id: 'two-origins',
  name: 'Two origins',
  version: 1,
  checklists: [],
  rules: [
    {
      id: 'here-tip',
      name: 'A tip on 127.0.0.1',
      kind: 'tip',
      status: 'published',
      where: { urls: ['http://127.0.0.1/accounts/:id'] },
      start: 'auto',
      steps: [{ title: 'Here', brief: 'Here.', target: { selector: '#nothing' } }],
    },
    {
      id: 'elsewhere-tip',
      name: 'A tip on localhost',
      kind: 'tip',
      status: 'published',
      where: { urls: ['http://localhost/accounts/:id'] },
      start: 'auto',
      steps: [{ title: 'Elsewhere', brief: 'Elsewhere.', target: { selector: '#nothing' } }],
    },
  ],
};

beforeAll(async () => {
  env = await startOverlayEnv();
  const reply = await env.sw.importPack(ORIGINS_PACK);
  if (reply.imported !== 2) throw new Error(`The two-origin pack did not import: ${JSON.stringify(reply.problems)}`);
});
afterAll(() => env?.close());

interface Seen {
  messages: string[];
  events: string[];
  foreign: string[];
  shadowModes: string[];
  html: string;
  resources: string[];
  active: string;
}

/** What the hostile page has seen, read through prototypes its own clobbering did not touch. */
function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const log = (window as unknown as { __hostile: Seen & { html(): HTMLElement } }).__hostile;
    const active = Object.getOwnPropertyDescriptor(Document.prototype, 'activeElement')?.get?.call(document) as Element;
    return {
      messages: log.messages,
      events: log.events,
      foreign: log.foreign,
      shadowModes: log.shadowModes,
      html: log.html().outerHTML,
      resources: performance.getEntries().map((e) => e.name),
      active: active?.localName ?? '',
    };
  });
}

/**
 * `path` on the demo CRM, with the hostile script running from the start of every load, and the
 * walkthrough back at its first step.
 */
async function openHostile(path: string): Promise<{ page: Page; world: OverlayWorld }> {
  await env.sw.send({ type: 'progress.update', ruleId: 'new-opportunity', stepIndex: 0, status: 'active' });
  return openPage(env, path, (page) => page.evaluateOnNewDocument(hostilePage, env.sw.extensionId));
}

describe('a hostile page', () => {
  it('never sees the extension id, cannot stop Stepwise, and help still shows', async () => {
    const { page, world } = await openHostile('/accounts/7?delay=50');
    // Its clobbering is in place: the names it shadowed are its elements, in its own world.
    expect(
      await page.evaluate(() => {
        const w = window as unknown as Record<string, { localName?: string }>;
        return [w.__stepwiseOverlayUi?.localName, w.browser?.localName, w.stepwise?.localName];
      }),
    ).toEqual(['div', 'form', 'div']);

    await card(page, 'Start a new opportunity');
    // Again, with the card up: the kill switch and a flood of messages.
    await page.evaluate(() => {
      const log = (window as unknown as { __hostile: { kill(): void; spam(n: number): void } }).__hostile;
      log.kill();
      log.spam(2_000);
    });
    expect(await world.evaluate<number>('document.querySelectorAll("stepwise-overlay").length')).toBe(1);
    await card(page, 'Start a new opportunity');

    // The walkthrough still follows the user: the page's own link, then the next page's step.
    await (await page.waitForSelector('#new-opportunity'))!.click();
    await card(page, 'Enter the amount');

    const after = await seen(page);
    expect(after.messages).toEqual([]);
    expect(after.events).toEqual([]);
    // The overlay's closed shadow root did not go through the page's own prototypes (the address
    // editor's open one on the next page did).
    expect(after.shadowModes).not.toContain('closed');
    for (const text of [after.html, ...after.resources]) {
      expect(text).not.toContain(env.sw.extensionId);
      expect(text).not.toContain('chrome-extension:');
    }
    await page.close();
  });

  it('cannot move focus into the card with a dispatched Alt+Shift+H', async () => {
    const { page } = await openHostile('/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    await page.focus('#log-call');
    await page.evaluate(() => {
      const init = { key: 'H', code: 'KeyH', altKey: true, shiftKey: true, bubbles: true, composed: true };
      const button = document.getElementById('log-call')!;
      button.dispatchEvent(new KeyboardEvent('keydown', init));
      window.dispatchEvent(new KeyboardEvent('keydown', init));
    });
    expect((await seen(page)).active).toBe('button');
    // The user's own keys still work.
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyH');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    expect((await seen(page)).active).toBe('stepwise-overlay');
    // Its listeners and its stopper heard nothing of the keys and focus that went into the card.
    expect((await seen(page)).foreign).toEqual([]);
    await page.close();
  });

  it('cannot hide, move or disable the overlay', async () => {
    const { page, world } = await openHostile('/accounts/7?delay=50');
    const dialog = await card(page, 'Start a new opportunity');
    expect(
      await page.evaluate(() => (window as unknown as { __hostile: { tamper(): boolean } }).__hostile.tamper()),
    ).toBe(true);
    await waitFor(
      () =>
        world.evaluate<boolean>(`(() => {
          const host = document.querySelector('stepwise-overlay');
          return host.parentNode === document.documentElement && host.getAttributeNames().join() === 'popover' &&
            host.matches(':popover-open');
        })()`),
      'the overlay to be put back',
    );
    const box = await dialog.boundingBox();
    expect(box && box.width > 200).toBe(true);
    // Still clickable: the page's `inert` is gone.
    await (await byRole(page, 'button', 'Yes'))!.click();
    await waitFor(async () => (await world.overlayText('.feedback')).includes('Thanks'), 'the vote to be taken');
    // The page's listeners, and its own capture listeners that stop what it did not make, never
    // heard the press and click on the card (which still worked).
    expect((await seen(page)).foreign).toEqual([]);
    await page.close();
  });

  it('cannot freeze itself by taking the overlay out each time it comes back; help returns when it stops', async () => {
    const { page } = await openHostile('/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    const evictions = () =>
      page.evaluate(() => (window as unknown as { __hostile: { evictions: number } }).__hostile.evictions);
    await page.evaluate(() => (window as unknown as { __hostile: { evict(): void } }).__hostile.evict());
    // The overlay keeps coming back (paced) and the page keeps taking it out: both observers run,
    // and the page still answers (were they to call each other for ever, nothing would).
    await waitFor(async () => (await evictions()) >= 6, 'the page to take the overlay out again and again');
    expect(await page.evaluate(() => document.title.length >= 0)).toBe(true);
    expect(await dialogCount(page)).toBe(0);
    await page.evaluate(() => (window as unknown as { __hostile: { stopEvicting(): void } }).__hostile.stopEvicting());
    await card(page, 'Start a new opportunity');
    await page.close();
  });

  it("answers a content script's hello for the page it runs in, whatever address it names", async () => {
    const page = await env.sw.open(`${env.crm.url}/accounts/7`);
    const ask = (url?: string) =>
      env.sw.inContentScript(
        page,
        (u) => chrome.runtime.sendMessage(u ? { type: 'overlay.hello', url: u } : { type: 'overlay.hello' }),
        url,
      );
    const ids = (reply: unknown) =>
      (reply as { ok: boolean; value: OverlayState }).value.rules
        .map((r) => r.id)
        .filter((id) => id === 'here-tip' || id === 'elsewhere-tip');
    // The demo CRM is on 127.0.0.1; the script names localhost (the same server, another origin).
    const other = env.crm.url.replace('127.0.0.1', 'localhost');
    expect(ids(await ask(`${other}/accounts/7`))).toEqual(['here-tip']);
    expect(ids(await ask())).toEqual(['here-tip']);
    await page.close();
  });
});
