import type { Resolution } from '../engine-api';
import type { Condition, Target, UrlPattern } from '../model';

/** What a condition is evaluated against: both engines supply one. */
export interface ConditionContext {
  resolve(target: Target): Resolution;
  urlMatches(pattern: UrlPattern): boolean;
  testPattern(pattern: string, flags: string | undefined, value: string): boolean;
}

/** One kind of condition: how it is evaluated and which targets it looks at. */
export interface ConditionKind<C extends Condition> {
  evaluate(condition: C, ctx: ConditionContext, evaluate: (child: Condition) => boolean): boolean;
  /** Targets and nested conditions, for the engine to watch; `content`: the targets' text or value is read. */
  parts(condition: C): { targets?: Target[]; children?: Condition[]; content?: boolean };
}
