/**
 * Runs a rule's regular expression on a page value. Patterns were checked for catastrophic
 * backtracking when the pack was validated (`safe-pattern.ts`); here the input is bounded too, so
 * even a pattern that slipped through cannot hang the page for long.
 */

/** Only this many characters of a value are tested. */
export const MAX_PATTERN_INPUT = 2000;

/** Flags a rule may use: no `g` or `y`, whose state would carry over between tests. */
export const PATTERN_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;

/** A tester with its own cache of compiled patterns; an invalid pattern matches nothing. */
export function createPatternTester(): (pattern: string, flags: string | undefined, value: string) => boolean {
  const cache = new Map<string, RegExp | null>();
  return (pattern, flags = '', value) => {
    const key = `${flags}/${pattern}`;
    let re = cache.get(key);
    if (re === undefined) {
      try {
        re = PATTERN_FLAGS.test(flags) ? new RegExp(pattern, flags) : null;
      } catch {
        re = null;
      }
      cache.set(key, re);
    }
    return !!re?.test(value.length > MAX_PATTERN_INPUT ? value.slice(0, MAX_PATTERN_INPUT) : value);
  };
}
