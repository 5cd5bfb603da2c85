/**
 * What every user of rule patterns shares, small enough for the always-loaded content script: the
 * tester's type, the allowed flags and the input bound. The tester itself is the linear-time one
 * (`linear.ts`), which the content script loads only where a rule with a pattern applies.
 */

/** Only this many characters of a value are tested. */
export const MAX_PATTERN_INPUT = 2000;

/** Flags a rule may use: no `g` or `y`, whose state would carry over between tests. */
export const PATTERN_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;

/** Tests a rule pattern (with its flags) on a page value. */
export type PatternTester = (pattern: string, flags: string | undefined, value: string) => boolean;

/** The part of a value that is tested. */
export const boundedInput = (value: string): string =>
  value.length > MAX_PATTERN_INPUT ? value.slice(0, MAX_PATTERN_INPUT) : value;
