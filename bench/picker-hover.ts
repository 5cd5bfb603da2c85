/**
 * The hover half of `npm run bench:picker`: the built extension's picker on the demo CRM's
 * accounts page (about 16,000 elements). For each pointer move, the time from the event (its time
 * stamp, when the input arrived) to the picker's label naming the new element, measured in the
 * extension's isolated world: a capture listener installed before the picker starts notes each
 * move, a MutationObserver on the picker's closed shadow root notes the label's change. Beside it,
 * the naive way, generating the target on every hover, timed on the same elements in the same run.
 */
import type { Page } from 'puppeteer-core';
import { type StepwiseBrowser, waitFor } from '../browser-harness/harness';
import { IsolatedWorld } from '../browser-harness/isolated-world';
import { percentile } from './stats';

const MOVES = 240;

const round = (n: number) => Math.round(n * 100) / 100;

/** Waits for the page's next animation frame (a pointer moves at most once a frame). */
const frame = (page: Page) => page.evaluate('new Promise((r) => requestAnimationFrame(() => r()))');

export async function measureHover(sw: StepwiseBrowser, baseUrl: string, bundle: string) {
  const page = await sw.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${baseUrl}/accounts?hover=1`, { waitUntil: 'load' });
  await page.waitForSelector('#accounts-table tbody tr');
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  const tabId = await sw.tabIdOf(page);
  await sw.grantDemoOrigin();
  const world = await IsolatedWorld.attach(page, sw.extensionId);
  // Before the picker starts, so this listener hears each move first.
  await world.evaluate(`(() => {
    globalThis.__hover = { latencies: [], fromInput: [] };
    window.addEventListener('pointermove', (e) => {
      globalThis.__hover.last = performance.now();
      globalThis.__hover.stamp = e.timeStamp;
    }, true);
  })()`);
  await sw.send({ type: 'picker.start', tabId });
  await waitFor(() => world.evaluate<boolean>("!!document.querySelector('stepwise-picker')"), 'the picker');
  await world.evaluate(`(() => {
    const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('stepwise-picker'));
    const label = root.querySelector('.label');
    new MutationObserver(() => {
      const h = globalThis.__hover;
      if (h.last !== undefined) {
        h.latencies.push(performance.now() - h.last);
        h.fromInput.push(performance.now() - h.stamp);
      }
      h.last = undefined;
    }).observe(label, { childList: true, characterData: true, subtree: true });
  })()`);

  // Down the table's rows and across its columns: a new element under the pointer each move.
  const points: { x: number; y: number }[] = [];
  const table = await page.$eval('#accounts-table', (t) => {
    const r = t.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width };
  });
  for (let i = 0; i < MOVES; i++) {
    const row = i % 40;
    points.push({
      x: table.x + 20 + ((i * 157) % Math.floor(table.width - 40)),
      y: Math.min(880, table.y + 40 + row * 20),
    });
  }
  for (const p of points) {
    await page.mouse.move(p.x, p.y);
    await frame(page);
  }
  const latencies = await world.evaluate<number[]>('globalThis.__hover.latencies');
  const fromInput = await world.evaluate<number[]>('globalThis.__hover.fromInput');
  await page.keyboard.press('Escape');
  await world.detach();

  // The naive way on the same points: a target generated for each hovered element.
  const cdp = await page.createCDPSession();
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'stepwise-picker-bench-hover',
  });
  await cdp.send('Runtime.evaluate', { expression: bundle, contextId: executionContextId });
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `(${JSON.stringify(points)}).map((p) => {
      const el = document.elementFromPoint(p.x, p.y);
      const start = performance.now();
      if (el) pickerBench.generate(el);
      return performance.now() - start;
    })`,
    contextId: executionContextId,
    returnByValue: true,
  });
  await cdp.detach();
  await page.close();
  const naive = result.value as number[];
  return {
    hoverPage: '/accounts',
    hoverPageElements: elements,
    hoverMoves: points.length,
    hoverHighlights: latencies.length,
    hoverToHighlightP50Ms: round(percentile(latencies, 50)),
    hoverToHighlightP95Ms: round(percentile(latencies, 95)),
    inputToHighlightP50Ms: round(percentile(fromInput, 50)),
    inputToHighlightP95Ms: round(percentile(fromInput, 95)),
    naiveHoverP50Ms: round(percentile(naive, 50)),
    naiveHoverP95Ms: round(percentile(naive, 95)),
  };
}
