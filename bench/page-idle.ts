/**
 * The idle page: main-thread time (CDP `Performance.getMetrics` TaskDuration: every task the page's
 * main thread ran) over 10 seconds in which nothing happens, with three tip beacons on the page
 * (with Stepwise) or the same three fields without them (without it). A beacon's pulse must not keep
 * the page busy: the target is at most 1.5 times the page without Stepwise.
 *
 * The naive baseline, measured in the same run on the page without Stepwise: three beacons that
 * pulse for ever by animating `box-shadow` (a property the main thread must restyle and repaint
 * every frame), as Stepwise's beacons did before they moved to transform and opacity on the
 * compositor, stopping after three pulses.
 */
import type { Page } from 'puppeteer-core';
import { waitFor } from '../browser-harness/harness';
import type { IsolatedWorld } from '../browser-harness/isolated-world';
import { TARGET_TIMEOUT_MS } from '../overlay-ui/walkthrough/walkthrough';

export const IDLE_MS = 10_000;
/** Bench tips whose fallback target is `#bench-field-<i>` (odd: a tip; not a multiple of 3: no text filter). */
export const BEACON_TIPS = [1, 5, 7];

/** Adds the three tips' target fields to the accounts page. */
export async function addBeaconTargets(page: Page): Promise<void> {
  await page.evaluate((ids) => {
    for (const i of ids) {
      const field = document.createElement('input');
      field.id = `bench-field-${i}`;
      field.setAttribute('aria-label', `Bench field ${i}`);
      document.querySelector('#view h1')?.after(field);
    }
  }, BEACON_TIPS);
}

/** Waits for the three beacons (in Stepwise's isolated world). */
export async function beaconsShown(world: IsolatedWorld): Promise<void> {
  await waitFor(
    () =>
      world.evaluate<boolean>(
        `chrome.dom.openOrClosedShadowRoot(document.querySelector('stepwise-overlay'))?.querySelectorAll('.beacon').length === ${BEACON_TIPS.length}`,
      ),
    'three beacons',
  );
}

/**
 * How long the page settles before the idle window: past the walkthrough's wait for a target that
 * is not there (the bench walkthrough's target is absent here, and its one-off "cannot find it"
 * notice would otherwise land inside the window), cards placed, GC done.
 */
export const SETTLE_MS = TARGET_TIMEOUT_MS + 2_000;

/** What the page's main thread did in one idle window. */
export interface IdleWindow {
  /** Every task's time (CDP `TaskDuration`): script, style, layout, paint, garbage collection. */
  taskMs: number;
  /** Script alone (CDP `ScriptDuration`), which garbage collection does not count in. */
  scriptMs: number;
}

/**
 * The main thread's time in `IDLE_MS` of idling, after `SETTLE_MS` to settle and a full garbage
 * collection. The window is taken on a page opened for it (see `bench/page.ts`): on the page that
 * had just run the navigations, bursts and profiled bursts, the window paid for their garbage
 * instead: 346 ms per 10 s without Stepwise and 693 with it, almost all "(garbage collector)" in a
 * CPU profile, and 198 ms without Stepwise after navigations and bursts alone, from one run to the
 * next, so the with/without ratio compared when V8 chose to collect, not idling.
 */
export async function idleWindow(page: Page): Promise<IdleWindow> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  await new Promise((r) => setTimeout(r, 1_000));
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return { taskMs: ms('TaskDuration'), scriptMs: ms('ScriptDuration') };
  };
  const start = await metrics();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const end = await metrics();
  await cdp.detach();
  return { taskMs: end.taskMs - start.taskMs, scriptMs: end.scriptMs - start.scriptMs };
}

/**
 * The naive baseline's beacons: beside each bench field, in a closed shadow root as Stepwise's are,
 * a dot whose `box-shadow` pulses for ever (the beacons' animation before it moved to the compositor).
 */
export async function addNaiveBeacons(page: Page): Promise<void> {
  await page.evaluate((ids) => {
    const host = document.createElement('naive-beacons');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      .beacon { position: fixed; width: 22px; height: 22px; border-radius: 50%; background: #2b6cb0;
        border: 2px solid #fff; box-shadow: 0 0 0 0 rgba(43, 108, 176, 0.6); animation: pulse 2s infinite; }
      @keyframes pulse {
        70% { box-shadow: 0 0 0 10px rgba(43, 108, 176, 0); }
        100% { box-shadow: 0 0 0 0 rgba(43, 108, 176, 0); }
      }`;
    shadow.append(style);
    for (const i of ids) {
      const field = document.getElementById(`bench-field-${i}`);
      const box = field?.getBoundingClientRect();
      const dot = document.createElement('span');
      dot.className = 'beacon';
      dot.style.left = `${Math.round((box?.right ?? 0) + 4)}px`;
      dot.style.top = `${Math.round(box?.top ?? 0)}px`;
      shadow.append(dot);
    }
    document.body.append(host);
  }, BEACON_TIPS);
}

/** Takes the naive beacons off the page again. */
export async function removeNaiveBeacons(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector('naive-beacons')?.remove());
}
