import type { Target } from '../model';
import { fieldValue } from '../target/dom';
import { type ConditionKind, PATTERNS_PENDING } from './types';

/**
 * Holds while a field's value (an element's text, for other elements) matches the pattern; with
 * several matching elements, when any of them does.
 */
export const value: ConditionKind<{ value: { target: Target; matches: string; flags?: string } }> = {
  evaluate: (c, ctx) => {
    const r = ctx.resolve(c.value.target);
    const elements = r.status === 'found' ? [r.element] : r.status === 'ambiguous' ? r.elements : [];
    return elements.some((el) => {
      if (!ctx.testPattern) throw PATTERNS_PENDING;
      return ctx.testPattern(c.value.matches, c.value.flags, fieldValue(el));
    });
  },
  parts: (c) => ({ targets: [c.value.target], content: true }),
};
