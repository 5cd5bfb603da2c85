/**
 * `npm run bench:picker`: do picked targets survive a reload of the app with other data, other
 * generated ids and hashed classes, rows inserted above and wrappers added? And how fast does the
 * in-page picker highlight what the pointer is over?
 *
 * Survival: the demo CRM runs in its re-render mode (`?seed=N`). On each of its pages, every
 * element the app renders from its templates is picked with the picker's own generator
 * (`rules/target/generate`) and with a baseline, @medv/finder with its defaults, both running in an
 * isolated world that sees only the DOM. The page is then loaded again with another seed and each
 * target resolved as the engine resolves it. The app keeps which element is which (a logical name
 * per element, and which elements a release added) in its own world, in a WeakMap the generator
 * cannot reach; the benchmark asks it by position in a walk both worlds make the same way.
 *
 * Hover: the built extension's picker on the 16,000-element accounts page; the time from each
 * pointer move (the event's time stamp) to the highlight's label changing, beside the naive way of
 * generating a target on every hover, measured in the same run.
 *
 * Writes `bench/results/picker.json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build as esbuild } from 'esbuild';
import type { CDPSession, Page } from 'puppeteer-core';
import { StepwiseBrowser } from '../browser-harness/harness';
import { startDemoCrm } from '../demo-crm/server';
import type { Target } from '../rules/index';
import { measureHover } from './picker-hover';
import { percentile } from './stats';

const root = resolve(import.meta.dirname, '..');
/** Pairs of seeds: picked on the first, resolved on the second. */
const SEED_PAIRS: [number, number][] = [
  [1, 2],
  [7, 3],
  [10, 5],
];
/** The pages picked on; the shell (header, navigation) is picked on the first only. */
const PAGES: { path: string; dialog?: boolean }[] = [
  { path: '/accounts' },
  { path: '/accounts/3?delay=0' },
  { path: '/accounts/250?delay=0', dialog: true },
  { path: '/accounts/1999?delay=0' },
  { path: '/opportunities/new?account=5' },
  { path: '/opportunities/new?account=1400' },
  { path: '/reports#/pipeline' },
  { path: '/reports#/forecast' },
];

interface Picked {
  ours: Target | null;
  oursUnique: boolean;
  oursMs: number;
  baseline: Target | null;
  baselineError?: string;
  words: string;
  kind: string;
}

interface Outcome {
  page: string;
  key: string;
  seeds: [number, number];
  ours: 'survived' | 'ambiguous' | 'missing' | 'wrong' | 'not-generated';
  baseline: 'survived' | 'ambiguous' | 'missing' | 'wrong' | 'not-generated';
  target: Target | null;
  words: string;
  kind: string;
}

const withSeed = (path: string, seed: number): string => {
  const [beforeHash, hash = ''] = path.split('#');
  const sep = beforeHash!.includes('?') ? '&' : '?';
  return `${beforeHash}${sep}seed=${seed}${hash ? `#${hash}` : ''}`;
};

/**
 * The logical name of every element of the walk, in the page's own world: its route and its path
 * of tags among the siblings the templates made (wrappers and added elements left out), or null
 * for what is not picked (added elements, rows past the second, the shell except on `withShell`).
 */
function pageKeys(withShell: boolean): (string | null)[] {
  const variant = (
    window as unknown as { acmeVariant: { isWrapper(el: Element): boolean; isAdded(el: Element): boolean } }
  ).acmeVariant;
  const skip = new Set(['script', 'style', 'template', 'br', 'link', 'meta']);
  const walk = (doc: Document): Element[] => {
    const out: Element[] = [];
    const stack: Element[] = doc.body ? [doc.body] : [];
    while (stack.length) {
      const el = stack.pop()!;
      out.push(el);
      const next: Element[] = Array.from(el.children);
      if (el.shadowRoot) next.push(...Array.from(el.shadowRoot.children));
      if (el.localName === 'iframe') {
        const body = (el as HTMLIFrameElement).contentDocument?.body;
        if (body) next.push(body);
      }
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    }
    return out;
  };
  // The children the templates made: wrappers are see-through, added elements left out.
  const logicalChildren = (parent: Element | ShadowRoot): Element[] =>
    Array.from(parent.children).flatMap((c) =>
      variant.isAdded(c) ? [] : variant.isWrapper(c) ? logicalChildren(c) : [c],
    );
  const keyOf = (el: Element): string | null => {
    const parts: string[] = [];
    for (let cur: Element | null = el; cur; ) {
      if (variant.isAdded(cur)) return null;
      if (variant.isWrapper(cur)) {
        if (cur === el) return null;
        cur = cur.parentElement;
        continue;
      }
      if (cur.localName === 'body') {
        const frame: Element | null | undefined = cur.ownerDocument.defaultView?.frameElement;
        if (!frame) break;
        parts.unshift('#frame');
        cur = frame;
        continue;
      }
      let parent: Element | ShadowRoot | null = cur.parentElement;
      while (parent instanceof Element && variant.isWrapper(parent)) parent = parent.parentElement;
      const rootNode = cur.getRootNode();
      if (!parent && rootNode instanceof ShadowRoot) parent = rootNode;
      const siblings = parent ? logicalChildren(parent).filter((s) => s.localName === cur!.localName) : [cur];
      parts.unshift(`${cur.localName}${siblings.length > 1 ? `[${siblings.indexOf(cur) + 1}]` : ''}`);
      if (parent instanceof ShadowRoot) parts.unshift('#shadow');
      cur = parent instanceof ShadowRoot ? parent.host : parent;
    }
    return parts.join('/');
  };
  return walk(document).map((el) => {
    if (skip.has(el.localName) || el.localName === 'body') return null;
    const key = keyOf(el);
    if (!key) return null;
    // The shell (header, status line) is the same on every page: picked on one.
    const shell = key.startsWith('header') || key === 'div' || key.startsWith('div[1]');
    if (shell && !withShell) return null;
    // Rows are data: the first two stand for the rest.
    const row = key.match(/tbody\/tr\[(\d+)\]/);
    if (row && Number(row[1]) > 2) return null;
    return `${location.pathname}${location.hash} ${key}`;
  });
}

/** `pageKeys` in the page's world (tsx may wrap functions in `__name(...)`: defined there too). */
const keysOf = (page: Page, withShell: boolean): Promise<(string | null)[]> =>
  page.evaluate(`((__name) => (${pageKeys.toString()})(${withShell}))((f) => f)`) as Promise<(string | null)[]>;

/** An isolated world on the page's top frame with the benchmark's bundle in it. */
async function isolatedWorld(
  page: Page,
  bundle: string,
): Promise<{ cdp: CDPSession; eval: <T>(expr: string) => Promise<T> }> {
  const cdp = await page.createCDPSession();
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'stepwise-picker-bench',
  });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  };
  await evaluate(bundle);
  return { cdp, eval: evaluate };
}

/** Loads a page in re-render mode and waits until everything it shows is there. */
async function load(page: Page, baseUrl: string, path: string, seed: number, dialog?: boolean): Promise<void> {
  await page.goto(`${baseUrl}${withSeed(path, seed)}`, { waitUntil: 'load' });
  await page.waitForFunction(
    (p) => {
      const main = document.querySelector('main');
      if (!main?.children.length) return false;
      if (p.startsWith('/accounts/')) return main.querySelector('section ul') !== null;
      if (p.startsWith('/opportunities/new')) {
        const frame = main.querySelector('iframe');
        return (
          frame?.contentDocument?.readyState === 'complete' && frame.contentDocument.querySelector('textarea') !== null
        );
      }
      return true;
    },
    {},
    path,
  );
  if (dialog) {
    await page.evaluate(() =>
      [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Log a call'))?.click(),
    );
    await page.waitForFunction(() => document.querySelector('[role="dialog"]') !== null);
  }
}

async function survival(sw: StepwiseBrowser, baseUrl: string, bundle: string) {
  const page = await sw.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const outcomes: Outcome[] = [];
  const generateMs: number[] = [];
  for (const [a, b] of SEED_PAIRS) {
    for (const [n, spec] of PAGES.entries()) {
      await load(page, baseUrl, spec.path, a, spec.dialog);
      const keysA = await keysOf(page, n === 0);
      const indices = keysA.flatMap((k, i) => (k ? [i] : []));
      const worldA = await isolatedWorld(page, bundle);
      const walkedA = await worldA.eval<number>('pickerBench.walk().length');
      if (walkedA !== keysA.length) throw new Error(`The two worlds walked ${walkedA} and ${keysA.length} elements`);
      const picked = await worldA.eval<Picked[]>(`pickerBench.pick(${JSON.stringify(indices)})`);
      await worldA.cdp.detach();
      generateMs.push(...picked.map((p) => p.oursMs));

      await load(page, baseUrl, spec.path, b, spec.dialog);
      const keysB = await keysOf(page, true);
      const worldB = await isolatedWorld(page, bundle);
      const ours = await worldB.eval<number[][]>(`pickerBench.resolve(${JSON.stringify(picked.map((p) => p.ours))})`);
      const base = await worldB.eval<number[][]>(
        `pickerBench.resolve(${JSON.stringify(picked.map((p) => p.baseline))})`,
      );
      await worldB.cdp.detach();
      const judge = (target: Target | null, found: number[], key: string): Outcome['ours'] => {
        if (!target) return 'not-generated';
        if (found.length === 0) return 'missing';
        if (found.length > 1) return 'ambiguous';
        return keysB[found[0]!] === key ? 'survived' : 'wrong';
      };
      indices.forEach((index, i) => {
        const key = keysA[index]!;
        const p = picked[i]!;
        outcomes.push({
          page: spec.path,
          key,
          seeds: [a, b],
          ours: judge(p.ours, ours[i]!, key),
          baseline: judge(p.baseline, base[i]!, key),
          target: p.ours,
          words: p.words,
          kind: p.kind,
        });
      });
    }
  }
  await page.close();
  return { outcomes, generateMs };
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main() {
  // The machine may be shared: the hover figures are only as good as it was quiet.
  const loadAverageAtStart = loadavg().map((n) => Math.round(n * 100) / 100);
  const { outputFiles } = await esbuild({
    entryPoints: [join(root, 'bench/picker-world.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
  });
  const bundle = outputFiles[0]!.text;
  const crm = await startDemoCrm();
  const sw = await StepwiseBrowser.launch();
  try {
    const { outcomes, generateMs } = await survival(sw, crm.url, bundle);
    const count = (who: 'ours' | 'baseline', what: Outcome['ours']) => outcomes.filter((o) => o[who] === what).length;
    const picked = outcomes.length;
    const failures = outcomes.filter((o) => o.ours !== 'survived');
    const byKind = (list: Outcome[]) =>
      Object.fromEntries(
        [...new Set(list.map((o) => o.kind))].map((k) => [k, list.filter((o) => o.kind === k).length]),
      );
    const hover = await measureHover(sw, crm.url, bundle);
    const result = {
      date: new Date().toISOString(),
      loadAverageAtStart,
      loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
      seedPairs: SEED_PAIRS,
      pages: PAGES.map((p) => p.path),
      picked,
      survived: count('ours', 'survived'),
      survival: round(count('ours', 'survived') / picked),
      ambiguousAfter: count('ours', 'ambiguous'),
      missingAfter: count('ours', 'missing'),
      wrongAfter: count('ours', 'wrong'),
      notGenerated: count('ours', 'not-generated'),
      baselineName: '@medv/finder 4 (defaults)',
      baselineSurvived: count('baseline', 'survived'),
      baselineSurvival: round(count('baseline', 'survived') / picked),
      baselineAmbiguousAfter: count('baseline', 'ambiguous'),
      baselineMissingAfter: count('baseline', 'missing'),
      baselineWrongAfter: count('baseline', 'wrong'),
      baselineNotGenerated: count('baseline', 'not-generated'),
      primaryKinds: byKind(outcomes),
      generateMs: {
        p50: round(percentile(generateMs, 50), 2),
        p95: round(percentile(generateMs, 95), 2),
        max: round(Math.max(...generateMs), 2),
      },
      ...hover,
      failures: failures.map((o) => ({
        page: o.page,
        element: o.key,
        seeds: o.seeds,
        outcome: o.ours,
        target: o.target,
        words: o.words,
      })),
    };
    console.log(
      `Picked ${picked} elements on ${PAGES.length} pages, ${SEED_PAIRS.length} seed pairs.\n` +
        `  Stepwise generator: ${result.survived} survived (${(result.survival * 100).toFixed(1)}%), ` +
        `${result.ambiguousAfter} ambiguous, ${result.missingAfter} missing, ${result.wrongAfter} wrong, ${result.notGenerated} not generated\n` +
        `  Baseline (${result.baselineName}): ${result.baselineSurvived} survived (${(result.baselineSurvival * 100).toFixed(1)}%), ` +
        `${result.baselineAmbiguousAfter} ambiguous, ${result.baselineMissingAfter} missing, ${result.baselineWrongAfter} wrong, ${result.baselineNotGenerated} not generated\n` +
        `  Generating a target: p50 ${result.generateMs.p50} ms, p95 ${result.generateMs.p95} ms\n` +
        `  Hover to highlight on ${hover.hoverPageElements} elements: p95 ${hover.hoverToHighlightP95Ms} ms (p50 ${hover.hoverToHighlightP50Ms}); ` +
        `from the input's time stamp, with the browser's wait for the frame: p95 ${hover.inputToHighlightP95Ms} ms; ` +
        `naive (a target generated on each hover): p95 ${hover.naiveHoverP95Ms} ms (${hover.hoverHighlights} highlights of ${hover.hoverMoves} moves)`,
    );
    for (const f of result.failures)
      console.log(`  failed: ${f.outcome} ${f.element} (${f.seeds.join('→')}) ${JSON.stringify(f.target)}`);
    await mkdir(join(root, 'bench/results'), { recursive: true });
    await writeFile(join(root, 'bench/results/picker.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await sw.close();
    await crm.close();
  }
}

await main();
