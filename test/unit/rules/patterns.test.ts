import { RE2JS } from 're2js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileLinear, createLinearTester, MAX_PROGRAM_SIZE } from '../../../rules/regex/linear';
import { patternProblem } from '../../../rules/regex/pattern-problem';
import { MAX_PATTERN_INPUT } from '../../../rules/regex/test-pattern';
import { REDOS_CORPUS } from '../../fixtures/redos';

describe('rule patterns: validation', () => {
  it.each([
    '^\\d+$',
    '^[A-Z]{2}\\d{4}$',
    '^(\\w+\\.)+\\w+$',
    '^(\\d{1,3}\\.){3}\\d{1,3}$',
    '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    '^.*\\d+$',
    '.*foo.*',
    '(https?|ftp)://',
    '\\p{Lu}',
    '^$',
    // Refused by the old backtracking heuristics, harmless on a linear-time engine.
    '(\\w+\\s?)+$',
    '^\\S+@\\S+\\.\\S+$',
    '(?<year>\\d{4})-(?<month>\\d\\d)',
  ])('accepts %s', (pattern) => {
    expect(patternProblem(pattern, pattern.includes('\\p') ? 'u' : '')).toBeNull();
  });

  it.each([
    ['^(?=.*\\d).{8,}$', 'lookahead ((?=…) or (?!…)) is not supported; test each part in its own condition'],
    ['^(?!draft)', 'lookahead'],
    ['(?<=€)\\d+', 'lookbehind ((?<=…) or (?<!…)) is not supported'],
    ['(?<!-)\\d+', 'lookbehind'],
    ['(a)\\1', 'back-references (\\1, \\k<name>) are not supported'],
    ['(?<n>a)\\k<n>', 'back-references'],
    ['(a{1,30}){1,30}$', 'too large to run quickly (1862 steps per character, at most 1000)'],
    ['a{1001}', 'repetition counts are too large'],
    ['(', 'is not a valid regular expression (Unterminated group)'],
    ['x'.repeat(501), 'too long'],
  ])('refuses %s, saying why', (pattern, reason) => {
    expect(patternProblem(pattern)).toContain(reason);
  });

  it.each(['g', 'y', 'ii', 'x'])('refuses flags %s', (flags) => {
    expect(patternProblem('a', flags)).toContain('not allowed');
  });
});

describe('rule patterns: JavaScript meaning on the linear-time engine', () => {
  // Each pattern against texts where RE2's own reading would differ from JavaScript's.
  it.each<[string, string, string[]]>([
    ['^\\s$', '', [' ', '\t', '\u00a0', '\u2028', '\ufeff', '\u3000', 'a', '\u200b']],
    ['^\\S$', '', [' ', '\u00a0', 'a', '\u200b']],
    // Text is read as code points, as JavaScript does with the u flag.
    ['^\\S$', 'u', ['😀', '😀😀']],
    ['^[\\s,]+$', '', [' ,\u00a0', 'a,']],
    ['^[^\\s]+$', '', ['ab', 'a b', 'a\u00a0b']],
    ['^[\\S]$', '', ['a', ' ']],
    ['^.$', '', ['a', '\n', '\r', '\u2028']],
    ['^.$', 's', ['\n', '\r']],
    ['^a$', 'm', ['b\na\nc', 'ba']],
    ['CRM', 'i', ['crm', 'Crm']],
    ['^(?<code>[A-Z]{2})-\\d+$', '', ['AB-12', 'A-12']],
    ['^\\u00e9$', '', ['é', 'e']],
    ['^\\u{1F600}$', 'u', ['😀', 'x']],
    ['^\\x41$', '', ['A', 'x']],
    ['^[]$', '', ['', 'a']],
    ['^[^]$', '', ['\n', 'a']],
    ['a\\/b', '', ['a/b']],
    ['^\\d{3}-\\d{4}$', '', ['555-1234', '555-12345']],
    ['\\bdeal\\b', 'i', ['A Deal here', 'ideal']],
  ])('/%s/%s matches as in JavaScript', (pattern, flags, texts) => {
    const test = createLinearTester();
    const native = new RegExp(pattern, flags);
    for (const text of texts) expect(test(pattern, flags, text), JSON.stringify(text)).toBe(native.test(text));
  });

  it('tests at most MAX_PATTERN_INPUT characters of a value', () => {
    const test = createLinearTester();
    const long = `${'a'.repeat(MAX_PATTERN_INPUT)}!`;
    expect(test('a!', undefined, long)).toBe(false);
    expect(test('^a+$', undefined, long)).toBe(true);
  });

  it('a pattern or flags that cannot run match nothing, and say nothing', () => {
    const test = createLinearTester();
    expect(test('(', undefined, 'x')).toBe(false);
    expect(test('x', 'g', 'x')).toBe(false);
    expect(test('(a)\\1', undefined, 'aa')).toBe(false);
    expect(test('X', 'i', 'x')).toBe(true);
  });
});

describe('rule patterns cannot freeze the page (ReDoS corpus)', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(REDOS_CORPUS.map((c) => [`/${c.pattern}/${c.flags ?? ''}`, c] as const))('%s', (_name, c) => {
    const problem = patternProblem(c.pattern, c.flags);
    if (c.refused) {
      expect(problem).toMatch(c.refused);
      return;
    }
    expect(problem).toBeNull();

    // Linear by construction: RE2 takes at most (program size × input length) steps, and both are bounded.
    expect(compileLinear(c.pattern, c.flags).programSize()).toBeLessThanOrEqual(MAX_PROGRAM_SIZE);
    const seen = vi.spyOn(RE2JS.prototype, 'test');
    // Never the backtracking engine: no RegExp is built from the rule's pattern.
    const NativeRegExp = RegExp;
    const built: string[] = [];
    vi.stubGlobal(
      'RegExp',
      new Proxy(NativeRegExp, {
        construct(target, args) {
          built.push(String(args[0]));
          return Reflect.construct(target, args);
        },
        apply(target, self, args) {
          built.push(String(args[0]));
          return Reflect.apply(target, self, args);
        },
      }),
    );
    const tester = createLinearTester();
    for (const text of [c.evil(MAX_PATTERN_INPUT), c.evil(MAX_PATTERN_INPUT * 5)]) tester(c.pattern, c.flags, text);
    vi.unstubAllGlobals();
    expect(built.filter((source) => source.includes(c.pattern))).toEqual([]);
    expect(seen).toHaveBeenCalledTimes(2);
    for (const [input] of seen.mock.calls) expect(String(input).length).toBeLessThanOrEqual(MAX_PATTERN_INPUT);
    // The answers are JavaScript's, which a short evil text lets the backtracking engine give quickly.
    const short = c.evil(14);
    expect(tester(c.pattern, c.flags, short)).toBe(new NativeRegExp(c.pattern, c.flags).test(short));
  });
});
