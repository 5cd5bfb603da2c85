/**
 * `npx tsx bench/insights-profile.ts` (after `wxt build --mode e2e`): where the time of the Insights
 * page's opening goes. CPU profiles of the background's answer (`insights.local`) and of the page
 * opened until its first chart, written to the system's temporary folder (`stepwise-insights-profiles`) (open them in Chrome's
 * DevTools), with each one's heaviest functions by self time printed.
 *
 * Options: --rules N (1000), --days N (90), --runs N (3).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Protocol } from 'puppeteer-core';
import { StepwiseBrowser } from '../browser-harness/harness';
import { seedInsights } from './insights-seed';

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '3' },
    /** A profile to keep between runs: seeded once. */
    'user-data-dir': { type: 'string' },
  },
});
const OUT = join(tmpdir(), 'stepwise-insights-profiles');

/** The heaviest functions of a profile by self time, in milliseconds. */
function heaviest(profile: Protocol.Profiler.Profile, top = 15): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < (profile.samples ?? []).length; i++) {
    const node = byNode.get(profile.samples![i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [
    `total ${total.toFixed(0)} ms`,
    ...[...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`),
  ];
}

async function main() {
  const rules = Number(args.rules);
  const days = Number(args.days);
  const dir = args['user-data-dir'];
  const sw = await StepwiseBrowser.launch(dir ? { userDataDir: dir } : {});
  await mkdir(OUT, { recursive: true });
  try {
    const now = Date.now();
    const kept = await sw.send({ type: 'insights.kept' });
    if (kept.counters < rules * days * 5) {
      const rows = await seedInsights(sw, rules, days, now);
      console.log(`Seeded ${rows.toLocaleString()} counters.`);
    }
    const range = {
      from: new Date(now - (days - 1) * 86_400_000).toISOString().slice(0, 10),
      to: new Date(now).toISOString().slice(0, 10),
    };
    const worker = sw.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(sw.origin))!;
    const session = await worker.createCDPSession();
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    for (const parts of [['outcomes'], ['funnels'], ['health']] as const) {
      await sw.send({ type: 'insights.local', ...range, parts: [...parts] });
      await session.send('Profiler.start');
      const started = performance.now();
      const report = await sw.send({ type: 'insights.local', ...range, parts: [...parts] });
      const ms = performance.now() - started;
      const { profile } = await session.send('Profiler.stop');
      await writeFile(`${OUT}/background-${parts[0]}.cpuprofile`, JSON.stringify(profile));
      console.log(
        `\ninsights.local ${parts[0]}: ${ms.toFixed(0)} ms, reply ${JSON.stringify(report).length.toLocaleString()} chars`,
      );
      for (const line of heaviest(profile)) console.log(line);
    }
    const page = await sw.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const pageSession = await page.createCDPSession();
    await pageSession.send('Profiler.enable');
    await pageSession.send('Profiler.setSamplingInterval', { interval: 200 });
    for (let r = 0; r < Number(args.runs); r++) {
      await page.goto('about:blank');
      await pageSession.send('Profiler.start');
      await session.send('Profiler.start');
      await page.goto(`${sw.origin}insights.html?days=${days}&run=${r}#outcomes`, { waitUntil: 'domcontentloaded' });
      let drawn: number | null = null;
      while (drawn === null) {
        drawn = await page.evaluate(() => performance.getEntriesByName('stepwise-chart-drawn')[0]?.startTime ?? null);
        if (drawn === null) await new Promise((done) => setTimeout(done, 20));
      }
      const marks = await page.evaluate(() =>
        JSON.stringify(
          performance
            .getEntries()
            .filter((e) => e.entryType !== 'resource' || e.name.includes('chunk'))
            .map((e) => `${e.entryType} ${e.name.split('/').pop()} ${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`),
        ),
      );
      const { profile } = await pageSession.send('Profiler.stop');
      const { profile: bg } = await session.send('Profiler.stop');
      console.log(`\npage run ${r}: drawn at ${drawn.toFixed(0)} ms`);
      console.log(JSON.parse(marks).join('\n'));
      if (r === Number(args.runs) - 1) {
        await page.goto('about:blank');
        await page.tracing.start({
          path: `${OUT}/page.trace.json`,
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'blink.user_timing',
            'v8.execute',
            'toplevel',
            'loading',
            'disabled-by-default-v8.compile',
          ],
        });
        await page.goto(`${sw.origin}insights.html?days=${days}&run=t#outcomes`, { waitUntil: 'domcontentloaded' });
        await page.waitForFunction(() => performance.getEntriesByName('stepwise-chart-drawn').length > 0, {
          polling: 20,
        });
        await page.tracing.stop();
        await writeFile(`${OUT}/page.cpuprofile`, JSON.stringify(profile));
        await writeFile(`${OUT}/page-background.cpuprofile`, JSON.stringify(bg));
        for (const line of heaviest(profile)) console.log(line);
        console.log('background meanwhile:');
        for (const line of heaviest(bg)) console.log(line);
      }
    }
  } finally {
    await sw.close();
  }
}

await main();
