/**
 * Probes rules' targets on a page people already visit: for each rule whose URL and condition hold
 * here, looks for each step's target (its selector, then its fallbacks, each with the target's text
 * and label filters, as the engine does) and says whether it is there once, several times or not at all, and which way found it.
 * The DOM and the URL come as parameters; `runProbe` spreads the work over idle time.
 */
import {
  type ConditionContext,
  compileWhere,
  evaluateCondition,
  filterMatches,
  frameDocuments,
  makeResolution,
  NOT_FOUND,
  parseUrl,
  patternCompiler,
  queryAll,
  type Resolution,
  type Rule,
  shadowRootsUnder,
  type Target,
  type URLPatternConstructor,
  whereMatches,
} from '../rules/probe';

/** A rule as the background sends it for a probe. */
export interface ProbeRule {
  id: string;
  where: Rule['where'];
  steps: { id: string; target: Target }[];
}

export interface ProbeResult {
  ruleId: string;
  stepId: string;
  status: 'found' | 'ambiguous' | 'missing';
  via?: string;
  /** Which of the rule's URL patterns matched the page (a walkthrough's steps live on different pages). */
  pattern: number;
}

/** Deep queries in one document (and its open shadow roots), the shadow roots looked up once. */
export class PageQuery {
  readonly #shadows = new Map<Document, ShadowRoot[]>();
  constructor(readonly doc: Document) {}

  all(d: Document, selector: string): Element[] {
    let shadows = this.#shadows.get(d);
    if (!shadows) {
      shadows = shadowRootsUnder(d);
      this.#shadows.set(d, shadows);
    }
    const found = queryAll(d, selector);
    for (const root of shadows) found.push(...queryAll(root, selector));
    return found;
  }

  scopes(target: Target): Document[] {
    return target.frame ? frameDocuments(this.all(this.doc, target.frame)) : [this.doc];
  }

  /** As the engine resolves a target: the selector, then each fallback. */
  resolve(target: Target): Resolution {
    const scopes = this.scopes(target);
    for (const selector of [target.selector, ...(target.fallbacks ?? [])]) {
      const found = filterMatches(
        target,
        scopes.flatMap((d) => this.all(d, selector)),
      );
      if (found.length) return makeResolution(found, selector, target.nth);
    }
    return NOT_FOUND;
  }

  /** A target's probe: as the engine finds it, and by which of its ways (the selector or a fallback). */
  probe(target: Target): Pick<ProbeResult, 'status' | 'via'> {
    const resolved = this.resolve(target);
    return resolved.status === 'not-found' ? { status: 'missing' } : { status: resolved.status, via: resolved.via };
  }
}

/**
 * Which of the rule's URL patterns matched, when the rule applies on this page (URL and condition);
 * `undefined` when it does not, or when that cannot be told here (a condition that tests a pattern,
 * a URL pattern this platform cannot compile).
 */
export function ruleApplies(
  rule: ProbeRule,
  url: string,
  page: PageQuery,
  URLPattern: URLPatternConstructor | undefined,
): number | undefined {
  const problems: string[] = [];
  const where = compileWhere(rule as unknown as Rule, patternCompiler(URLPattern), problems);
  const parsed = parseUrl(url);
  if (problems.length || !whereMatches(where, parsed)) return undefined;
  const pattern = where.include.findIndex((m) => m.test(parsed!));
  if (!rule.where.when) return pattern;
  const ctx: ConditionContext = {
    resolve: (target) => page.resolve(target),
    urlMatches: (pattern) => {
      try {
        return parsed !== null && patternCompiler(URLPattern)(pattern).test(parsed);
      } catch {
        return false;
      }
    },
  };
  try {
    return evaluateCondition(rule.where.when, ctx) ? pattern : undefined;
  } catch {
    return undefined;
  }
}

/** Probes one rule's steps; `null` when the rule does not apply here (nothing to say about it). */
export function probeRule(
  rule: ProbeRule,
  url: string,
  page: PageQuery,
  URLPattern: URLPatternConstructor | undefined,
): ProbeResult[] | null {
  const pattern = ruleApplies(rule, url, page, URLPattern);
  if (pattern === undefined) return null;
  return rule.steps.map((step) => ({ ruleId: rule.id, stepId: step.id, ...page.probe(step.target), pattern }));
}

/** An idle deadline (requestIdleCallback's), or a fake in tests. */
export interface IdleDeadline {
  timeRemaining(): number;
}

export interface ProbeRun {
  rules: readonly ProbeRule[];
  doc: Document;
  url: () => string;
  URLPattern?: URLPatternConstructor;
  /** Calls back when the page is idle. */
  idle: (callback: (deadline: IdleDeadline) => void) => void;
  /**
   * Resolves once the page has been quiet (no DOM change) for a while, or gave up waiting: missing
   * targets are looked for again then, as an app may render them late.
   */
  settled: () => Promise<void>;
}

/** Probes every rule in idle slices; targets not found are looked for again once the page settles. */
export async function runProbe(run: ProbeRun): Promise<ProbeResult[]> {
  const results = new Map<string, ProbeResult>();
  const probeAll = async (rules: readonly ProbeRule[]) => {
    let i = 0;
    while (i < rules.length) {
      await new Promise<void>((resolve) =>
        run.idle((deadline) => {
          // Nothing changes the DOM within one idle callback: the rules probed in it share one
          // query, which lists the page's shadow roots (a walk of the whole tree) once, not per rule.
          const page = new PageQuery(run.doc);
          // At least one rule per idle period, more while the browser says there is time.
          do
            for (const r of probeRule(rules[i++]!, run.url(), page, run.URLPattern) ?? [])
              results.set(`${r.ruleId}\u0000${r.stepId}`, r);
          while (i < rules.length && deadline.timeRemaining() > 2);
          resolve();
        }),
      );
    }
  };
  await probeAll(run.rules);
  const missing = new Set([...results.values()].filter((r) => r.status === 'missing').map((r) => r.ruleId));
  if (missing.size) {
    await run.settled();
    await probeAll(run.rules.filter((r) => missing.has(r.id)));
  }
  return [...results.values()];
}
