/**
 * `tsx bench/panel-profile.ts`: where an opening side panel spends its time. Opens the panel (as
 * `bench:panel` does: 1,000 rules, 20 checklists, beside the demo CRM's accounts page) a few times
 * under a Chrome trace, and prints, per opening, the panel renderer's main-thread tasks and the
 * service worker's tasks from navigation to the live lists drawn, by kind (script by URL, parse,
 * style, layout, paint). Options: --runs N (5), --cold (forget the pictures before each opening),
 * --trace FILE (keep the last trace), --bursts (instead: the CPU profile of 60 bursts on the page
 * with the checklists active, self time by function). Needs the e2e build (`npx wxt build --mode e2e`).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Page, Protocol } from 'puppeteer-core';
import { StepwiseBrowser, waitFor } from '../browser-harness/harness';
import { startDemoCrm } from '../demo-crm/server';
import type { PanelState } from '../messaging/areas/panel';
import { burst } from './burst';
import { BENCH_RULES } from './page-pack';
import { benchChecklists, panelBenchPack } from './panel-pack';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    cold: { type: 'boolean', default: false },
    trace: { type: 'string' },
    bursts: { type: 'boolean', default: false },
    cpu: { type: 'boolean', default: false },
  },
});

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; fileName?: string; data?: { url?: string; functionName?: string } };
}

/** Milliseconds of each kind of work under the thread's top-level tasks between `from` and `to` (µs). */
function breakdown(events: TraceEvent[], pid: number, tid: number, from: number, to: number) {
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= from && e.ts <= to);
  const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const kinds = new Map<string, number>();
  const add = (k: string, d: number) => kinds.set(k, (kinds.get(k) ?? 0) + d / 1000);
  const interesting = new Set([
    'EvaluateScript',
    'v8.compileModule',
    'v8.evaluateModule',
    'FunctionCall',
    'TimerFire',
    'FireAnimationFrame',
    'EventDispatch',
    'ParseHTML',
    'UpdateLayoutTree',
    'Layout',
    'Paint',
    'PrePaint',
    'Layerize',
    'Commit',
    'ParseAuthorStyleSheet',
    'V8.GCScavenger',
    'MajorGC',
    'MinorGC',
    'v8.run',
    'RunMicrotasks',
    'V8.DeserializeContext',
    'v8.compile',
    'ScheduleStyleRecalculation',
  ]);
  let busy = 0;
  for (const t of tasks) busy += (t.dur ?? 0) / 1000;
  for (const e of mine) {
    if (!interesting.has(e.name)) continue;
    // Only the outermost of each nested kind counts (FunctionCall in FunctionCall).
    const parent = mine.find(
      (p) =>
        p !== e && p.name === e.name && p.ts <= e.ts && p.ts + (p.dur ?? 0) >= e.ts + (e.dur ?? 0) && p.dur! > e.dur!,
    );
    if (parent) continue;
    const url = e.args?.data?.url ?? e.args?.data?.functionName ?? e.args?.fileName ?? '';
    add(`${e.name}${url ? ` ${String(url).replace(/^chrome-extension:\/\/[a-z]+/, '')}` : ''}`, e.dur ?? 0);
  }
  return {
    busy,
    tasks: tasks.length,
    kinds: [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 25),
    long: tasks
      .filter((t) => (t.dur ?? 0) > 4000)
      .map((t) => ({ at: (t.ts - from) / 1000, ms: (t.dur ?? 0) / 1000 }))
      .slice(0, 20),
  };
}

/**
 * The CPU profile of 60 of the page benchmark's bursts on the page with the checklists active:
 * self time by function, in the extension's scripts only.
 */
async function burstProfile(page: Page): Promise<void> {
  await page.bringToFront();
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < 60; i++) await burst(page, i, 60);
  await new Promise((ok) => setTimeout(ok, 300));
  const { profile } = await cdp.send('Profiler.stop');
  printSelf(profile, 60);
}

/** Self time by function in the extension's scripts, per `per` (bursts, openings). */
function printSelf(profile: Protocol.Profiler.Profile, per: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const gaps = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (!url.startsWith('chrome-extension://')) return;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}:${columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (gaps[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`extension self time ${(total / per).toFixed(3)} ms per ${per > 1 ? 'burst' : 'opening'}`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${(ms / per).toFixed(4)}  ${k}`);
}

async function main() {
  const app = await startDemoCrm();
  const port = new URL(app.url).port;
  const pack = panelBenchPack();
  pack.checklists = benchChecklists(`http://127.0.0.1:${port}/accounts`, 20, 10);
  const sw = await StepwiseBrowser.launch();
  try {
    await sw.grantDemoOrigin();
    const reply = await sw.importPack(pack);
    if (reply.imported !== BENCH_RULES) throw new Error(`Imported ${reply.imported}`);
    await sw.worker();
    const page = await sw.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${app.url}/accounts`, { waitUntil: 'load' });
    const tabId = await sw.tabIdOf(page);
    await waitFor(async () => {
      const state = (await sw.send({ type: 'panel.state', tabId })) as PanelState;
      return state.status === 'ready' && state.page?.checklists.length === 20;
    }, 'the page to report');
    if (args.bursts) {
      await burstProfile(page);
      return;
    }
    const panel = await sw.openExtensionPage('sidepanel', `?tabId=${tabId}`);
    await panel.setViewport({ width: 400, height: 900 });
    for (let r = -2; r < Number(args.runs); r++) {
      if (args.cold) await panel.evaluate(() => localStorage.clear());
      const cdp = args.cpu && r >= 0 ? await panel.createCDPSession() : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
      }
      if (r >= 0 && !cdp)
        await panel.tracing.start({
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'v8.execute',
            'v8',
            'blink.user_timing',
            'toplevel',
            'loading',
            'navigation',
            'disabled-by-default-v8.compile',
          ],
        });
      await panel.goto(`${sw.origin}sidepanel.html?tabId=${tabId}&run=${r}`);
      await panel.bringToFront();
      await waitFor(
        () => panel.evaluate(() => performance.getEntriesByName('stepwise:panel-rendered')[0]?.startTime ?? 0),
        'the panel to draw',
      );
      const marks = await panel.evaluate(() =>
        Object.fromEntries(
          performance
            .getEntriesByType('mark')
            .map((m) => [m.name.replace('stepwise:panel-', ''), Math.round(m.startTime * 10) / 10]),
        ),
      );
      const nav = await panel.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          fetchStart: n.fetchStart,
          responseEnd: n.responseEnd,
          domInteractive: n.domInteractive,
          dcl: n.domContentLoadedEventEnd,
          load: n.loadEventEnd,
        };
      });
      if (r < 0) continue;
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        await cdp.detach();
        printSelf(profile, 1);
        continue;
      }
      const sizes = await panel.evaluate(() => ({
        elements: document.querySelectorAll('*').length,
        pictures: Object.keys(localStorage).map((k) => [k.slice(0, 60), localStorage.getItem(k)!.length]),
      }));
      console.log(`  ${JSON.stringify(sizes)}`);
      await new Promise((ok) => setTimeout(ok, 300));
      const buffer = await panel.tracing.stop();
      const trace = JSON.parse(Buffer.from(buffer!).toString('utf8')) as { traceEvents: TraceEvent[] };
      if (args.trace) await writeFile(args.trace, JSON.stringify(trace));
      const events = trace.traceEvents;
      // The panel's renderer: the one with our marks; the worker: the thread named ServiceWorker.
      const mark = events.find((e) => e.name === 'stepwise:panel-rendered' && e.cat.includes('user_timing'));
      const navStart = events.find(
        (e) => e.pid === mark?.pid && (e.name === 'navigationStart' || e.name === 'NavigationStartToBegin'),
      );
      const names = events.filter((e) => e.name === 'thread_name');
      const main = names.find((e) => e.pid === mark?.pid && e.args?.name === 'CrRendererMain');
      const worker = names.find(
        (e) => e.args?.name === 'ServiceWorkerThread' || e.args?.name?.includes('ServiceWorker'),
      );
      const from = navStart?.ts ?? mark!.ts - marks.rendered! * 1000;
      const to = mark!.ts;
      console.log(`\nrun ${r}: marks ${JSON.stringify(marks)} nav ${JSON.stringify(nav)}`);
      if (main) {
        const b = breakdown(events, main.pid, main.tid, from, to);
        console.log(
          `  panel main thread: busy ${b.busy.toFixed(1)} ms in ${b.tasks} tasks; long ${JSON.stringify(b.long)}`,
        );
        for (const [k, ms] of b.kinds) console.log(`    ${ms.toFixed(1).padStart(7)}  ${k}`);
      }
      if (worker) {
        const b = breakdown(events, worker.pid, worker.tid, from, to);
        console.log(`  worker: busy ${b.busy.toFixed(1)} ms in ${b.tasks} tasks; long ${JSON.stringify(b.long)}`);
        for (const [k, ms] of b.kinds.slice(0, 10)) console.log(`    ${ms.toFixed(1).padStart(7)}  ${k}`);
      } else console.log('  (no worker thread in the trace)');
    }
  } finally {
    await sw.close();
    await app.close();
  }
}

await main();
