/**
 * `npm run bench:store`: 100,000 usage events through the real message path into IndexedDB in
 * Chromium, against the naive baseline (one read-and-put transaction per event) in the same run.
 * Both report a rate (events a second, transactions an event), so the baseline, which is slow by
 * nature, times a smaller sample: 10,000 events (over 100,000 it ran for minutes).
 *
 * The events are sent as the overlay sends them: from the overlay content script's world on demo
 * CRM tabs, `usage.record` messages of a few events, several on their way at once. The e2e build's
 * `debug.store` message switches the background between its real counting and the baseline, and
 * reports IndexedDB transaction counts.
 *
 * Each tab's content script sends on its own; the benchmark only asks it, a few seconds at a time,
 * whether it is done, so no protocol call waits on minutes of work (Puppeteer gives one 180 s).
 *
 * Each phase also reports the CPU time Chromium (all its processes) spent an event: unlike a rate,
 * it hardly moves when other work shares the machine.
 *
 * Options: --events N (100000), --naive-events N (10000), --batch N events a message (10),
 * --tabs N (4), --lanes N messages on their way per tab (4), --out FILE (bench/results/store.json).
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import { findChrome, StepwiseBrowser } from '../browser-harness/harness';
import { startDemoCrm } from '../demo-crm/server';
import { descendantsCpuSeconds } from './process-cpu';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    'naive-events': { type: 'string', default: '10000' },
    batch: { type: 'string', default: '10' },
    tabs: { type: 'string', default: '4' },
    lanes: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench/results/store.json' },
  },
});
const EVENTS = Number(args.events);
const NAIVE_EVENTS = Number(args['naive-events']);
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
  /** CPU milliseconds Chromium's processes spent, per 1,000 events. */
  cpuMsPer1000: number;
}

/** The longest a single call into a tab waits for its sending to finish before asking again. */
const POLL_MS = 5_000;

/**
 * Starts sending `count` events from one tab's content script, `LANES` messages on their way at
 * once, and returns at once; `sent` waits for the end.
 */
function startSending(sw: StepwiseBrowser, page: Page, prefix: string, start: number, count: number) {
  return sw.inContentScript(
    page,
    ({ prefix, start, count, batch, lanes }) => {
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
      const sending = globalThis as unknown as { benchSending?: Record<string, Promise<string>> };
      sending.benchSending ??= {};
      // Resolves to '' when all was sent, or to what went wrong.
      sending.benchSending[prefix] = Promise.all(Array.from({ length: lanes }, lane)).then(
        () => '',
        (error: unknown) => String(error),
      );
    },
    { prefix, start, count, batch: BATCH, lanes: LANES },
  );
}

/** Waits until the tab has sent everything `startSending` gave it, asking every `POLL_MS` at most. */
async function sent(sw: StepwiseBrowser, page: Page, prefix: string): Promise<void> {
  for (;;) {
    const outcome = await sw.inContentScript(
      page,
      ({ prefix, ms }) => {
        const sending = (globalThis as unknown as { benchSending: Record<string, Promise<string>> }).benchSending;
        return Promise.race([sending[prefix], new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
      },
      { prefix, ms: POLL_MS },
    );
    if (outcome === '') return;
    if (outcome !== null) throw new Error(`Sending usage from a tab failed: ${outcome}`);
  }
}

/** Chromium's process id (the benchmark launches it, over a pipe). */
const chromiumPid = (sw: StepwiseBrowser) => sw.browser.process()?.pid;

async function runPhase(sw: StepwiseBrowser, tabs: Page[], mode: 'naive' | 'batched', prefix: string, events: number) {
  await sw.send({ type: 'debug.store', action: mode });
  const before = await sw.send({ type: 'debug.store', action: 'flush' });
  const cpuBefore = descendantsCpuSeconds(chromiumPid(sw));
  const perTab = Math.ceil(events / tabs.length);
  const started = performance.now();
  await Promise.all(
    tabs.map((tab, i) => startSending(sw, tab, prefix, i * perTab, Math.max(0, Math.min(perTab, events - i * perTab)))),
  );
  await Promise.all(tabs.map((tab) => sent(sw, tab, prefix)));
  // Counted means in IndexedDB: the batched store's last flush is part of its time.
  const after = await sw.send({ type: 'debug.store', action: 'flush' });
  const ms = performance.now() - started;
  const cpu = descendantsCpuSeconds(chromiumPid(sw)) - cpuBefore;
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
    cpuMsPer1000: Math.round((cpu * 1000 * 1000) / events),
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
    `Store benchmark: ${EVENTS.toLocaleString()} usage events (the baseline ${NAIVE_EVENTS.toLocaleString()}), ` +
      `${BATCH} a message, ${TABS} tabs × ${LANES} on their way`,
  );
  // Warm up both paths (JIT, the database's first pages); not measured.
  await runPhase(sw, tabs, 'naive', 'warm-naive', 2_000);
  await runPhase(sw, tabs, 'batched', 'warm-batched', 2_000);

  const naive = await runPhase(sw, tabs, 'naive', 'naive', NAIVE_EVENTS);
  const batched = await runPhase(sw, tabs, 'batched', 'batched', EVENTS);
  await sw.send({ type: 'debug.store', action: 'batched' });

  const result = {
    events: EVENTS,
    naiveEvents: NAIVE_EVENTS,
    batchSize: BATCH,
    tabs: TABS,
    lanesPerTab: LANES,
    messages: batched.messages,
    eventsPerSec: batched.eventsPerSec,
    naiveEventsPerSec: naive.eventsPerSec,
    throughputRatio: Number((batched.eventsPerSec / naive.eventsPerSec).toFixed(1)),
    cpuMsPer1000: batched.cpuMsPer1000,
    naiveCpuMsPer1000: naive.cpuMsPer1000,
    cpuRatio: Number((naive.cpuMsPer1000 / Math.max(1, batched.cpuMsPer1000)).toFixed(1)),
    transactions: batched.transactions,
    naiveTransactions: naive.transactions,
    // Per event: the two phases time samples of different sizes.
    transactionRatio: Number(
      (naive.transactions / naive.events / (Math.max(1, batched.transactions) / batched.events)).toFixed(1),
    ),
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
    `  ${name.padEnd(26)} ${String(p.events).padStart(8)} ${String(p.eventsPerSec).padStart(10)} ${String(p.transactions).padStart(14)} ${String(p.ms).padStart(9)} ${String(p.lost).padStart(6)}`;
  console.log(
    `  ${''.padEnd(26)} ${'events'.padStart(8)} ${'events/s'.padStart(10)} ${'transactions'.padStart(14)} ${'ms'.padStart(9)} ${'lost'.padStart(6)}`,
  );
  console.log(row('summed flushes + log', batched));
  console.log(row('one put per event (naive)', naive));
  console.log(
    `  throughput ${result.throughputRatio}× the baseline (target ≥ 5×); ${result.transactionRatio}× fewer transactions an event (target ≥ 20×); lost ${result.lost} (target 0)`,
  );
  console.log(
    `  Chromium CPU: ${batched.cpuMsPer1000} ms per 1,000 events, the baseline ${naive.cpuMsPer1000} ms (${result.cpuRatio}× less)`,
  );
  console.log(`  write-ahead appends: ${batched.walAppends} for ${batched.messages} messages`);
  await writeFile(resolve(root, args.out), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${args.out}`);
} finally {
  await sw.close();
  await crm.close();
}
