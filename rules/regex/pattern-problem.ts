/**
 * Checks a rule's regular expression when a pack is validated, so the author hears at once, in
 * words, what the page would do with it. Patterns run on the linear-time engine (`linear.ts`), so
 * none can backtrack catastrophically: the check is that the pattern is valid JavaScript syntax,
 * that RE2 can run it (no back-references or lookaround) and that it is small enough to run quickly.
 */
import { compileLinear, PatternError } from './linear';
import { PATTERN_FLAGS } from './test-pattern';

export const MAX_PATTERN_LENGTH = 500;

/** Checks a rule's pattern: `null` when it may be used, otherwise why not. */
export function patternProblem(pattern: string, flags = ''): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `is too long for a pattern (at most ${MAX_PATTERN_LENGTH} characters)`;
  if (!PATTERN_FLAGS.test(flags)) return `flags "${flags}" are not allowed (use any of i, m, s, u, once each)`;
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    return `/${pattern}/ is not a valid regular expression (${(e as Error).message.replace(/^.*: /, '')})`;
  }
  try {
    compileLinear(pattern, flags);
    return null;
  } catch (e) {
    if (e instanceof PatternError) return `/${pattern}/ cannot be used: ${e.message}`;
    throw e;
  }
}
