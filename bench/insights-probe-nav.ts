/**
 * What the content-health probe costs per SPA navigation (`probeAddedMsPerNavigation`): on Acme
 * CRM's accounts page with the page benchmark's pack (1,000 rules, 20 of them on `/accounts`), the
 * app moves to another route and back with the history API; back on `/accounts`, every rule there is
 * due again (the e2e build's `debug.store` `probes-on` forgets when each was probed), so each return
 * is followed by a probe: the bundle injected, the rules asked for, their targets looked for in idle
 * slices, the missing ones again once the page is quiet, the report. Off (`probes-off`), the same
 * navigations and the same waits. Script time is the page's (CDP `ScriptDuration`, thread time, the
 * content scripts' isolated worlds included), per navigation back to `/accounts`: with minus without.
 *
 * Run by `npm run bench:insights` (skipped with --skip-probe-nav), or alone:
 * `npx tsx bench/insights-probe-nav.ts [--navigations N] [--rounds N]` after `wxt build --mode e2e`.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'puppeteer-core';
import { StepwiseBrowser, waitFor } from '../browser-harness/harness';
import { startDemoCrm } from '../demo-crm/server';
import { PAGE_SETTLES_MS } from '../overlay/runtime';
import { frames } from './burst';
import { BENCH_MATCHING, BENCH_RULES, benchPack } from './page-pack';

const { values: args } = parseArgs({
  strict: false,
  options: {
    navigations: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '3' },
    /** Instead of the figure: a CPU profile of the page over one probed return, by script and function. */
    profile: { type: 'boolean', default: false },
  },
});
/**
 * How long after each navigation back both runs wait: the page told of once its address has held
 * (`PAGE_SETTLES_MS`), then the probe's idle slices and its second look once the page has been
 * quiet for a second.
 */
const SETTLE_MS = PAGE_SETTLES_MS + 2_500;

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Script ms per navigation back to `/accounts`, probes `on` or off. */
async function navigationMs(sw: StepwiseBrowser, page: Page, navigations: number, on: boolean): Promise<number> {
  const cdp = await page.createCDPSession();
  // Thread time, not wall time: other processes on a shared machine cannot inflate it.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never);
  let taken = 0;
  let ms = 0;
  for (let i = 0; i < navigations; i++) {
    // Every rule due again (on), or none ever (off); then away and back, by the app's own history.
    const before = await sw.send({ type: 'debug.store', action: on ? 'probes-on' : 'probes-off' });
    // Away long enough for the other page to be told of: a page only passed through is not probed,
    // and coming back to the page last told of would not be probed again.
    await page.evaluate((n) => history.pushState({}, '', `/reports?run=${n}`), i);
    await new Promise((done) => setTimeout(done, PAGE_SETTLES_MS + 500));
    await frames(page);
    const start = await scriptMs(cdp);
    await page.evaluate((n) => history.pushState({}, '', `/accounts?run=${n}`), i);
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    ms += (await scriptMs(cdp)) - start;
    if (on) {
      await waitFor(
        async () => (await sw.send({ type: 'debug.store', action: 'stats' })).probesTaken > before.probesTaken,
        'the page to be handed its rules to probe',
      );
      taken++;
    }
  }
  await cdp.detach();
  if (on && taken !== navigations) throw new Error(`${taken} probes for ${navigations} navigations`);
  return ms / navigations;
}

/** The figure, measured over `rounds` fresh browsers (off and on alternating first). */
export async function benchProbeNavigation(): Promise<Record<string, unknown>> {
  const navigations = Number(args.navigations);
  const rounds = Number(args.rounds);
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const crm = await startDemoCrm();
  const on: number[] = [];
  const off: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const sw = await StepwiseBrowser.launch();
      try {
        await sw.grantDemoOrigin();
        const reply = await sw.importPack(benchPack());
        if (reply.imported !== BENCH_RULES) throw new Error(`Imported ${reply.imported} of ${BENCH_RULES} rules`);
        const page = await sw.browser.newPage();
        await page.setViewport({ width: 1280, height: 800 });
        await page.goto(`${crm.url}/accounts`, { waitUntil: 'load' });
        await page.waitForSelector('#accounts-table tbody tr');
        // The first load's own probe done with before either is measured.
        await new Promise((done) => setTimeout(done, SETTLE_MS));
        for (const probes of r % 2 ? [true, false] : [false, true])
          (probes ? on : off).push(await navigationMs(sw, page, navigations, probes));
      } finally {
        await sw.close();
      }
    }
  } finally {
    await crm.close();
  }
  const result = {
    probeAddedMsPerNavigation: round(median(on) - median(off)),
    probeNavigation: {
      page: 'Acme CRM /reports → /accounts (history.pushState)',
      rules: BENCH_RULES,
      rulesOnPage: BENCH_MATCHING,
      navigations,
      rounds,
      settleMs: SETTLE_MS,
      scriptMsPerNavigation: { on: round(median(on)), off: round(median(off)) },
      perRound: { on: on.map((ms) => round(ms)), off: off.map((ms) => round(ms)) },
      loadAverage: { start: loadAtStart, end: loadavg().map((l) => round(l, 2)) },
    },
  };
  console.log(
    `Probe per SPA navigation (${BENCH_MATCHING} rules due on /accounts): script ms on ${result.probeNavigation.scriptMsPerNavigation.on}, off ${result.probeNavigation.scriptMsPerNavigation.off}, added ${result.probeAddedMsPerNavigation}. Load average ${loadAtStart.join(', ')} → ${result.probeNavigation.loadAverage.end.join(', ')}.`,
  );
  return result;
}

/** Where the page's script time goes over one probed return to `/accounts`: self time by script file and function. */
async function profileProbe(): Promise<void> {
  const crm = await startDemoCrm();
  const sw = await StepwiseBrowser.launch();
  try {
    await sw.grantDemoOrigin();
    await sw.importPack(benchPack());
    const page = await sw.browser.newPage();
    await page.goto(`${crm.url}/accounts`, { waitUntil: 'load' });
    await page.waitForSelector('#accounts-table tbody tr');
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await sw.send({ type: 'debug.store', action: 'probes-on' });
    await page.evaluate(() => history.pushState({}, '', '/reports?run=p'));
    await frames(page);
    await cdp.send('Profiler.start');
    await page.evaluate(() => history.pushState({}, '', '/accounts?run=p'));
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const { profile } = await cdp.send('Profiler.stop');
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const byFile = new Map<string, number>();
    const byFunction = new Map<string, number>();
    const samples = profile.samples ?? [];
    for (let i = 0; i < samples.length; i++) {
      const { functionName, url, lineNumber } = byNode.get(samples[i]!)!.callFrame;
      const ms = (profile.timeDeltas?.[i] ?? 0) / 1000;
      const file = url.split('/').pop() || '(native)';
      byFile.set(file, (byFile.get(file) ?? 0) + ms);
      const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    }
    const top = (map: Map<string, number>, n: number) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`)
        .join('\n');
    console.log(`By script:\n${top(byFile, 10)}\n\nBy function (self):\n${top(byFunction, 25)}`);
  } finally {
    await sw.close();
    await crm.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (args.profile) await profileProbe();
  else console.log(JSON.stringify(await benchProbeNavigation(), null, 2));
}
