/// <reference types="chrome" />

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, waitInPage } from '../../browser-harness/harness';
import { card, type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

let env: OverlayEnv;

beforeAll(async () => {
  env = await startOverlayEnv();
});
afterAll(() => env?.close());

const HOSTILE_CSS = `
  * { all: unset !important; }
  html { font-size: 40px !important; }
  div, span, section, button, stepwise-overlay { z-index: 2147483647 !important; position: relative !important; }
  stepwise-overlay { display: none !important; opacity: 0 !important; transform: scale(0.1) !important; }
`;

/** In the isolated world: computed styles of the card's parts. */
const cardStyles = `(() => {
  const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('stepwise-overlay'));
  const card = root.querySelector('.card');
  const title = card.querySelector('h2');
  const button = card.querySelector('.actions button:last-child');
  const s = (el) => getComputedStyle(el);
  return {
    cardPosition: s(card).position,
    cardBackground: s(card).backgroundColor,
    titleSize: s(title).fontSize,
    buttonDisplay: s(button).display,
    buttonBackground: s(button).backgroundColor,
  };
})()`;

describe('isolation', () => {
  it('keeps its card in a closed shadow root (the page cannot read it)', async () => {
    const { page } = await openPage(env, '/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    const seen = await page.evaluate(() => {
      const host = document.querySelector('stepwise-overlay');
      return { host: Boolean(host), shadowRoot: host?.shadowRoot ?? null, text: host?.textContent ?? '' };
    });
    expect(seen).toEqual({ host: true, shadowRoot: null, text: '' });
    await page.close();
  });

  // axe-core cannot see into a closed shadow root from the page, and the build under test is the
  // real one (closed root, no test-only flag). So axe runs inside Stepwise's isolated world (through
  // CDP), where `chrome.dom.openOrClosedShadowRoot` reaches the root, and for the run only that
  // world's own `Element.prototype.shadowRoot` answers with it (browser-harness/isolated-world.ts). The
  // page's world is untouched: the test above proves the page still sees no root.
  it('has no axe-core violations on the card', async () => {
    const { page, world } = await openPage(env, '/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    expect(await world.axe('.card')).toEqual([]);
    await page.close();
  });

  it('survives a hostile page stylesheet, and steps back while the app modal covers its target', async () => {
    const { page, world } = await openPage(env, '/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    const before = await world.evaluate<Record<string, string>>(cardStyles);
    await page.addStyleTag({ content: HOSTILE_CSS });
    const after = await world.evaluate<Record<string, string>>(cardStyles);
    expect(after).toEqual(before);
    expect(after.titleSize).toBe('15px');

    const box = await (await card(page, 'Start a new opportunity')).boundingBox();
    expect(box && box.width > 200 && box.height > 80).toBe(true);
    // What is at the card's centre is the overlay, whatever the page's z-indexes say.
    const top = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName.toLowerCase(), {
      x: box!.x + box!.width / 2,
      y: box!.y + box!.height / 2,
    });
    expect(top).toBe('stepwise-overlay');

    // The app's own modal: the step's target is behind it, so the card steps back until it closes
    // (help inside a modal stays on top: overlay-app-modal.test.ts).
    await page.click('#log-call');
    await page.waitForSelector('.modal');
    await waitFor(
      async () => !(await page.$('::-p-aria([name="Start a new opportunity"][role="dialog"])')),
      'the card to step back',
    );
    // The modal works: the page's own buttons are untouched.
    await page.type('#call-subject', 'Renewal');
    await page.click('#save-call');
    await waitInPage(page, 'the app to confirm the save', () =>
      document.getElementById('toast')?.textContent?.includes('Renewal'),
    );
    await card(page, 'Start a new opportunity');
    expect(await world.evaluate<Record<string, string>>(cardStyles)).toEqual(before);
    await page.close();
  });

  it('follows the light or dark scheme of the system', async () => {
    const { page, world } = await openPage(env, '/accounts/7?delay=50');
    await card(page, 'Start a new opportunity');
    const light = await world.evaluate<Record<string, string>>(cardStyles);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const dark = await world.evaluate<Record<string, string>>(cardStyles);
    expect(light.cardBackground).toBe('rgb(255, 255, 255)');
    expect(dark.cardBackground).toBe('rgb(31, 39, 51)');
    // Contrast holds in the dark scheme too.
    expect(await world.axe('.card')).toEqual([]);
    await page.close();
  });

  it('does not leak its styles into the page', async () => {
    const { page } = await openPage(env, '/accounts/7?delay=50');
    const style = () =>
      page.$eval('#log-call', (b) => {
        const s = getComputedStyle(b);
        return [s.fontSize, s.backgroundColor, s.borderRadius, s.display].join('|');
      });
    const without = await style();
    await card(page, 'Start a new opportunity');
    expect(await style()).toBe(without);
    expect(await page.evaluate(() => document.styleSheets.length)).toBe(1);
    await page.close();
  });
});
