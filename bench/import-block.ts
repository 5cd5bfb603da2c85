/**
 * `npm run bench:import`: how long a 10,000-rule import blocks the background at a time.
 *
 * The background's real `packs.import` handler runs in Node on fake-indexeddb (which, like a
 * browser, answers on later macrotasks). A timer chain beside it records the gaps between its
 * ticks: the longest gap is the longest stretch in which nothing else (another message, a page's
 * request) could have run. The naive baseline, timed in the same run, is one `structuredClone` of
 * the same pack: the copy IndexedDB itself makes of a value, the least a write of it can block.
 *
 * The first import and the update over it are timed apart (an update also moves the working
 * version's rules aside, to be restored). The pack records keep no rules since database version 9:
 * rules are written and read a page at a time (`background/db/pack-rules.ts`).
 *
 * Beside it, not part of the import: the next page's request after an import whose rules have a
 * site each (live content read, and the rules picked by origin and address as `overlay.hello` does).
 *
 * Options: --rules N (10000), --runs N (3), --out FILE (bench/results/import-block.json).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { StepwiseDatabase } from '../background/db/database';
import { StoreHealth } from '../background/db/health';
import { liveContent } from '../background/db/live-content';
import { storePack } from '../background/db/packs';
import { packHandlers } from '../background/handlers/packs';
import type { Store } from '../background/store';
import {
  parsePack,
  parsePackInSlices,
  type RulePack,
  ruleMatchesUrl,
  ruleMayApplyToOrigin,
  type UrlPattern,
} from '../rules/index';
import { STARTER_PACK_FILE } from '../scripts/starter-pack';
import { median } from './stats';

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/results/import-block.json' },
  },
});
const RULES = Number(args.rules);
const RUNS = Number(args.runs);

/** A pack of `count` rules: the starter pack's rules again and again, each with its own id. */
export function bigPack(count: number, version = 1): RulePack {
  const starter = JSON.parse(readFileSync(STARTER_PACK_FILE, 'utf8')) as RulePack;
  const rules = Array.from({ length: count }, (_, i) => {
    const rule = structuredClone(starter.rules[i % starter.rules.length]!);
    return { ...rule, id: `${rule.id}-${i}` };
  });
  return { ...starter, id: 'big-pack', version, rules, checklists: [] };
}

/** Runs `work` while timing the gaps between timer ticks; the longest gap in ms. */
async function longestBlock(work: () => Promise<unknown>): Promise<{ longest: number; total: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const start = performance.now();
  last = start;
  await work();
  const total = performance.now() - start;
  running = false;
  tick();
  return { longest, total };
}

const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const pack = bigPack(RULES);
const bytes = Buffer.byteLength(JSON.stringify(pack));
type Parser = typeof parsePack | typeof parsePackInSlices;

interface Measured {
  longest: number[];
  totals: number[];
}

/** Longest blocks (and total times) of a first import and of an update over it, `RUNS` times. */
async function measure(parser: Parser): Promise<{ first: Measured; update: Measured }> {
  const first: Measured = { longest: [], totals: [] };
  const update: Measured = { longest: [], totals: [] };
  for (let run = 0; run < RUNS; run++) {
    // The parts of the background's store the handler uses (the whole store needs the browser's APIs).
    const db = new StepwiseDatabase({ name: `import-bench-${run}-${Date.now()}` });
    const health = new StoreHealth();
    const store = {
      db,
      health,
      now: Date.now,
      guard: (_a: string, op: () => Promise<unknown>) => op(),
      contentChanged() {},
    };
    const handlers = packHandlers(store as unknown as Store, parser);
    for (const version of [1, 2]) {
      const input = { ...structuredClone(pack), version };
      const { longest, total } = await longestBlock(async () => {
        const reply = await handlers['packs.import']({ type: 'packs.import', pack: input, source: 'imported' }, sender);
        if (reply.imported !== RULES)
          throw new Error(`imported ${reply.imported} of ${RULES}: ${JSON.stringify(reply.problems[0])}`);
        // What the next page's request then does: read the live content again.
        await liveContent(db, health);
      });
      const into = version === 1 ? first : update;
      into.longest.push(longest);
      into.totals.push(total);
    }
    db.close();
  }
  return { first, update };
}

const sender = { id: 'bench', url: 'chrome-extension://bench/options.html' } as Parameters<
  ReturnType<typeof packHandlers>['packs.import']
>[1];
const naive: number[] = [];
for (let run = 0; run < RUNS; run++) naive.push((await longestBlock(async () => structuredClone(pack))).longest);
const whole = await measure(parsePack);
const sliced = await measure(parsePackInSlices);

/** `pack` with a site of its own for each rule: no two rules share a URL pattern. */
function ownSites(p: RulePack): RulePack {
  const site = (u: UrlPattern, i: number): UrlPattern =>
    typeof u === 'string' ? u.replace('127.0.0.1', `app${i}.example.com`) : { ...u, hostname: `app${i}.example.com` };
  return {
    ...p,
    rules: p.rules.map((rule, i) => ({
      ...rule,
      where: { ...rule.where, urls: rule.where.urls.map((u) => site(u, i)) },
    })),
  };
}

/**
 * A page's first request after an import of rules with a site each: live content read, and the
 * rules for its address picked as `overlay.hello` picks them (`ruleMayApplyToOrigin`, then
 * `ruleMatchesUrl`).
 */
async function pagesAfterImport(): Promise<number[]> {
  const longest: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const db = new StepwiseDatabase({ name: `import-bench-page-${run}-${Date.now()}` });
    const health = new StoreHealth();
    await storePack(db, ownSites(pack), 'imported', Date.now());
    const block = await longestBlock(async () => {
      const { rules } = await liveContent(db, health);
      const url = 'http://app17.example.com/accounts';
      rules.filter((rule) => ruleMayApplyToOrigin(rule, url)).filter((rule) => ruleMatchesUrl(rule, url));
    });
    longest.push(block.longest);
    db.close();
  }
  return longest;
}
const pages = await pagesAfterImport();

const one = (m: Measured) => ({
  longestBlockMs: { median: Math.round(median(m.longest)), max: Math.round(Math.max(...m.longest)) },
  totalMs: { median: Math.round(median(m.totals)) },
});
const figures = (m: { first: Measured; update: Measured }) => ({ firstImport: one(m.first), update: one(m.update) });
const result = {
  rules: RULES,
  bytes,
  loadavg: { start: loadAtStart, end: loadavg().map((l) => Number(l.toFixed(2))) },
  validatedWhole: figures(whole),
  validatedInSlices: figures(sliced),
  naiveStructuredCloneMs: { median: Math.round(median(naive)) },
  /** Not the import: what the background does for the next page, with a site per rule. */
  pageAfterImportWithASitePerRule: {
    longestBlockMs: { median: Math.round(median(pages)), max: Math.round(Math.max(...pages)) },
  },
};
const line = (name: string, f: ReturnType<typeof figures>) =>
  (['firstImport', 'update'] as const)
    .map((kind) => {
      const { longestBlockMs, totalMs } = f[kind];
      const what = kind === 'firstImport' ? 'first import' : 'update';
      return `  ${name}, ${what}: longest block ${longestBlockMs.median} ms median, ${longestBlockMs.max} ms max (whole import ${totalMs.median} ms)`;
    })
    .join('\n');
console.log(
  `${RULES} rules (${(bytes / 1024 / 1024).toFixed(1)} MB), first import and an update, ${RUNS} runs each, load ${result.loadavg.start.join(' ')} -> ${result.loadavg.end.join(' ')}:\n` +
    `${line('validated in one go', result.validatedWhole)}\n${line('validated in slices', result.validatedInSlices)}\n` +
    `  naive baseline, one structuredClone of the pack: ${result.naiveStructuredCloneMs.median} ms\n` +
    `  the next page's request, rules with a site each (live content read, filtered by origin and address): longest block ${result.pageAfterImportWithASitePerRule.longestBlockMs.median} ms median`,
);
await writeFile(args.out, `${JSON.stringify(result, null, 2)}\n`);
