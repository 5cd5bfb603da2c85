/**
 * The part of the engine benchmark that runs in the page (bundled by `bench/engine.ts`): times
 * the indexed engine and the naive baseline on the same DOM, mutation batches and URL changes.
 */

import type { MatchEngine, Rule } from '../rules/index';
import { batchFromRecords, createEngine, createLinearTester, createNaiveEngine } from '../rules/index';

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p95: percentile(s, 0.95), samples: s.length };
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
 * Runs one rule-set size: `iterations` batches of each size for the engine, `naiveIterations`
 * for the baseline, then URL changes. Rows are added (timed), then removed (not timed).
 */
function run(
  rules: Rule[],
  urls: string[],
  iterations: number,
  naiveIterations: number,
  withUrlFirst: boolean,
): RunResult {
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

  const batches: RunResult['batches'] = {};
  for (const size of [1, 10, 100]) {
    timeBatches(engines.engine, size, 5); // warm-up
    const engine = timing(timeBatches(engines.engine, size, iterations));
    timeBatches(engines.naive, size, 1);
    const naive = timing(timeBatches(engines.naive, size, naiveIterations));
    const urlFirst = engines.urlFirst ? timing(timeBatches(engines.urlFirst, size, iterations)) : undefined;
    batches[size] = { engine, naive, ...(urlFirst && { naiveUrlFirst: urlFirst }) };
  }
  timeUrls(engines.engine, 8);
  const url = {
    engine: timing(timeUrls(engines.engine, iterations)),
    naive: timing(timeUrls(engines.naive, naiveIterations)),
  };

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
  return { rules: rules.length, active, batches, url, agree, nodes: document.getElementsByTagName('*').length };
}

declare global {
  interface Window {
    engineBench: { run: typeof run };
  }
}
window.engineBench = { run };
