/// <reference types="chrome" />
/**
 * A page gets only the rules for its address, and those of each address the app moves to: the
 * overlay runs on an address with none of the site's rules, and shows help once the app's own
 * navigation reaches an address that has some.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole } from '../../browser-harness/harness';
import type { OverlayState } from '../../messaging/messages';
import { E2E_RUNTIME_KEY } from '../../overlay/bridge';
import { type OverlayEnv, openPage, startOverlayEnv } from './overlay-helpers';

const tip = (id: string, pathname: string, title: string, selector: string) => ({
  id,
  name: title,
  kind: 'tip',
  status: 'published',
  where: { urls: [{ pathname }] },
  start: 'auto',
  steps: [{ title, brief: `${title}.`, target: { selector } }],
});

/** One tip on the new-opportunity form, and two hundred on other pages of the same site. */
const PACK = {
  format: 2,
  id: 'routes',
  name: 'Routes',
  version: 1,
  checklists: [],
  rules: [
    tip('deal-name', '/opportunities/new', 'Name the deal', '#opp-name'),
    ...Array.from({ length: 200 }, (_, i) => tip(`area-${i}`, `/area-${i}/*`, `Area ${i}`, '#nothing')),
  ],
};

let env: OverlayEnv;
beforeAll(async () => {
  env = await startOverlayEnv(PACK);
});
afterAll(() => env?.close());

const heldRules = `globalThis.${E2E_RUNTIME_KEY}.then((r) => r.host.state.rules.map((rule) => rule.id))`;

describe('the rules a page gets', () => {
  it("are none on an address without any, and the new address's once the app moves there", async () => {
    const { page, world } = await openPage(env, '/accounts/7');
    // The site has rules elsewhere: the overlay stays, holding none, without its UI.
    expect(await world.overlayStarted()).toEqual({ running: true, ui: false });
    expect(await world.evaluate<string[]>(heldRules)).toEqual([]);
    const hello = await env.sw.inContentScript(page, () => chrome.runtime.sendMessage({ type: 'overlay.hello' }), null);
    expect((hello as { value: OverlayState }).value.more).toEqual({ search: false, hash: false, hashQuery: false });

    // The app's own navigation (a link it handles) to the form, where the tip is.
    await (await page.waitForSelector('#new-opportunity'))!.click();
    await byRole(page, 'button', 'Tip: Name the deal');
    expect(await world.evaluate<string[]>(heldRules)).toEqual(['deal-name']);
    await world.detach();
    await page.close();
  });
});
