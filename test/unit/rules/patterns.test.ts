import { describe, expect, it } from 'vitest';
import { patternProblem } from '../../../rules/regex/safe-pattern';
import { createPatternTester, MAX_PATTERN_INPUT } from '../../../rules/regex/test-pattern';

describe('rule patterns', () => {
  it.each([
    '^\\d+$',
    '^[A-Z]{2}\\d{4}$',
    '^(\\w+\\.)+\\w+$',
    '^(\\d{1,3}\\.){3}\\d{1,3}$',
    '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    '^.*\\d+$',
    '.*foo.*',
    '(https?|ftp)://',
    '^(?=.*\\d).{8,}$',
    '\\p{Lu}',
    '^$',
  ])('accepts %s', (pattern) => {
    expect(patternProblem(pattern, pattern.includes('\\p') ? 'u' : '')).toBeNull();
  });

  it.each([
    ['(a+)+$', 'repeats a repetition'],
    ['(\\w+\\s?)+$', 'repeats a repetition'],
    ['([a-z]+)*$', 'repeats a repetition'],
    ['(.*a){20}', 'repeats a repetition'],
    ['(a|a)*b', 'alternatives that can start with the same character'],
    ['(\\d|\\w)+x', 'alternatives that can start with the same character'],
    ['\\d+\\d+\\d+x', 'can split the same text in many ways'],
    ['.*\\d+x', 'anchoring the pattern with ^ helps'],
    ['^\\S+@\\S+\\.\\S+$', 'can split the same text in many ways'],
    ['(a)\\1', 'back-references'],
    ['(?<n>a)\\k<n>', 'back-references'],
    ['(', 'is not a valid regular expression'],
    ['x'.repeat(501), 'too long'],
  ])('refuses %s', (pattern, reason) => {
    expect(patternProblem(pattern)).toContain(reason);
  });

  it.each(['g', 'y', 'ii', 'x'])('refuses flags %s', (flags) => {
    expect(patternProblem('a', flags)).toContain('not allowed');
  });

  it('tests at most MAX_PATTERN_INPUT characters of a value', () => {
    const test = createPatternTester();
    const long = `${'a'.repeat(MAX_PATTERN_INPUT)}!`;
    expect(test('a!', undefined, long)).toBe(false);
    expect(test('^a+$', undefined, long)).toBe(true);
  });

  it('caches nothing invalid into a throw: a bad pattern or flags match nothing', () => {
    const test = createPatternTester();
    expect(test('(', undefined, 'x')).toBe(false);
    expect(test('x', 'g', 'x')).toBe(false);
    expect(test('X', 'i', 'x')).toBe(true);
  });
});
