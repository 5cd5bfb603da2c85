import type { Condition } from '../model';
import type { ConditionKind } from './types';

/** Holds when the condition does not. */
export const not: ConditionKind<{ not: Condition }> = {
  evaluate: (c, _ctx, evaluate) => !evaluate(c.not),
  parts: (c) => ({ children: [c.not] }),
};
