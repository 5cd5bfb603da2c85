import type { Resolution } from '../engine-api';
import type { Condition, Target, UrlPattern } from '../model';
import type { PatternTester } from '../regex/test-pattern';

/** What a condition is evaluated against: both engines supply one. */
export interface ConditionContext {
  resolve(target: Target): Resolution;
  urlMatches(pattern: UrlPattern): boolean;
  /** The linear-time pattern engine; absent until it is loaded (a `value` test then waits for it). */
  testPattern?: PatternTester;
}

/**
 * Thrown by a `value` condition that must test a pattern before the pattern engine is loaded: the
 * rule's view waits (`viewRule` answers `undefined`) and is evaluated again once it is there.
 */
export const PATTERNS_PENDING = new Error('The pattern engine is not loaded yet');

/** One kind of condition: how it is evaluated and which targets it looks at. */
export interface ConditionKind<C extends Condition> {
  evaluate(condition: C, ctx: ConditionContext, evaluate: (child: Condition) => boolean): boolean;
  /** Targets and nested conditions, for the engine to watch; `content`: the targets' text or value is read. */
  parts(condition: C): { targets?: Target[]; children?: Condition[]; content?: boolean };
}
