/**
 * `npm run bench:insights`: the Insights page opened on 1,000 walkthroughs × 90 days of counters in
 * the local database, in Chromium, until its first chart is drawn — against the naive baseline in
 * the same run: the page asks for every counter and pack and aggregates them itself.
 *
 * The counters are written through the background's own write path (`debug.usage`, e2e build
 * only) before the runs; the pack goes in through the real import (`bench/insights-seed.ts`).
 * `bench/insights-profile.ts` takes CPU profiles and a trace of the same opening. Each run
 * loads the page anew and reads the `stepwise-chart-drawn` performance mark (milliseconds from
 * navigation start), polled with short calls.
 *
 * Options: --rules N (1000), --days N (90), --runs N (15), --naive-runs N (5),
 * --out FILE (bench/results/insights.json).
 * Then what the content-health probe costs per SPA navigation (`bench/insights-probe-nav.ts`,
 * `probeAddedMsPerNavigation`, skipped with --skip-probe-nav), and the team server's endpoints
 * (`bench/insights-server.ts`, skipped with --skip-server).
 * `localAggregateP95Ms` is the background's answer alone (`insights.local`, sent from a page).
 * `probeAddedMsPerBurst` is measured by `npm run bench:page` (the page benchmark's burst, probes on
 * minus off), which writes it into the same file; this run keeps it.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findChrome, StepwiseBrowser } from '../browser-harness/harness';
import { benchProbeNavigation } from './insights-probe-nav';
import { seedInsights } from './insights-seed';
import { benchServerInsights } from './insights-server';

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '15' },
    'naive-runs': { type: 'string', default: '5' },
    'skip-server': { type: 'boolean', default: false },
    'skip-probe-nav': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/insights.json' },
  },
});
const RULES = Number(args.rules);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const NAIVE_RUNS = Number(args['naive-runs']);
/** How long one page load may take before the run is reported as failed. */
const RUN_LIMIT_MS = 10 * 60_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main() {
  const sw = await StepwiseBrowser.launch();
  let closed = false;
  try {
    const now = Date.now();
    const rows = await seedInsights(sw, RULES, DAYS, now);
    console.log(`Seeded ${rows.toLocaleString()} counters (${RULES} walkthroughs × ${DAYS} days).`);

    const page = await sw.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    /**
     * Loads the page and waits for its first chart by polling with short calls (none of them
     * waits long on a busy machine: a slow run is waited for, never failed by one protocol call).
     */
    let loads = 0;
    const time = async (source: 'local' | 'naive', runs: number) => {
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        // A new query each load: the same address with a hash would not load the page again.
        await page.goto(
          `${sw.origin}insights.html?days=90&run=${loads++}${source === 'naive' ? '&source=naive' : ''}#outcomes`,
          { waitUntil: 'domcontentloaded', timeout: RUN_LIMIT_MS },
        );
        const until = Date.now() + RUN_LIMIT_MS;
        let drawn: number | null = null;
        while (drawn === null) {
          if (Date.now() > until) throw new Error(`${source} run ${r}: no chart after ${RUN_LIMIT_MS / 1000} s`);
          drawn = await page.evaluate(() => {
            const error = document.querySelector('[role=alert]')?.textContent;
            if (error) throw new Error(error);
            return performance.getEntriesByName('stepwise-chart-drawn')[0]?.startTime ?? null;
          });
          if (drawn === null) await new Promise((done) => setTimeout(done, 50));
        }
        ms.push(drawn);
        process.stdout.write(`${source} ${Math.round(drawn)} ms  `);
      }
      process.stdout.write('\n');
      return ms;
    };
    // One of each first, untimed: the browser's caches are then as warm for both.
    // The background's answer alone (the aggregation: database read, sums, report), as the page asks for it.
    const range = {
      from: new Date(now - 89 * 86_400_000).toISOString().slice(0, 10),
      to: new Date(now).toISOString().slice(0, 10),
    };
    const aggregate: number[] = [];
    for (let r = 0; r <= RUNS; r++) {
      const started = performance.now();
      const report = await sw.send({ type: 'insights.local', ...range });
      if (report.funnels.length !== RULES)
        throw new Error(`${report.funnels.length} funnels for ${RULES} walkthroughs`);
      // The first is untimed (as the page runs').
      if (r) aggregate.push(performance.now() - started);
    }
    console.log(`insights.local answered in p50 ${Math.round(percentile(aggregate, 50))} ms`);
    await time('local', 1);
    const local = await time('local', RUNS);
    await time('naive', 1);
    const naive = await time('naive', NAIVE_RUNS);
    const summary = (ms: number[]) => ({
      p50: Math.round(percentile(ms, 50)),
      p95: Math.round(percentile(ms, 95)),
      runs: ms.map((m) => Math.round(m)),
    });
    const result = {
      benchmark: 'insights',
      date: new Date().toISOString(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      chromium: await sw.browser.version(),
      chromePath: await findChrome(),
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      rules: RULES,
      days: DAYS,
      counters: rows,
      localRenderP95Ms: summary(local).p95,
      localAggregateP95Ms: summary(aggregate).p95,
      naiveRenderP95Ms: summary(naive).p95,
      local: summary(local),
      naive: summary(naive),
      target: { localRenderP95Ms: 300 },
      aggregate: summary(aggregate),
    };
    const previous = JSON.parse(await readFile(resolve(args.out), 'utf8').catch(() => '{}'));
    const probe =
      'probe' in previous ? { probeAddedMsPerBurst: previous.probeAddedMsPerBurst, probe: previous.probe } : {};
    // With --skip-server, the server's figures of the last run that measured them stay.
    const kept = args['skip-server']
      ? Object.fromEntries(Object.entries(previous).filter(([key]) => key.startsWith('server')))
      : {};
    console.log(
      `Insights page opened → first chart drawn, ${rows.toLocaleString()} counters: p95 ${result.localRenderP95Ms} ms (p50 ${result.local.p50}); naive baseline p95 ${result.naiveRenderP95Ms} ms (p50 ${result.naive.p50}). Load average ${result.loadAverage.join(', ')}.`,
    );
    // The browser of the page's runs is closed before the next figures (each starts its own).
    closed = true;
    await sw.close();
    // With --skip-probe-nav, the figure of the last run that measured it stays.
    const probeNav = args['skip-probe-nav']
      ? Object.fromEntries(
          Object.entries(previous).filter(
            ([key]) => key.startsWith('probeNavigation') || key === 'probeAddedMsPerNavigation',
          ),
        )
      : await benchProbeNavigation();
    const server = args['skip-server'] ? {} : await benchServerInsights();
    await writeFile(
      resolve(args.out),
      `${JSON.stringify({ ...result, ...probe, ...probeNav, ...kept, ...server }, null, 2)}\n`,
    );
    console.log(`Wrote ${args.out}`);
  } finally {
    if (!closed) await sw.close();
  }
}

await main();
