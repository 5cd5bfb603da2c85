import type { Target } from '../model';
import type { ConditionKind } from './types';

/** Holds while the target is not on the page. */
export const absent: ConditionKind<{ absent: Target }> = {
  evaluate: (c, ctx) => ctx.resolve(c.absent).status === 'not-found',
  parts: (c) => ({ targets: [c.absent] }),
};
