/// <reference types="chrome" />
/**
 * Shared set-up for the overlay's end-to-end tests: the demo CRM, a browser with Stepwise and the
 * overlay fixture pack imported through the real message path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoundingBox, ElementHandle, Page } from 'puppeteer-core';
import { FirefoxOverlayWorld, FirefoxStepwise } from '../../browser-harness/firefox';
import { allByRole, byRole, type OverlayWorld, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { IsolatedWorld } from '../../browser-harness/isolated-world';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';

export const FIXTURE_PACK = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/packs/crm-overlay.json'), 'utf8'),
) as { rules: { id: string }[] };

export interface OverlayEnv {
  crm: DemoCrm;
  sw: StepwiseBrowser;
  close(): Promise<void>;
}

/** A fresh browser profile with `pack` imported whole (each test file gets its own). */
export async function startOverlayEnv(pack: { rules: unknown[] } = FIXTURE_PACK): Promise<OverlayEnv> {
  const crm = await startDemoCrm();
  const sw = await StepwiseBrowser.launch();
  await sw.grantDemoOrigin();
  const reply = await sw.importPack(pack);
  if (reply.imported !== pack.rules.length) {
    throw new Error(`The fixture pack did not import whole: ${JSON.stringify(reply.problems)}`);
  }
  return {
    crm,
    sw,
    close: async () => {
      await sw?.close();
      await crm?.close();
    },
  };
}

/**
 * Opens `url` in a new tab with a viewport like a laptop's (in Firefox, the window the harness
 * sized at launch), and Stepwise's world on it attached; `before` prepares the tab first (e.g. a
 * script the page runs on every load).
 */
export async function openPage(
  env: OverlayEnv,
  path: string,
  before?: (page: Page) => Promise<unknown>,
): Promise<{ page: Page; world: OverlayWorld }> {
  const page = await env.sw.browser.newPage();
  if (env.sw.name === 'chromium') await page.setViewport({ width: 1280, height: 800 });
  await before?.(page);
  await page.goto(`${env.crm.url}${path}`, { waitUntil: 'load' });
  return { page, world: await attachOverlayWorld(env.sw, page) };
}

/**
 * An expression for `OverlayWorld.evaluate`: the overlay's closed shadow root, in either browser
 * (`chrome.dom.openOrClosedShadowRoot` in Chromium's isolated world, `openOrClosedShadowRoot` in
 * Firefox's content-script sandbox).
 */
export const OVERLAY_ROOT = `((host) => host && (globalThis.chrome?.dom?.openOrClosedShadowRoot?.(host) ?? host.openOrClosedShadowRoot))(document.querySelector('stepwise-overlay'))`;

/** Stepwise's world on `page`: Chromium's isolated world over CDP, Firefox's content-script sandbox. */
export async function attachOverlayWorld(sw: StepwiseBrowser, page: Page): Promise<OverlayWorld> {
  if (sw instanceof FirefoxStepwise) return new FirefoxOverlayWorld(sw, page);
  return IsolatedWorld.attach(page, sw.extensionId);
}

/** The step card (or tip) titled `title`, found through the closed shadow root by its ARIA name. */
export function card(page: Page, title: string): Promise<ElementHandle> {
  return byRole(page, 'dialog', title);
}

/** The number of dialogs Stepwise shows (0 when none). */
export async function dialogCount(page: Page): Promise<number> {
  return (await allByRole(page, 'dialog')).length;
}

/** The smallest distance between two boxes (0 when they touch or overlap). */
export function gap(a: BoundingBox, b: BoundingBox): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

/** Waits until the card titled `title` sits beside `target` (within 40 px) and returns both boxes. */
export async function anchoredTo(page: Page, title: string, target: ElementHandle): Promise<number> {
  const handle = await card(page, title);
  return waitFor(async () => {
    const [a, b] = await Promise.all([handle.boundingBox(), target.boundingBox()]);
    return a && b && gap(a, b) <= 40 ? gap(a, b) + 1 : 0;
  }, `the card "${title}" to sit beside its target`);
}

/**
 * A pack of one tip, "Tip: <title>", on `selector` at `pathname`: a control that proves the overlay
 * has looked at a page. The overlay decides everything about one target in the same pass (which
 * walkthrough starts, which tips show), so once this beacon is there, anything else the same
 * target would bring up is there too: a test can then assert an absence without sleeping.
 */
export function controlTipPack(title: string, pathname: string, selector: string) {
  return {
    format: 2,
    id: `control-${pathname.replace(/\W+/g, '-')}`,
    name: `Control tip on ${pathname}`,
    version: 1,
    rules: [
      {
        id: `control-tip-${pathname.replace(/\W+/g, '-')}`,
        name: title,
        kind: 'tip',
        status: 'published',
        where: { urls: [{ pathname }] },
        start: 'auto',
        steps: [{ title, brief: 'Shows once the overlay has looked at the page.', target: { selector } }],
      },
    ],
    checklists: [],
  };
}

/** Imports a control tip (see `controlTipPack`) and returns a wait for its beacon on a page. */
export async function addControlTip(env: OverlayEnv, pathname: string, selector: string) {
  const title = `Control on ${selector}`;
  const reply = await env.sw.importPack(controlTipPack(title, pathname, selector));
  if (reply.imported !== 1) throw new Error(`The control tip did not import: ${JSON.stringify(reply.problems)}`);
  return (page: Page) => byRole(page, 'button', `Tip: ${title}`);
}

/** What the background has saved for the user, as the overlay would get it for `url`. */
/**
 * The person's state as the background gives it to a page at `path`: for the rules whose URL
 * patterns match that address (by default an account's page, where the walkthroughs start).
 */
export function savedState(env: OverlayEnv, path = '/accounts/7') {
  return env.sw.send({ type: 'overlay.hello', url: `${env.crm.url}${path}` });
}
