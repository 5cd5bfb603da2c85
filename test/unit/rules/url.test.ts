import { describe, expect, it } from 'vitest';
import type { Rule, UrlPattern } from '../../../rules/model';
import { compileUrlPattern } from '../../../rules/url/compile';
import { ruleMatchesUrl, ruleMayApplyToOrigin } from '../../../rules/url/origin';
import { urlPatternWords } from '../../../rules/url/pattern-words';
import { URLPatternImpl } from './dom';

const CASES: [UrlPattern, string, boolean][] = [
  // WebExtension match patterns
  ['https://*.example.com/accounts/*', 'https://crm.example.com/accounts/42', true],
  ['https://*.example.com/accounts/*', 'https://example.com/accounts/', true],
  ['https://*.example.com/accounts/*', 'https://example.org/accounts/1', false],
  ['https://*.example.com/accounts/*', 'https://notexample.com/accounts/1', false],
  ['*://crm.example.com/*', 'http://crm.example.com/x', true],
  ['*://crm.example.com/*', 'ftp://crm.example.com/x', false],
  ['*://*/*?tab=notes', 'https://a.b/c?tab=notes', true],
  ['https://*.example.com/accounts/*', 'https://crm.example.com/accounts/1?x=1#frag', true],
  ['<all_urls>', 'https://x.y/z', true],
  ['<all_urls>', 'chrome://settings', false],
  // URLPattern syntax: named segments, wildcards; query, hash and port free unless written
  ['https://crm.example.com/accounts/:id', 'https://crm.example.com/accounts/42', true],
  ['https://crm.example.com/accounts/:id', 'https://crm.example.com/accounts/42?tab=1#top', true],
  ['https://crm.example.com/accounts/:id', 'https://crm.example.com:8443/accounts/42', true],
  ['https://crm.example.com/accounts/:id', 'https://crm.example.com/accounts/42/edit', false],
  ['https://crm.example.com/accounts/:id', 'http://crm.example.com/accounts/42', false],
  ['https://crm.example.com/accounts/:id(\\d+)', 'https://crm.example.com/accounts/abc', false],
  ['https://crm.example.com/accounts/:id?', 'https://crm.example.com/accounts', true],
  ['https://crm.example.com/reports#/pipeline', 'https://crm.example.com/reports#/pipeline', true],
  ['https://crm.example.com/reports#/pipeline', 'https://crm.example.com/reports?q=1#/pipeline', true],
  ['https://crm.example.com/reports#/pipeline', 'https://crm.example.com/reports#/forecast', false],
  ['https://crm.example.com/reports#/:tab', 'https://crm.example.com/reports#/forecast', true],
  ['https://crm.example.com/search?q=:term', 'https://crm.example.com/search?q=acme', true],
  ['https://crm.example.com/search?q=:term', 'https://crm.example.com/search?x=1', false],
  ['https://crm.example.com:8443/*', 'https://crm.example.com/x', false],
  ['http://127.0.0.1/*', 'http://127.0.0.1:41234/accounts', true],
  // URLPattern parts: what is left out matches anything
  [{ pathname: '/accounts/:id' }, 'https://any.example/accounts/7', true],
  [{ hostname: 'crm.example.com', hash: '/pipeline' }, 'https://crm.example.com/reports#/pipeline', true],
  [{ hostname: 'crm.example.com', hash: '/pipeline' }, 'https://crm.example.com/reports#/forecast', false],
  [{ hostname: '{*.}?example.com' }, 'https://example.com/', true],
  // Hash routers: the hash's own query is ignored unless the pattern names one
  ['https://crm.example.com/app#/contacts', 'https://crm.example.com/app#/contacts?filter=open', true],
  ['https://crm.example.com/app#/contacts', 'https://crm.example.com/app#/contacts/7?tab=x', false],
  ['https://crm.example.com/app#/contacts?filter=open', 'https://crm.example.com/app#/contacts?filter=open', true],
  ['https://crm.example.com/app#/contacts?filter=open', 'https://crm.example.com/app#/contacts?filter=mine', false],
  ['https://crm.example.com/app#/contacts?filter=open', 'https://crm.example.com/app#/contacts', false],
  ['https://crm.example.com/app#/contacts?filter=:f', 'https://crm.example.com/app#/contacts?filter=mine', true],
  ['https://crm.example.com/app#/contacts\\?filter=*', 'https://crm.example.com/app#/contacts?filter=mine', true],
  [{ hash: '/contacts?filter=open' }, 'https://crm.example.com/app#/contacts?filter=open', true],
  [{ hash: '/contacts' }, 'https://crm.example.com/app#/contacts?filter=open', true],
  // Constrained parameters: :id(\\d+) is a record, not the "create" page
  ['https://crm.example.com/app#/contacts/:id(\\d+)', 'https://crm.example.com/app#/contacts/42', true],
  ['https://crm.example.com/app#/contacts/:id(\\d+)', 'https://crm.example.com/app#/contacts/create', false],
  ['https://crm.example.com/app#/contacts/:id(\\d+)', 'https://crm.example.com/app#/contacts/42?tab=notes', true],
  ['https://crm.example.com/app#/contacts/:id', 'https://crm.example.com/app#/contacts/create', true],
  // An optional parameter keeps its ? (a modifier, not a query)
  ['https://crm.example.com/app#/contacts/:id?', 'https://crm.example.com/app#/contacts/', true],
  ['https://crm.example.com/app#/contacts/:id?', 'https://crm.example.com/app#/contacts/7?x=1', true],
];

describe('URL patterns', () => {
  it.each(CASES)('%j on %s → %s', (pattern, url, expected) => {
    expect(compileUrlPattern(pattern, URLPatternImpl).test(new URL(url))).toBe(expected);
  });

  it.each([
    ['htps//crm.example.com', 'neither a match pattern nor a URL pattern'],
    ['https://crm.example.com/(', 'neither a match pattern nor a URL pattern'],
    ['*://crm.*.com/*', 'a * only at the start'],
    ['chrome-x://*/*', 'not a scheme a match pattern can use'],
    ['https://*.example.com', 'a match pattern looks like'],
  ])('refuses %s', (pattern, reason) => {
    expect(() => compileUrlPattern(pattern, URLPatternImpl)).toThrow(reason);
  });

  it('says what to do when URLPattern is missing, and needs none for match patterns', () => {
    expect(() => compileUrlPattern('https://crm.example.com/:id', undefined)).toThrow(/URLPattern is not available/);
    expect(compileUrlPattern('https://*.example.com/*', undefined).test(new URL('https://a.example.com/'))).toBe(true);
  });

  it.each([
    ['https://crm.example.com/accounts/:id', { exact: 'crm.example.com' }, 'accounts'],
    ['https://*.example.com/accounts/*', { suffix: 'example.com' }, 'accounts'],
    ['https://*.example.com/*', { suffix: 'example.com' }, null],
    ['*://*/settings', null, 'settings'],
    ['https://:tenant.example.com/a/:id', null, 'a'],
    ['https://crm.example.com/acc*', { exact: 'crm.example.com' }, null],
    ['https://crm.example.com/reports#/pipeline', { exact: 'crm.example.com' }, 'reports'],
  ] as const)('indexes %s by host and first segment', (pattern, host, segment) => {
    const m = compileUrlPattern(pattern, URLPatternImpl);
    expect(m.host).toEqual(host);
    expect(m.segment).toBe(segment);
  });
});

describe('ruleMayApplyToOrigin', () => {
  const rule = (...urls: UrlPattern[]): Pick<Rule, 'where'> => ({ where: { urls } });
  it.each([
    [rule('https://crm.example.com/accounts/:id'), 'https://crm.example.com/', true],
    [rule('https://crm.example.com/accounts/:id'), 'https://crm.example.com/reports#/x', true],
    [rule('https://crm.example.com/accounts/:id'), 'https://other.example.com/accounts/1', false],
    [rule('https://crm.example.com/accounts/:id'), 'http://crm.example.com/accounts/1', false],
    [rule('https://*.example.com/*'), 'https://a.example.com/', true],
    [rule('https://*.example.com/*'), 'https://example.org/', false],
    [rule({ pathname: '/accounts/:id' }), 'https://anything.example/', true],
    [rule('https://a.example.com/*', 'https://b.example.com/*'), 'https://b.example.com/x', true],
    [rule('https://crm.example.com:8443/*'), 'https://crm.example.com/', false],
    [rule('not a pattern'), 'https://crm.example.com/', false],
    [rule('https://crm.example.com/*'), 'not a url', false],
  ])('%j on %s → %s', (r, url, expected) => {
    expect(ruleMayApplyToOrigin(r, url, URLPatternImpl)).toBe(expected);
  });

  it('works without a URLPattern on the global (the polyfill stands in)', () => {
    expect(ruleMayApplyToOrigin(rule('https://crm.example.com/a/:id'), 'https://crm.example.com/x')).toBe(true);
  });
});

describe('ruleMatchesUrl', () => {
  const where = (urls: UrlPattern[], excludeUrls?: UrlPattern[]): Pick<Rule, 'where'> => ({
    where: { urls, ...(excludeUrls && { excludeUrls }) },
  });
  it.each([
    [where(['https://crm.example.com/reports#/forecast']), 'https://crm.example.com/reports#/forecast', true],
    [where(['https://crm.example.com/reports#/forecast']), 'https://crm.example.com/reports#/pipeline', false],
    [where(['https://crm.example.com/accounts/:id']), 'https://crm.example.com/accounts/7?tab=notes', true],
    [
      where(['https://crm.example.com/*'], ['https://crm.example.com/admin/*']),
      'https://crm.example.com/admin/x',
      false,
    ],
    [
      where(['https://crm.example.com/*'], ['https://crm.example.com/admin/*']),
      'https://crm.example.com/accounts',
      true,
    ],
    [where(['not a pattern']), 'https://crm.example.com/', false],
    [where(['https://crm.example.com/*']), 'not a url', false],
  ])('%j on %s → %s', (r, url, expected) => {
    expect(ruleMatchesUrl(r, url, URLPatternImpl)).toBe(expected);
  });
});

describe('URL pattern errors, in words that say what to write', () => {
  it.each<[UrlPattern, string]>([
    [
      'https://crm.example.com/accounts/:',
      'a : must be followed by a name, as in :id; for a literal colon write \\\\:',
    ],
    ['https://crm.example.com/a/:1x', 'a : must be followed by a name'],
    ['https://crm.example.com/a/:id/:id', ':id is used twice: give each part its own name'],
    [
      'https://crm.example.com/a/:id(\\d+',
      'the ( in ":id(\\\\d+" is never closed: write :id(\\\\d+) for a part of digits',
    ],
    ['https://crm.example.com/a/(', 'is never closed'],
    ['https://crm.example.com/a/:id((\\d)+)', 'write (?:…) rather than (…) or (?<name>…)'],
    ['https://crm.example.com/a/:id([)', '"([)" is not a valid regular expression'],
    ['https://crm.example.com/a/{x', 'a { is never closed with }'],
    [
      'https://crm.example.com/a+b',
      'a + right after plain text is not allowed in the pathname: write \\\\+ for a literal +',
    ],
    [{ pathname: '/a?b' }, 'a ? right after plain text is not allowed in the pathname: write \\\\? for a literal ?'],
    [
      'crm.example.com/accounts',
      'a URL pattern starts with the scheme and host (https://crm.example.com/accounts/:id)',
    ],
    ['/accounts/:id', 'or is an object of parts such as { "pathname": "/accounts/:id" }'],
    ['https://crm.example.com:99999/a', 'the port "99999" must be a number up to 65535, or * for any port'],
    ['https://cr m.example.com/a', 'the host "cr m.example.com" is not a host name'],
    ['*://crm.*.com/*', 'a * only at the start'],
  ])('%j', (pattern, words) => {
    let error: Error | undefined;
    try {
      compileUrlPattern(pattern, URLPatternImpl);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(urlPatternWords(pattern, error!)).toContain(words);
  });

  it('accepts a ? in a hash pattern as the start of the hash query', () => {
    expect(() => compileUrlPattern('https://crm.example.com/app#/contacts?filter=open', URLPatternImpl)).not.toThrow();
  });
});
