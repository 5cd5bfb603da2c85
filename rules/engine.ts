/**
 * The matching engine the overlay content script runs: indexed and incremental. This is the rules
 * core's door for code that runs in a page (the content script and the overlay's UI bundle): the
 * engine, and the types of the rule model and of the engine's answers.
 *
 * Rules are indexed by host and first path segment, so a URL change looks only at the rules that
 * can match it; only those rules' targets are watched. A mutation batch re-checks only what the
 * added, removed and changed nodes can affect (`engine/dom-index.ts`), then re-evaluates only the
 * rules whose targets changed. Its answers equal the naive engine's (`naive-engine.ts`) on every
 * step — the differential test holds it to that.
 *
 * This entry imports no validation code (no valibot): it stays small for the content script.
 */
import type { ConditionContext } from './conditions';
import { type CompiledWhere, compileWhere, parseUrl, patternCompiler, whereMatches } from './engine/compile-rules';
import { DomIndex, type Probe } from './engine/dom-index';
import { makeResolution, NOT_FOUND } from './engine/resolution';
import { byPriority, diffView, dueStep, emptyChange, viewRule, watchedTargets } from './engine/rule-view';
import { UrlIndex } from './engine/url-index';
import type { ActiveRule, CreateEngine, EngineChange, EngineOptions, MatchEngine, MutationBatch } from './engine-api';
import type { Rule, Target, UrlPattern } from './model';
import type { PatternTester } from './regex/test-pattern';
import { nativeURLPattern } from './url/compile';

export type * from './engine-api';
export type * from './model';

/** A rule whose URL patterns match the current URL: its targets are watched. */
interface Tracked {
  rule: Rule;
  where: CompiledWhere;
  step: number;
  handles: { probes: Probe<Tracked>[]; content: boolean }[];
  view: ActiveRule | null;
  /** Its condition waits for the pattern engine. */
  waits?: boolean;
}

class IncrementalEngine implements MatchEngine {
  readonly #dom: DomIndex<Tracked>;
  readonly #compile: (p: UrlPattern) => ReturnType<ReturnType<typeof patternCompiler>>;
  readonly #steps = new Map<string, number>();
  readonly #tracked = new Map<string, Tracked>();
  #rules: Rule[] = [];
  #order = new Map<string, number>();
  #wheres = new Map<string, CompiledWhere>();
  #index = new UrlIndex<Rule>();
  #url: URL | null;
  readonly #ctx: ConditionContext;
  #problems: string[] = [];

  constructor(options: EngineOptions) {
    this.#dom = new DomIndex(options.root, options.requeryAbove);
    this.#compile = patternCompiler(options.URLPattern ?? nativeURLPattern());
    this.#url = parseUrl(options.url);
    this.#ctx = {
      resolve: (target) => this.#resolve(target),
      urlMatches: (p) => this.matchesUrl(p),
      testPattern: options.testPattern,
    };
    this.setRules(options.rules ?? []);
  }

  setRules(list: readonly Rule[]): EngineChange {
    const before = new Map([...this.#tracked].map(([id, t]) => [id, t.view]));
    for (const t of [...this.#tracked.values()]) this.#untrack(t);
    this.#rules = [];
    this.#order = new Map();
    for (const rule of list) {
      if (this.#order.has(rule.id)) continue;
      this.#order.set(rule.id, this.#rules.length);
      this.#rules.push(rule);
    }
    this.#wheres = new Map();
    this.#index = new UrlIndex();
    this.#problems = [];
    for (const rule of this.#rules) {
      const where = compileWhere(rule, this.#compile, this.#problems);
      this.#wheres.set(rule.id, where);
      for (const m of where.include) this.#index.add(rule, m);
    }
    for (const rule of this.#candidates()) this.#track(rule);
    const change = emptyChange();
    for (const [id, view] of before) if (!this.#order.has(id)) diffView(id, view, null, change);
    for (const rule of this.#rules) diffView(rule.id, before.get(rule.id), this.#tracked.get(rule.id)?.view, change);
    return change;
  }

  setUrl(url: string): EngineChange {
    this.#url = parseUrl(url);
    const change = emptyChange();
    const next = this.#candidates();
    for (const [id, t] of [...this.#tracked]) {
      if (next.has(t.rule)) continue;
      diffView(id, t.view, null, change);
      this.#untrack(t);
    }
    for (const rule of next) {
      const t = this.#tracked.get(rule.id);
      if (!t) diffView(rule.id, null, this.#track(rule).view, change);
      else if (t.where.urlDependent) this.#reevaluate(t, change);
    }
    return change;
  }

  update(batch: MutationBatch): EngineChange {
    const change = emptyChange();
    const dirty = new Set<Tracked>();
    for (const p of this.#dom.apply(batch)) for (const t of p.users.keys()) dirty.add(t);
    for (const t of dirty) if (this.#tracked.get(t.rule.id) === t) this.#reevaluate(t, change);
    return change;
  }

  takesWhole(batch: MutationBatch): boolean {
    return this.#dom.isBig(batch);
  }

  setStep(ruleId: string, stepIndex: number): EngineChange {
    const change = emptyChange();
    const rule = this.#rules[this.#order.get(ruleId) ?? -1];
    if (!rule) return change;
    this.#steps.set(ruleId, stepIndex);
    const t = this.#tracked.get(ruleId);
    const step = dueStep(rule, stepIndex);
    if (!t || t.step === step) return change;
    this.#release(t);
    t.step = step;
    this.#acquire(t);
    this.#reevaluate(t, change);
    return change;
  }

  wantsPatterns(): boolean {
    for (const t of this.#tracked.values()) if (t.waits) return true;
    return false;
  }

  setPatternTester(tester: PatternTester): EngineChange {
    this.#ctx.testPattern = tester;
    const change = emptyChange();
    for (const t of this.#tracked.values()) if (t.waits) this.#reevaluate(t, change);
    return change;
  }

  active(): ActiveRule[] {
    const views: ActiveRule[] = [];
    for (const t of this.#tracked.values()) if (t.view) views.push(t.view);
    return byPriority(views, this.#order);
  }

  get(ruleId: string): ActiveRule | undefined {
    return this.#tracked.get(ruleId)?.view ?? undefined;
  }

  matchesUrl(pattern: UrlPattern): boolean {
    try {
      return this.#url !== null && this.#compile(pattern).test(this.#url);
    } catch {
      return false;
    }
  }

  problems(): string[] {
    return [...this.#problems];
  }

  roots(): Iterable<Document | ShadowRoot> {
    return this.#dom.roots();
  }

  /** Rules whose URL patterns match the current URL, found through the index. */
  #candidates(): Set<Rule> {
    const out = new Set<Rule>();
    if (!this.#url) return out;
    for (const rule of this.#index.candidates(this.#url)) {
      if (whereMatches(this.#wheres.get(rule.id)!, this.#url)) out.add(rule);
    }
    return out;
  }

  #track(rule: Rule): Tracked {
    const t: Tracked = {
      rule,
      where: this.#wheres.get(rule.id)!,
      step: dueStep(rule, this.#steps.get(rule.id)),
      handles: [],
      view: null,
    };
    this.#tracked.set(rule.id, t);
    this.#acquire(t);
    t.view = this.#view(t);
    return t;
  }

  #untrack(t: Tracked): void {
    this.#release(t);
    this.#tracked.delete(t.rule.id);
  }

  #acquire(t: Tracked): void {
    const content = new Set<Target>();
    for (const target of watchedTargets(t.rule, t.step, content)) {
      const isContent = content.has(target);
      t.handles.push({ probes: this.#dom.acquire(target, t, isContent), content: isContent });
    }
  }

  #release(t: Tracked): void {
    for (const h of t.handles) this.#dom.release(h.probes, t, h.content);
    t.handles = [];
  }

  #reevaluate(t: Tracked, change: EngineChange): void {
    const view = this.#view(t);
    diffView(t.rule.id, t.view, view, change);
    t.view = view;
  }

  #view(t: Tracked): ActiveRule | null {
    const view = viewRule(t.rule, t.step, this.#ctx);
    t.waits = view === undefined;
    return view ?? null;
  }

  #resolve(target: Target): ReturnType<ConditionContext['resolve']> {
    for (const selector of [target.selector, ...(target.fallbacks ?? [])]) {
      const p = this.#dom.probe(target, selector);
      if (p?.result.length) return makeResolution(p.result, selector, target.nth);
    }
    return NOT_FOUND;
  }
}

/** Creates the indexed, incremental engine for a document at a URL. */
export const createEngine: CreateEngine = (options) => new IncrementalEngine(options);

/**
 * Turns MutationObserver records into a batch: added and removed nodes, elements whose attributes
 * changed, and the parents whose children or text changed.
 */
export function batchFromRecords(records: readonly MutationRecord[]): MutationBatch {
  const added: Node[] = [];
  const removed: Node[] = [];
  const changed = new Set<Element>();
  const parents = new Set<Node>();
  for (const r of records) {
    if (r.type === 'attributes') changed.add(r.target as Element);
    else {
      parents.add(r.target);
      if (r.type === 'childList') {
        added.push(...r.addedNodes);
        removed.push(...r.removedNodes);
      }
    }
  }
  return { added, removed, changed: [...changed], parents: [...parents] };
}
