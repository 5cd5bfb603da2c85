/**
 * The reference engine: on every call it evaluates every rule from scratch — each rule's
 * conditions and targets queried over the whole document and every open shadow root. Slow on
 * purpose and simple enough to trust: the differential test holds the indexed engine to it, and
 * the benchmark measures against it.
 */
import type { ConditionContext } from './conditions';
import { type CompiledWhere, compileWhere, parseUrl, patternCompiler, whereMatches } from './engine/compile-rules';
import { makeResolution, NOT_FOUND } from './engine/resolution';
import { byPriority, diffView, dueStep, emptyChange, viewRule } from './engine/rule-view';
import type { ActiveRule, EngineChange, EngineOptions, MatchEngine } from './engine-api';
import type { Rule, UrlPattern } from './model';
import type { PatternTester } from './regex/test-pattern';
import { deepQuerier, resolveTarget, targetScopes } from './target/resolve';
import { nativeURLPattern } from './url/compile';

export interface NaiveEngineOptions extends EngineOptions {
  /** Skip the conditions and targets of rules whose URL patterns do not match (a fairer baseline). */
  urlFirst?: boolean;
}

/** Creates the reference engine; same interface and answers as `createEngine`. */
export function createNaiveEngine(options: NaiveEngineOptions): MatchEngine {
  const doc = options.root;
  const compile = patternCompiler(options.URLPattern ?? nativeURLPattern());
  let testPattern: PatternTester | undefined = options.testPattern;
  const steps = new Map<string, number>();
  let rules: Rule[] = [];
  let order = new Map<string, number>();
  let wheres = new Map<string, CompiledWhere>();
  let url = parseUrl(options.url);
  let views = new Map<string, ActiveRule>();
  let seenRoots: (Document | ShadowRoot)[] = [];
  let problems: string[] = [];
  let waits = false;

  function urlMatches(p: UrlPattern): boolean {
    try {
      return url !== null && compile(p).test(url);
    } catch {
      return false;
    }
  }

  function evaluate(): Map<string, ActiveRule> {
    const roots = new Set<Document | ShadowRoot>();
    const deepQuery = deepQuerier((list) => {
      for (const r of list) roots.add(r);
    });
    const ctx: ConditionContext = {
      resolve(target) {
        if (target.frame) for (const d of targetScopes(doc, target, deepQuery)) roots.add(d);
        const { elements, via } = resolveTarget(doc, target, deepQuery);
        return via ? makeResolution(elements, via, target.nth) : NOT_FOUND;
      },
      urlMatches,
      testPattern,
    };
    const next = new Map<string, ActiveRule>();
    waits = false;
    for (const rule of rules) {
      const inUrl = whereMatches(wheres.get(rule.id)!, url);
      if (options.urlFirst && !inUrl) continue;
      const view = viewRule(rule, dueStep(rule, steps.get(rule.id)), ctx);
      if (inUrl && view) next.set(rule.id, view);
      if (inUrl && view === undefined) waits = true;
    }
    seenRoots = [...roots];
    return next;
  }

  function commit(): EngineChange {
    const next = evaluate();
    const change = emptyChange();
    for (const id of views.keys()) if (!order.has(id)) change.left.push(id);
    for (const rule of rules) diffView(rule.id, views.get(rule.id), next.get(rule.id), change);
    views = next;
    return change;
  }

  function setRules(list: readonly Rule[]): EngineChange {
    order = new Map();
    rules = [];
    for (const rule of list) {
      if (order.has(rule.id)) continue;
      order.set(rule.id, rules.length);
      rules.push(rule);
    }
    problems = [];
    wheres = new Map(rules.map((r) => [r.id, compileWhere(r, compile, problems)]));
    return commit();
  }

  setRules(options.rules ?? []);
  return {
    setRules,
    setUrl(next) {
      url = parseUrl(next);
      return commit();
    },
    update: () => commit(),
    setStep(ruleId, stepIndex) {
      if (!order.has(ruleId)) return emptyChange();
      steps.set(ruleId, stepIndex);
      return commit();
    },
    wantsPatterns: () => waits,
    setPatternTester(tester) {
      testPattern = tester;
      return commit();
    },
    active: () => byPriority(views.values(), order),
    get: (ruleId) => views.get(ruleId),
    matchesUrl: urlMatches,
    problems: () => [...problems],
    roots: () => seenRoots,
  };
}
