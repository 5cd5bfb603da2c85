import type { Target } from '../model';
import type { ConditionKind } from './types';

/** Holds while the target is on the page (found, or ambiguous). */
export const exists: ConditionKind<{ exists: Target }> = {
  evaluate: (c, ctx) => ctx.resolve(c.exists).status !== 'not-found',
  parts: (c) => ({ targets: [c.exists] }),
};
