/**
 * `npm run bench:insights`: the Insights page opened on 1,000 walkthroughs × 90 days of counters in
 * the local database, in Chromium, until its first chart is drawn — against the naive baseline in
 * the same run: the page asks for every counter and pack and aggregates them itself.
 *
 * The counters are written straight into the extension's IndexedDB (the background's own database)
 * before the runs; the pack goes in through the real import. Each run loads the page anew and
 * reads the `stepwise-chart-drawn` performance mark (milliseconds from navigation start).
 *
 * Options: --rules N (1000), --days N (90), --runs N (15), --out FILE (bench/results/insights.json).
 * Not measured here yet: the server's aggregate endpoints and the probes' cost per burst.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findChrome, StepwiseBrowser } from '../browser-harness/harness';

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '15' },
    out: { type: 'string', default: 'bench/results/insights.json' },
  },
});
const RULES = Number(args.rules);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);

const STEPS = ['open', 'fill', 'save'];

function pack() {
  return {
    format: 2,
    id: 'bench',
    name: 'Bench',
    version: 1,
    rules: Array.from({ length: RULES }, (_, i) => ({
      id: `w${i}`,
      name: `Walkthrough ${i}`,
      kind: 'walkthrough',
      status: 'published',
      where: { urls: ['https://crm.example.com/*'] },
      start: 'manual',
      steps: STEPS.map((id) => ({ id, target: { selector: `#${id}-${i}` }, title: id, brief: 'b' })),
    })),
    checklists: [],
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main() {
  const sw = await StepwiseBrowser.launch();
  try {
    const imported = await sw.importPack(pack());
    if (imported.imported !== RULES) throw new Error(`Imported ${imported.imported} of ${RULES} rules`);
    const worker = await sw.worker();
    const now = Date.now();
    let rows = 0;
    // Day by day: shown on each step (fewer further on), completions and closes, for every rule.
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(now - d * 86_400_000).toISOString().slice(0, 10);
      rows += await worker.evaluate(
        async (day, rules) =>
          new Promise<number>((done, fail) => {
            const open = indexedDB.open('stepwise');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction('usage', 'readwrite');
              const store = tx.objectStore('usage');
              let n = 0;
              for (let i = 0; i < rules; i++) {
                const base = 5 + (i % 7);
                const put = (stepId: string, event: string, count: number) => {
                  store.put({ ruleId: `w${i}`, stepId, event, day, count });
                  n++;
                };
                put('open', 'shown', base + 4);
                put('fill', 'shown', base + 2);
                put('save', 'shown', base);
                put('fill', 'dismissed', 2);
                put('save', 'completed', base - 1);
              }
              tx.oncomplete = () => {
                db.close();
                done(n);
              };
              tx.onerror = () => fail(tx.error);
            };
          }),
        day,
        RULES,
      );
    }
    console.log(`Seeded ${rows.toLocaleString()} counters (${RULES} walkthroughs × ${DAYS} days).`);

    const page = await sw.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const time = async (source: 'local' | 'naive') => {
      const ms: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        // A new query each run: the same address with a hash would not load the page again.
        await page.goto(
          `${sw.origin}insights.html?days=90&run=${source}-${r}${source === 'naive' ? '&source=naive' : ''}#outcomes`,
        );
        await page.waitForSelector('.chart-canvas[data-drawn="true"]', { timeout: 120_000 });
        ms.push(await page.evaluate(() => performance.getEntriesByName('stepwise-chart-drawn')[0]!.startTime));
      }
      return ms;
    };
    // One of each first, untimed: the browser's caches are then as warm for both.
    await time('local').catch(() => undefined);
    const local = await time('local');
    const naive = await time('naive');
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
      naiveRenderP95Ms: summary(naive).p95,
      local: summary(local),
      naive: summary(naive),
      target: { localRenderP95Ms: 300 },
      notMeasured: ['serverFunnelP99Ms', 'serverHealthP99Ms', 'probeAddedMsPerBurst'],
    };
    console.log(
      `Insights page opened → first chart drawn, ${rows.toLocaleString()} counters: p95 ${result.localRenderP95Ms} ms (p50 ${result.local.p50}); naive baseline p95 ${result.naiveRenderP95Ms} ms (p50 ${result.naive.p50}). Load average ${result.loadAverage.join(', ')}.`,
    );
    await writeFile(resolve(args.out), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Wrote ${args.out}`);
  } finally {
    await sw.close();
  }
}

await main();
