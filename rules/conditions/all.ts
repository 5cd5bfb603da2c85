import type { Condition } from '../model';
import type { ConditionKind } from './types';

/** Holds when every condition does (and when there are none). */
export const all: ConditionKind<{ all: Condition[] }> = {
  evaluate: (c, _ctx, evaluate) => c.all.every(evaluate),
  parts: (c) => ({ children: c.all }),
};
