import type { UrlPattern } from '../model';
import type { ConditionKind } from './types';

/** Holds while the page's URL matches the pattern. */
export const url: ConditionKind<{ url: UrlPattern }> = {
  evaluate: (c, ctx) => ctx.urlMatches(c.url),
  parts: () => ({}),
};
