import type { Condition } from '../model';
import type { ConditionKind } from './types';

/** Holds when at least one condition does. */
export const any: ConditionKind<{ any: Condition[] }> = {
  evaluate: (c, _ctx, evaluate) => c.any.some(evaluate),
  parts: (c) => ({ children: c.any }),
};
