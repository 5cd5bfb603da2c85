/**
 * `npm run bench:store`: 100,000 usage events through the real message path into IndexedDB in
 * Chromium, against the naive baseline (one read-and-put transaction per event) in the same run.
 *
 * The events are sent as the overlay sends them: from the overlay content script's world on demo
 * CRM tabs, `usage.record` messages of a few events, several on their way at once. The e2e build's
 * `debug.store` message switches the background between its real counting and the baseline, and
 * reports IndexedDB transaction counts.
 *
 * Options: --events N (100000), --batch N events a message (10), --tabs N (4), --lanes N
 * messages on their way per tab (4), --out FILE (bench/results/store.json).
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import { findChrome, StepwiseBrowser } from '../browser-harness/harness';
import { startDemoCrm } from '../demo-crm/server';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '10' },
    tabs: { type: 'string', default: '4' },
    lanes: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench/results/store.json' },
  },
});
const EVENTS = Number(args.events);
const BATCH = Number(args.batch);
const TABS = Number(args.tabs);
const LANES = Number(args.lanes);

interface Phase {
  events: number;
  messages: number;
  ms: number;
  transactions: number;
  readwrite: number;
  walAppends: number;
  counted: number;
  lost: number;
  eventsPerSec: number;
}

/** Sends `count` events from one tab's content script, `LANES` messages on their way at once. */
function sendFromTab(sw: StepwiseBrowser, page: Page, prefix: string, start: number, count: number) {
  return sw.inContentScript(
    page,
    async ({ prefix, start, count, batch, lanes }) => {
      const names = ['shown', 'completed', 'dismissed', 'helpful', 'unhelpful', 'target-missing'];
      let next = start;
      const end = start + count;
      const lane = async () => {
        while (next < end) {
          const from = next;
          next = Math.min(end, next + batch);
          const events = [];
          for (let i = from; i < next; i++) {
            events.push({
              ruleId: `${prefix}-rule-${i % 40}`,
              stepId: `step-${i % 5}`,
              event: names[i % names.length],
            });
          }
          const reply = await chrome.runtime.sendMessage({
            type: 'usage.record',
            events,
            batchId: `${prefix}:${from}`,
          });
          if (!reply?.ok) throw new Error(reply?.error ?? 'no reply');
        }
      };
      await Promise.all(Array.from({ length: lanes }, lane));
    },
    { prefix, start, count, batch: BATCH, lanes: LANES },
  );
}

async function runPhase(sw: StepwiseBrowser, tabs: Page[], mode: 'naive' | 'batched', prefix: string, events: number) {
  await sw.send({ type: 'debug.store', action: mode });
  const before = await sw.send({ type: 'debug.store', action: 'flush' });
  const perTab = Math.ceil(events / tabs.length);
  const started = performance.now();
  await Promise.all(
    tabs.map((tab, i) => sendFromTab(sw, tab, prefix, i * perTab, Math.max(0, Math.min(perTab, events - i * perTab)))),
  );
  // Counted means in IndexedDB: the batched store's last flush is part of its time.
  const after = await sw.send({ type: 'debug.store', action: 'flush' });
  const ms = performance.now() - started;
  const { counters } = await sw.send({ type: 'usage.export' });
  const counted = counters.filter((c) => c.ruleId.startsWith(`${prefix}-`)).reduce((n, c) => n + c.count, 0);
  return {
    events,
    messages: Math.ceil(perTab / BATCH) * tabs.length,
    ms: Math.round(ms),
    transactions: after.transactions - before.transactions,
    readwrite: after.readwrite - before.readwrite,
    walAppends: after.walAppends - before.walAppends,
    counted,
    lost: events - counted,
    eventsPerSec: Math.round(events / (ms / 1000)),
  } satisfies Phase;
}

const root = resolve(import.meta.dirname, '..');
const crm = await startDemoCrm();
const sw = await StepwiseBrowser.launch();
try {
  await sw.grantDemoOrigin();
  const tabs: Page[] = [];
  for (let i = 0; i < TABS; i++) tabs.push(await sw.open(`${crm.url}/opportunities/new`));
  console.log(
    `Store benchmark: ${EVENTS.toLocaleString()} usage events, ${BATCH} a message, ${TABS} tabs × ${LANES} on their way`,
  );
  // Warm up both paths (JIT, the database's first pages); not measured.
  await runPhase(sw, tabs, 'naive', 'warm-naive', 2_000);
  await runPhase(sw, tabs, 'batched', 'warm-batched', 2_000);

  const naive = await runPhase(sw, tabs, 'naive', 'naive', EVENTS);
  const batched = await runPhase(sw, tabs, 'batched', 'batched', EVENTS);
  await sw.send({ type: 'debug.store', action: 'batched' });

  const result = {
    events: EVENTS,
    batchSize: BATCH,
    tabs: TABS,
    lanesPerTab: LANES,
    messages: batched.messages,
    eventsPerSec: batched.eventsPerSec,
    naiveEventsPerSec: naive.eventsPerSec,
    throughputRatio: Number((batched.eventsPerSec / naive.eventsPerSec).toFixed(1)),
    transactions: batched.transactions,
    naiveTransactions: naive.transactions,
    transactionRatio: Number((naive.transactions / Math.max(1, batched.transactions)).toFixed(1)),
    lost: batched.lost,
    naiveLost: naive.lost,
    ms: batched.ms,
    naiveMs: naive.ms,
    readwriteTransactions: batched.readwrite,
    walAppends: batched.walAppends,
    chromium: execFileSync(await findChrome(), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
    date: new Date().toISOString(),
  };
  const row = (name: string, p: Phase) =>
    `  ${name.padEnd(26)} ${String(p.eventsPerSec).padStart(10)} ${String(p.transactions).padStart(14)} ${String(p.ms).padStart(9)} ${String(p.lost).padStart(6)}`;
  console.log(
    `  ${''.padEnd(26)} ${'events/s'.padStart(10)} ${'transactions'.padStart(14)} ${'ms'.padStart(9)} ${'lost'.padStart(6)}`,
  );
  console.log(row('summed flushes + log', batched));
  console.log(row('one put per event (naive)', naive));
  console.log(
    `  throughput ${result.throughputRatio}× the baseline (target ≥ 5×); ${result.transactionRatio}× fewer transactions (target ≥ 20×); lost ${result.lost} (target 0)`,
  );
  console.log(`  write-ahead appends: ${batched.walAppends} for ${batched.messages} messages`);
  await writeFile(resolve(root, args.out), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${args.out}`);
} finally {
  await sw.close();
  await crm.close();
}
