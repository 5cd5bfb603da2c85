/**
 * Rule patterns run by a linear-time engine (RE2, as the `re2js` library implements it), never by
 * the browser's backtracking `RegExp`: matching costs at most (program size × input length) steps,
 * whatever the pattern and the text. The program size is capped when a pack is validated
 * (`pattern-problem.ts`) and again here, and the input is cut to `MAX_PATTERN_INPUT` characters, so
 * no pattern on any page value can hold the page up.
 *
 * Authors write JavaScript syntax. It is translated to RE2's where they differ (named groups,
 * `\u{…}`, `\s`, `.`), so a pattern means what it means in JavaScript. What RE2 cannot do in linear
 * time (back-references, lookahead, lookbehind) is refused at validation with words that say so.
 *
 * This module is large (the whole RE2 engine): it goes into the on-demand patterns bundle
 * (`entrypoints/overlay-patterns`), the background and extension pages, never into the
 * always-loaded content script.
 */
import { RE2JS } from 're2js';
import { boundedInput, PATTERN_FLAGS, type PatternTester } from './test-pattern';

/**
 * At most this many RE2 instructions in a compiled pattern. With `MAX_PATTERN_INPUT` characters,
 * a test takes at most their product in steps; `npm run bench:regex` measures the worst cases.
 */
export const MAX_PROGRAM_SIZE = 1000;

/** JavaScript's `\s`: the white space and line terminators of ECMAScript, as RE2 class items. */
const SPACE =
  '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
/** JavaScript's `\S`: every code point but those, as RE2 class items (usable inside a class too). */
const NON_SPACE =
  '\\x00-\\x08\\x0e-\\x1f!-\\x{9f}\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}\\x{202a}-\\x{202e}' +
  '\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}\\x{3001}-\\x{fefe}\\x{ff00}-\\x{10ffff}';
/** JavaScript's `.` without the `s` flag: anything but a line terminator. */
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** A pattern that RE2 cannot run, with the reason in words. */
export class PatternError extends Error {}

const LOOKAHEAD =
  'lookahead ((?=…) or (?!…)) is not supported; test each part in its own condition, combined with all or not';
const LOOKBEHIND = 'lookbehind ((?<=…) or (?<!…)) is not supported; match what comes before as part of the pattern';
const BACK_REFERENCE = 'back-references (\\1, \\k<name>) are not supported';

/**
 * Rewrites what JavaScript and RE2 read differently: `\s`, `\S` and `.` get JavaScript's meaning,
 * then re2js's own translation handles named groups, `\u…`, `\cX`, `[]` and `[^]`. Throws a
 * `PatternError` for what RE2 cannot do (lookaround, back-references).
 */
export function toRe2Syntax(pattern: string, flags = ''): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (next === 's') out += inClass ? SPACE : `[${SPACE}]`;
      else if (next === 'S') out += inClass ? NON_SPACE : `[${NON_SPACE}]`;
      else if (!inClass && (/[1-9]/.test(next) || (next === 'k' && pattern[i + 1] === '<'))) {
        throw new PatternError(BACK_REFERENCE);
      } else out += c + next;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '.' && !flags.includes('s')) out += DOT;
    else {
      if (c === '(' && pattern[i + 1] === '?') {
        const kind = pattern.slice(i + 2, i + 4);
        if (kind[0] === '=' || kind[0] === '!') throw new PatternError(LOOKAHEAD);
        if (kind === '<=' || kind === '<!') throw new PatternError(LOOKBEHIND);
      }
      out += c;
    }
  }
  return RE2JS.translateRegExp(out) as string;
}

const flagBits = (flags: string) =>
  (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
  (flags.includes('m') ? RE2JS.MULTILINE : 0) |
  (flags.includes('s') ? RE2JS.DOTALL : 0);

/** What RE2 says about a pattern it refused, in words for a rule author. */
function re2Words(message: string): string {
  const m = message.replace(/^error parsing regexp:\s*/, '');
  if (/expression too large|repeat count/.test(m)) {
    return 'its repetition counts are too large; use smaller counts (at most 1000) or + and *';
  }
  return m;
}

/**
 * Compiles a rule pattern for the linear-time engine; throws a `PatternError` that says what is
 * wrong (and what to write instead) when it cannot run or is too large to run quickly.
 */
export function compileLinear(pattern: string, flags = ''): RE2JS {
  if (!PATTERN_FLAGS.test(flags))
    throw new PatternError(`flags "${flags}" are not allowed (use any of i, m, s, u, once each)`);
  const source = toRe2Syntax(pattern, flags);
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, flagBits(flags));
  } catch (e) {
    throw new PatternError(re2Words(e instanceof Error ? e.message : String(e)));
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    throw new PatternError(
      `it is too large to run quickly (${size} steps per character, at most ${MAX_PROGRAM_SIZE}); ` +
        'use smaller repetition counts ({1,5} rather than {1,50}) or + and *',
    );
  }
  return re;
}

/**
 * A tester with its own cache of compiled patterns, for the page: linear time, bounded input, and
 * a pattern that does not compile matches nothing (validation has said why already).
 */
export function createLinearTester(): PatternTester {
  const cache = new Map<string, RE2JS | null>();
  return (pattern, flags = '', value) => {
    const key = `${flags}/${pattern}`;
    let re = cache.get(key);
    if (re === undefined) {
      try {
        re = compileLinear(pattern, flags);
      } catch {
        re = null;
      }
      cache.set(key, re);
    }
    return re?.test(boundedInput(value)) ?? false;
  };
}
