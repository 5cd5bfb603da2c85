/**
 * The part of the engine benchmark that runs in the page (bundled by `bench/engine.ts`): times
 * the indexed engine and the naive baseline on the same DOM, mutation batches and URL changes.
 */

import type { MatchEngine, Rule } from '../rules/index';
import { batchFromRecords, createEngine, createLinearTester, createNaiveEngine } from '../rules/index';
import { percentile } from './stats';

export interface Timing {
  p50: number;
  p95: number;
  samples: number;
}

export interface RunResult {
  rules: number;
  active: number;
  batches: Record<string, { engine: Timing; naive: Timing; naiveUrlFirst?: Timing }>;
  url: { engine: Timing; naive: Timing };
  agree: boolean;
  nodes: number;
}

function timing(samples: number[]): Timing {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples: samples.length };
}

/** What applies, in a comparable form. */
function snapshot(engine: MatchEngine): string {
  return JSON.stringify(
    engine
      .active()
      .map((a) => [
        a.rule.id,
        a.stepIndex,
        a.target?.status ?? null,
        a.target && 'via' in a.target ? a.target.via : null,
      ]),
  );
}

/** A young-generation collection (Chromium started with --expose-gc), outside any timing. */
const collectGarbage = () => (globalThis as { gc?: (o?: { type: string }) => void }).gc?.({ type: 'minor' });

let serial = 0;
function rowsFor(count: number): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (let i = 0; i < count; i++) {
    const tr = document.createElement('tr');
    const id = 100_000 + serial++;
    tr.dataset.accountId = String(id);
    tr.className = id % 7 === 0 ? 'row vip' : 'row';
    tr.innerHTML = `<td><a href="/accounts/${id}">New account ${id}</a></td><td>Energy</td><td><span class="owner">Owner</span></td><td>City</td><td class="num">1</td>`;
    rows.push(tr);
  }
  return rows;
}

/**
 * Prepares one rule-set size: `iterations` batches of each size for the engine, `naiveIterations`
 * for the baseline, then URL changes. Rows are added (timed), then removed (not timed). The work
 * is cut into steps, each run by its own call from the benchmark (`step()` until it says it is
 * done, then `result()`), so no single call waits on a minute of work on a slow machine.
 */
function start(rules: Rule[], urls: string[], iterations: number, naiveIterations: number, withUrlFirst: boolean) {
  const tbody = document.querySelector('#accounts-table tbody')!;
  const observer = new MutationObserver(() => {});
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  const make = (kind: 'engine' | 'naive' | 'urlFirst') =>
    kind === 'engine'
      ? createEngine({ root: document, url: urls[0]!, rules, testPattern: createLinearTester() })
      : createNaiveEngine({
          root: document,
          url: urls[0]!,
          rules,
          urlFirst: kind === 'urlFirst',
          testPattern: createLinearTester(),
        });
  const engines = { engine: make('engine'), naive: make('naive'), urlFirst: withUrlFirst ? make('urlFirst') : null };
  observer.takeRecords();

  const timeBatches = (engine: MatchEngine, size: number, count: number): number[] => {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const rows = rowsFor(size);
      for (const row of rows) tbody.append(row);
      // The rows' garbage is the harness's, not the engine's: collect it before the clock starts.
      collectGarbage();
      const t0 = performance.now();
      engine.update(batchFromRecords(observer.takeRecords()));
      samples.push(performance.now() - t0);
      for (const row of rows) row.remove();
      engine.update(batchFromRecords(observer.takeRecords()));
    }
    return samples;
  };
  const timeUrls = (engine: MatchEngine, count: number): number[] => {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      collectGarbage();
      const t0 = performance.now();
      engine.setUrl(urls[(i + 1) % urls.length]!);
      samples.push(performance.now() - t0);
    }
    engine.setUrl(urls[0]!);
    return samples;
  };

  const batches: Partial<Record<string, Partial<RunResult['batches'][string]>>> = {};
  const url: Partial<RunResult['url']> = {};
  const steps: (() => void)[] = [];
  for (const size of [1, 10, 100]) {
    const at: Partial<RunResult['batches'][string]> = {};
    batches[size] = at;
    steps.push(() => {
      timeBatches(engines.engine, size, 5); // warm-up
      Object.assign(at, { engine: timing(timeBatches(engines.engine, size, iterations)) });
    });
    steps.push(() => {
      timeBatches(engines.naive, size, 1);
      Object.assign(at, { naive: timing(timeBatches(engines.naive, size, naiveIterations)) });
    });
    const urlFirst = engines.urlFirst;
    if (urlFirst)
      steps.push(() => Object.assign(at, { naiveUrlFirst: timing(timeBatches(urlFirst, size, iterations)) }));
  }
  steps.push(() => {
    timeUrls(engines.engine, 8);
    url.engine = timing(timeUrls(engines.engine, iterations));
  });
  steps.push(() => {
    url.naive = timing(timeUrls(engines.naive, naiveIterations));
  });

  return {
    /** Runs the next step; true once every step has run. */
    step(): boolean {
      steps.shift()?.();
      return steps.length === 0;
    },
    result(): RunResult {
      if (steps.length) throw new Error(`${steps.length} steps of the run are still to do`);
      // The speed must not come from wrong answers: both engines agree at every URL, after the batches.
      let agree = true;
      for (const u of urls) {
        engines.engine.setUrl(u);
        engines.naive.setUrl(u);
        agree &&= snapshot(engines.engine) === snapshot(engines.naive);
      }
      engines.engine.setUrl(urls[0]!);
      const active = engines.engine.active().length;
      observer.disconnect();
      return {
        rules: rules.length,
        active,
        batches: batches as RunResult['batches'],
        url: url as RunResult['url'],
        agree,
        nodes: document.getElementsByTagName('*').length,
      };
    },
  };
}

let current: ReturnType<typeof start> | null = null;

declare global {
  interface Window {
    engineBench: {
      start(...args: Parameters<typeof start>): void;
      step(): boolean;
      result(): RunResult;
    };
  }
}
window.engineBench = {
  start: (...args) => {
    current = start(...args);
  },
  step: () => {
    if (!current) throw new Error('engineBench.start() first');
    return current.step();
  },
  result: () => {
    if (!current) throw new Error('engineBench.start() first');
    return current.result();
  },
};
