/**
 * `npm run bench:regex`: the ReDoS corpus (`test/fixtures/redos.ts`) on the pattern engine rule
 * packs use, in Chromium, against JavaScript's own backtracking `RegExp` in the same run.
 *
 * The page loads the built `overlay-patterns.js` (as the background injects it) and times its
 * evaluation; then, for each pattern that validation accepts, the first test on the pattern's
 * evil text at the input cap (2,000 characters: compiling included) and the slowest of
 * 20 more, each in a task of its own while a PerformanceObserver counts long tasks (> 50 ms).
 * The baseline runs the same texts through `RegExp`, growing them until one test takes over
 * 100 ms, and reports the length it reached.
 *
 * Run after a build (`npm run bench:regex` builds first). Options: --out FILE, --build DIR.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../browser-harness/harness';
import { compileLinear, MAX_PATTERN_INPUT, MAX_PROGRAM_SIZE, patternProblem } from '../rules/index';
import { REDOS_CORPUS } from '../test/fixtures/redos';
import type { RegexCase as Case } from './regex-page';
import { median } from './stats';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results/regex.json' },
    build: { type: 'string', default: '.output/chrome-mv3-e2e' },
  },
});
const bundle = await readFile(resolve(args.build, 'overlay-patterns.js'), 'utf8').catch(() => {
  throw new Error(`No overlay-patterns.js in ${args.build}: run "npm run build:e2e" first`);
});

const cases: Case[] = [];
const refused: { pattern: string; flags: string; problem: string }[] = [];
for (const c of REDOS_CORPUS) {
  const flags = c.flags ?? '';
  const problem = patternProblem(c.pattern, flags);
  if (problem) {
    refused.push({ pattern: c.pattern, flags, problem });
    continue;
  }
  const lengths: number[] = [];
  for (let n = 8; n <= MAX_PATTERN_INPUT; n += Math.max(1, Math.floor(n / 8))) lengths.push(n);
  cases.push({
    pattern: c.pattern,
    flags,
    programSize: compileLinear(c.pattern, flags).programSize(),
    evil: c.evil(MAX_PATTERN_INPUT).slice(0, MAX_PATTERN_INPUT),
    baseline: lengths.map((n) => c.evil(n)),
  });
}

const pageBundle = await build({
  entryPoints: [resolve(import.meta.dirname, 'regex-page.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  write: false,
  target: 'chrome120',
});
const pageScript = pageBundle.outputFiles[0]!.text;

const server = createServer((req, res) => {
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (req.url === '/overlay-patterns.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(bundle);
    return;
  }
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...isolated })
    .end(`<!doctype html><title>regex bench</title><script>${pageScript}</script>`);
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await puppeteer.launch({
  executablePath: await findChrome(),
  headless: true,
  pipe: true,
  args: CHROME_ARGS,
});

interface Timed<T> {
  /** Main-thread CPU time (CDP `Performance.getMetrics` ThreadTime in thread ticks). */
  cpuMs: number;
  wallMs: number;
  value: T;
}

/** A fresh page, and a way to time one call in it. */
async function openPage() {
  const page = await browser.newPage();
  await page.goto(base, { waitUntil: 'load' });
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never);
  const cpu = async () =>
    ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
  const timed = async <T>(call: () => Promise<{ ms: number; value: T }>): Promise<Timed<T>> => {
    const before = await cpu();
    const { ms, value } = await call();
    return { cpuMs: (await cpu()) - before, wallMs: ms, value };
  };
  return { page, timed };
}

interface CaseResult {
  bundle: Timed<null>;
  first: Timed<boolean>;
  /** The slowest of the repeated tests. */
  again: { cpuMs: number; wallMs: number };
  longTasks: number;
  regExp: { length: number; cpuMs: number; wallMs: number; stopped: boolean };
}
const results: CaseResult[] = [];
let version = '';
try {
  version = await browser.version();
  for (const c of cases) {
    // A fresh page per pattern: the engine's code is as cold as on a page that just loaded it.
    const { page, timed } = await openPage();
    await page.evaluate(() => window.regexBench.fetch());
    const bundleTime = await timed(async () => ({
      ms: await page.evaluate(() => window.regexBench.load()),
      value: null,
    }));
    const test = () =>
      timed(async () => {
        const r = await page.evaluate((p, f, t) => window.regexBench.test(p, f, t), c.pattern, c.flags, c.evil);
        return { ms: r.ms, value: r.matched };
      });
    const first = await test();
    const again = { cpuMs: 0, wallMs: 0 };
    for (let k = 0; k < 10; k++) {
      const t = await test();
      again.cpuMs = Math.max(again.cpuMs, t.cpuMs);
      again.wallMs = Math.max(again.wallMs, t.wallMs);
    }
    const longTasks = await page.evaluate(() => window.regexBench.longTasks());
    let regExp = { length: 0, cpuMs: 0, wallMs: 0, stopped: false };
    for (const text of c.baseline) {
      const t = await timed(async () => ({
        ms: await page.evaluate((p, f, x) => window.regexBench.native(p, f, x), c.pattern, c.flags, text),
        value: null,
      }));
      regExp = { length: text.length, cpuMs: t.cpuMs, wallMs: t.wallMs, stopped: t.cpuMs > 100 };
      if (regExp.stopped) break;
    }
    results.push({ bundle: bundleTime, first, again, longTasks, regExp });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

const ms = (n: number) => n.toFixed(2).padStart(8);
const bundleCpu = results.map((r) => r.bundle.cpuMs);
console.log(`\nStepwise pattern benchmark — ${version}; input cap ${MAX_PATTERN_INPUT} characters`);
console.log(
  "Main-thread CPU ms (wall ms) for one test on the pattern's evil text, in a fresh page each: the first test\n" +
    '(compiling included) and the slowest of 10 more. Baseline: RegExp on the same text, grown until one test\n' +
    'takes over 100 ms of CPU.\n',
);
console.log('  size   first cpu (wall)    again cpu  |   RegExp cpu at length   pattern');
for (const [i, c] of cases.entries()) {
  const r = results[i]!;
  const baseline = `${ms(r.regExp.cpuMs)} at ${String(r.regExp.length).padStart(4)}${r.regExp.stopped ? ' (stopped)' : '          '}`;
  console.log(
    `${String(c.programSize).padStart(6)} ${ms(r.first.cpuMs)} (${r.first.wallMs.toFixed(1).padStart(6)})  ${ms(r.again.cpuMs)}  | ${baseline}   /${c.pattern}/${c.flags}`,
  );
}
for (const r of refused) console.log(`  refused by validation: /${r.pattern}/${r.flags}: ${r.problem}`);
const worstFirstCpuMs = Math.max(...results.map((r) => r.first.cpuMs));
const worstAgainCpuMs = Math.max(...results.map((r) => r.again.cpuMs));
const worstBundleCpuMs = Math.max(...bundleCpu);
const longTasks = results.reduce((n, r) => n + r.longTasks, 0);
const stopped = results.filter((r) => r.regExp.stopped).length;
const targets = { worstFirstCpuMs: worstFirstCpuMs <= 50, worstBundleCpuMs: worstBundleCpuMs <= 50 };
console.log(
  `\nworstFirstCpuMs ${worstFirstCpuMs.toFixed(2)} (target ≤ 50: ${targets.worstFirstCpuMs ? 'met' : 'MISSED'})  ` +
    `worstAgainCpuMs ${worstAgainCpuMs.toFixed(2)}  bundle evaluation cpu ms median ${median(bundleCpu).toFixed(1)}, ` +
    `worst ${worstBundleCpuMs.toFixed(1)} (target ≤ 50: ${targets.worstBundleCpuMs ? 'met' : 'MISSED'})\n` +
    `long tasks (> 50 ms wall, machine load included) while loading and testing: ${longTasks}; ` +
    `RegExp passed 100 ms of CPU on ${stopped} of ${cases.length} patterns, at a few dozen characters`,
);
const out = resolve(args.out);
await writeFile(
  out,
  `${JSON.stringify(
    {
      worstFirstCpuMs,
      worstAgainCpuMs,
      worstBundleCpuMs,
      medianBundleCpuMs: median(bundleCpu),
      longTasks,
      targets,
      inputCap: MAX_PATTERN_INPUT,
      maxProgramSize: MAX_PROGRAM_SIZE,
      chromium: version,
      date: new Date().toISOString(),
      cases: cases.map((c, i) => ({ pattern: c.pattern, flags: c.flags, programSize: c.programSize, ...results[i] })),
      refused,
    },
    null,
    2,
  )}\n`,
);
console.log(`Wrote ${out}`);
