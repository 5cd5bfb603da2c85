/// <reference types="chrome" />
/**
 * What only Firefox has: a build that brings its own URLPattern (for Firefox versions without
 * one), and the sidebar that stands in for Chrome's side panel. Runs in the `e2e-firefox` project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirefoxStepwise } from '../../browser-harness/firefox';
import { byRole, pageSays, StepwiseBrowser, waitFor } from '../../browser-harness/harness';
import { type DemoCrm, startDemoCrm } from '../../demo-crm/server';
import { anchoredTo, FIXTURE_PACK } from './overlay-helpers';

let crm: DemoCrm;

beforeAll(async () => {
  crm = await startDemoCrm();
});
afterAll(() => crm?.close());

async function launchFirefox(firefoxPrefs?: Record<string, unknown>): Promise<FirefoxStepwise> {
  const sw = await StepwiseBrowser.launch({ browser: 'firefox', firefoxPrefs });
  if (!(sw instanceof FirefoxStepwise)) throw new Error('Expected Firefox');
  await sw.grantDemoOrigin();
  return sw;
}

describe('Firefox without URLPattern', () => {
  let sw: FirefoxStepwise;

  beforeAll(async () => {
    // As in Firefox before 142: the web platform's URLPattern switched off, in pages and in the
    // extension alike.
    sw = await launchFirefox({ 'dom.urlpattern.enabled': false });
  });
  afterAll(() => sw?.close());

  it('registers the polyfill before the overlay, and validates a pack with it', async () => {
    const worker = await sw.worker();
    const registered = await worker.evaluate(async () => {
      const [script] = await chrome.scripting.getRegisteredContentScripts({ ids: ['stepwise-overlay'] });
      // Firefox lists the files without their leading slash.
      const files = script?.js?.map((f) => f.replace(/^\//, ''));
      return { files, native: typeof (globalThis as { URLPattern?: unknown }).URLPattern };
    });
    expect(registered).toEqual({
      files: ['url-pattern-polyfill.js', 'content-scripts/overlay.js'],
      native: 'undefined',
    });
    // Every URL pattern in the pack is checked while it is imported: with the polyfill's class.
    const reply = await sw.importPack(FIXTURE_PACK);
    expect(reply.problems).toEqual([]);
    expect(reply.imported).toBe(FIXTURE_PACK.rules.length);
  });

  it('matches URL patterns with the polyfill: a tip, and a walkthrough across two routes', async () => {
    const page = await sw.open(`${crm.url}/accounts`);
    // Neither the page nor the content script has a URLPattern of Firefox's own…
    expect(await page.evaluate(() => typeof (globalThis as { URLPattern?: unknown }).URLPattern)).toBe('undefined');
    // …so the one the overlay's sandbox has is the polyfill the background registered first.
    const inSandbox = await sw.inContentScript(
      page,
      () => {
        const pattern = (globalThis as { URLPattern?: { toString(): string } }).URLPattern;
        return { type: typeof pattern, native: String(pattern).includes('[native code]') };
      },
      null,
    );
    expect(inSandbox).toEqual({ type: 'function', native: false });

    await byRole(page, 'button', 'Tip: Search by owner or city');
    await page.goto(`${crm.url}/accounts/7?delay=50`, { waitUntil: 'load' });
    const start = await page.waitForSelector('#new-opportunity');
    expect(await anchoredTo(page, 'Start a new opportunity', start!)).toBeGreaterThan(0);
    await start!.click();
    const amount = await page.waitForSelector('#opp-amount');
    expect(await anchoredTo(page, 'Enter the amount', amount!)).toBeGreaterThan(0);
    await page.close();
  });
});

describe("Firefox's sidebar", () => {
  let sw: FirefoxStepwise;

  beforeAll(async () => {
    sw = await launchFirefox();
  });
  afterAll(() => sw?.close());

  /** What Stepwise's open sidebar shows: its page and first heading (null when no sidebar is open). */
  function sidebarView() {
    return sw.worker().then((worker) =>
      worker.evaluate(() => {
        const [view] = (
          globalThis as unknown as { browser: { extension: { getViews(o: object): Window[] } } }
        ).browser.extension.getViews({ type: 'sidebar' });
        return view
          ? { page: view.location.pathname, heading: view.document.querySelector('h1')?.textContent ?? '' }
          : null;
      }),
    );
  }

  it('opens the side panel page in the sidebar', async () => {
    expect(await sidebarView()).toBeNull();
    await sw.openSidebar();
    expect(
      await waitFor(async () => {
        const view = await sidebarView();
        return view?.heading ? view : null;
      }, 'the sidebar to show its page'),
    ).toEqual({ page: '/sidepanel.html', heading: 'Stepwise' });
    await sw.closeSidebar();
    await waitFor(async () => (await sidebarView()) === null, 'the sidebar to close');
  });

  it('opens the sidebar from the popup\'s "Open help panel" (Firefox has no sidePanel API)', async () => {
    const app = await sw.open(`${crm.url}/reports#/forecast`);
    await app.bringToFront();
    // The popup's page in a background tab of the same window: the tab it speaks of is the
    // window's active one, the app, as for the toolbar popup; the click is real user input.
    const popup = await sw.browser.newPage({ background: true });
    await sw.loadExtensionPage(popup, 'popup');
    await pageSays(popup, `Stepwise is on for ${new URL(crm.url).hostname}`);
    expect(await sidebarView()).toBeNull();
    await (await byRole(popup, 'button', 'Open help panel')).click();
    expect(
      await waitFor(async () => {
        const view = await sidebarView();
        return view?.heading ? view : null;
      }, 'the sidebar to open'),
    ).toEqual({ page: '/sidepanel.html', heading: 'Stepwise' });
    await sw.closeSidebar();
    await app.close();
  });
});
