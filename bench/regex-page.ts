/**
 * The page side of `npm run bench:regex` (bundled into the benchmark page): each call is one step
 * the benchmark times from outside (main-thread CPU time through CDP) and from inside (wall time).
 */

export interface RegexCase {
  pattern: string;
  flags: string;
  programSize: number;
  evil: string;
  /** Texts of growing length for the backtracking baseline. */
  baseline: string[];
}

type Tester = (pattern: string, flags: string, value: string) => boolean;

declare global {
  interface Window {
    regexBench: {
      /** Fetches the pattern engine bundle (not timed: the browser reads it from the extension). */
      fetch(): Promise<void>;
      /** Evaluates the bundle as the background injects it, as a script of its own; wall ms. */
      load(): number;
      /** One test on the bundle's tester; wall ms and the answer. */
      test(pattern: string, flags: string, text: string): { ms: number; matched: boolean };
      /** One test on JavaScript's RegExp; wall ms. */
      native(pattern: string, flags: string, text: string): number;
      /** Long tasks seen since the page loaded. */
      longTasks(): number;
    };
  }
}

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
let tester: Tester | undefined;
let bundle = '';

window.regexBench = {
  async fetch() {
    bundle = await (await fetch('/overlay-patterns.js')).text();
  },
  load() {
    const script = document.createElement('script');
    script.textContent = bundle;
    const t = performance.now();
    document.head.append(script);
    const ms = performance.now() - t;
    tester = (globalThis as unknown as Record<symbol, Tester>)[Symbol.for('stepwise.patterns')];
    if (!tester) throw new Error('The pattern engine bundle registered no tester');
    return ms;
  },
  test(pattern, flags, text) {
    const t = performance.now();
    const matched = tester!(pattern, flags, text);
    return { ms: performance.now() - t, matched };
  },
  native(pattern, flags, text) {
    const re = new RegExp(pattern, flags);
    const t = performance.now();
    re.test(text);
    return performance.now() - t;
  },
  longTasks: () => longTasks.length,
};
