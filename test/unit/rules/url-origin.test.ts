/**
 * Which patterns may apply on an origin, decided from their text where it is plain: the fast path
 * against the compiled patterns on a corpus, and what a page's request compiles after a pack of
 * rules with a site each.
 */
import { describe, expect, it } from 'vitest';
import type { Rule, UrlPattern } from '../../../rules/model';
import { compileUrlPattern } from '../../../rules/url/compile';
import { Lru } from '../../../rules/url/lru';
import { ruleMatchesUrl, ruleMayApplyToOrigin } from '../../../rules/url/origin';
import { plainOrigin, plainOriginMatches, plainPathStart, provedToCompile } from '../../../rules/url/plain-origin';
import type { URLPatternConstructor } from '../../../rules/url/types';
import { URLPatternImpl } from './dom';

/** Patterns a pack may hold, good and bad; each is also combined with the parts below. */
const PATTERNS: UrlPattern[] = [
  // URLPattern strings
  'https://crm.example.com/accounts/:id',
  'http://crm.example.com/*',
  'https://CRM.Example.COM/x',
  'HTTPS://crm.example.com/x',
  'https://bücher.example/x',
  'https://xn--bcher-kva.example/x',
  'https://xn--zz.com/x',
  'https://crm.example.com:8443/*',
  'https://crm.example.com:443/*',
  'http://crm.example.com:80/',
  'https://crm.example.com:0443/',
  'http://crm.example.com:65536/',
  'http://crm.example.com:0/',
  'http://127.0.0.1/*',
  'http://127.0.0.1:4173/*',
  'http://127.1/*',
  'http://0x7f.0.0.1/',
  'http://foo.123/',
  'http://256.1.1.1/',
  'http://[::1]/*',
  'http://\\[::1\\]:8080/x',
  'https://(crm|erp).example.com/*',
  'https://:tenant.example.com/a/:id',
  'https://{*.}?example.com/*',
  'https://crm.example.com{:8443}?/x',
  'https://crm\\.example.com/x',
  'https://crm.example.:tld/x',
  'ws://crm.example.com/socket',
  'wss://crm.example.com:9000/',
  'ftp://files.example.com/',
  'file:///tmp/x',
  'custom://crm.example.com/x',
  'https://crm.example.com',
  'https://crm.example.com?tab=1',
  'https://crm.example.com#/route',
  'https://crm.example.com/app#/contacts?filter=open',
  'https://crm.example.com./x',
  'https://crm..example.com/',
  'https://-crm.example.com/',
  'https://user@crm.example.com/',
  'https://crm.example.com:8080:90/',
  'https://crm.example.com:port/',
  'https://crm.example.com/a/:id/b/*',
  'https://crm.example.com/:$x/:_y',
  'https://crm.example.com/a//b/',
  'https://crm.example.com/a/:id/:id',
  'https://crm.example.com/a/:id/*/:ID',
  'https://crm.example.com/a/:1',
  // invalid URLPattern strings
  'https://crm.example.com/(',
  'https://crm.example.com/a/:id(',
  'https://crm.example.com/a/:',
  'not a pattern',
  'crm.example.com/x',
  '',
  // match patterns
  'https://*.example.com/accounts/*',
  '*://crm.example.com/*',
  '*://CRM.example.com/*',
  '<all_urls>',
  '*://*/*',
  '*://crm.example.com:8443/*',
  '*://*.example.com:*/*',
  'file:///*',
  'https://*/x',
  '*://crm.*.com/*',
  'chrome-x://*/*',
  'https://*.example.com',
  // URLPattern parts
  { pathname: '/accounts/:id' },
  { hostname: 'crm.example.com' },
  { hostname: 'CRM.example.com' },
  { hostname: '*.example.com' },
  { hostname: '*.EXAMPLE.com' },
  { hostname: '*' },
  { hostname: '{*.}?example.com' },
  { protocol: 'https', hostname: 'crm.example.com' },
  { protocol: 'HTTPS', hostname: 'crm.example.com' },
  { protocol: 'https:', hostname: 'crm.example.com' },
  { protocol: 'http{s}?', hostname: 'crm.example.com' },
  { protocol: '*', hostname: 'crm.example.com', pathname: '/a' },
  { protocol: 'https', hostname: 'crm.example.com', port: '443' },
  { protocol: 'https', hostname: 'crm.example.com', port: '' },
  { hostname: 'crm.example.com', port: '8443' },
  { hostname: 'crm.example.com', port: '*' },
  { hostname: '127.1' },
  { hostname: '127.0.0.1' },
  { hostname: '*.127.0.0.1' },
  { hostname: '*.0.1' },
  { hostname: '(crm|erp).example.com' },
  { hostname: ':sub.example.com' },
  { hostname: '[::1]' },
  { hostname: 'bücher.example' },
  { hostname: '' },
  { protocol: 'file' },
  { protocol: 'custom', hostname: 'crm.example.com' },
  { protocol: 'wss', hash: '/x?y=1' },
  { hostname: 'crm.example.com', pathname: '/a/:' },
  { pathname: '/(' },
  { hostname: 42 } as unknown as UrlPattern,
  {},
];

const URLS = [
  'https://crm.example.com/',
  'http://crm.example.com/accounts/1',
  'https://crm.example.com:8443/x',
  'https://crm.example.com:443/',
  'http://crm.example.com:80/',
  'http://crm.example.com:0/',
  'https://erp.example.com/',
  'https://a.b.example.com/',
  'https://example.com/',
  'https://notexample.com/',
  'https://CRM.EXAMPLE.COM/',
  'https://bücher.example/',
  'https://crm.example.com./',
  'http://127.0.0.1/',
  'http://127.0.0.1:4173/',
  'http://[::1]/',
  'http://[::1]:8080/x',
  'ws://crm.example.com/',
  'wss://crm.example.com:9000/',
  'ftp://files.example.com/',
  'file:///tmp/x',
  'custom://crm.example.com/x',
  'https://user:pw@crm.example.com/',
  'https://files.example.com/',
].map((u) => new URL(u));

/** Strings made of parts, plain and not, for a wider corpus. */
const COMBINED: UrlPattern[] = ['https', 'http', 'HTTP', 'wss', 'file', 'custom'].flatMap((scheme) =>
  ['crm.example.com', 'Crm.Example.com', '127.0.0.1', '127.1', 'app-7.example.com', ':t.example.com', '[::1]'].flatMap(
    (host) =>
      ['', ':8443', ':443', ':80', ':08443'].flatMap((port) =>
        ['/accounts/:id', '/*', '', '/(', '#/x?y'].map((path) => `${scheme}://${host}${port}${path}`),
      ),
  ),
);

/** The compiled pattern's answer: its `testOrigin`, or false when it does not compile. */
function compiledAnswer(pattern: UrlPattern): (url: URL) => boolean {
  try {
    return compileUrlPattern(pattern, URLPatternImpl).testOrigin;
  } catch {
    return () => false;
  }
}

describe('the origin fast path', () => {
  it('agrees with the compiled patterns on every pattern × URL of the corpus', () => {
    const disagree: string[] = [];
    let plain = 0;
    for (const pattern of [...PATTERNS, ...COMBINED]) {
      const fast = plainOrigin(pattern);
      if (fast) plain++;
      const answer = compiledAnswer(pattern);
      const compiles = isCompiled(pattern);
      for (const url of URLS) {
        const expected = answer(url);
        if (ruleMayApplyToOrigin({ where: { urls: [pattern] } }, url, URLPatternImpl) !== expected)
          disagree.push(`${JSON.stringify(pattern)} on ${url.href}: expected ${expected}`);
        // The text alone, where it decides: never a match the compiled pattern refuses, and never
        // a refusal it would have matched, for a pattern that compiles.
        if (fast && plainOriginMatches(fast, url) !== expected && (provedToCompile(fast) || compiles))
          disagree.push(`plain ${JSON.stringify(pattern)} on ${url.href}: expected ${expected}`);
      }
    }
    expect(disagree).toEqual([]);
    // The corpus exercises both paths.
    expect(plain).toBeGreaterThan(150);
    expect(PATTERNS.length + COMBINED.length - plain).toBeGreaterThan(150);
  });

  it('proves from the text that a pattern compiles only when it does', () => {
    const wrong = [...PATH_PATTERNS, ...PATTERNS, ...COMBINED].filter((pattern) => {
      const plain = plainOrigin(pattern);
      // (A match pattern that does not parse matches no origin at all: nothing to prove there.)
      return plain?.form === 'string' && provedToCompile(plain) && !isCompiled(pattern);
    });
    expect(wrong).toEqual([]);
    // Hash routes of literal segments and names are proved without compiling them.
    const hashRoutes = ['https://crm.example.com/app#/contacts', 'https://crm.example.com/app#/contacts/:id'];
    expect(hashRoutes.map((p) => provedToCompile(plainOrigin(p)!))).toEqual([true, true]);
  });

  it.each<[UrlPattern, boolean]>([
    ['https://crm.example.com/accounts/:id', true],
    ['https://CRM.Example.COM/x', true],
    ['http://127.0.0.1:4173/*', true],
    ['wss://crm.example.com:9000/', true],
    ['https://*.example.com/accounts/*', true],
    ['<all_urls>', true],
    ['*://crm.*.com/*', true],
    [{ hostname: '*.example.com', pathname: '/a' }, true],
    [{ protocol: 'https', hostname: 'crm.example.com' }, true],
    [{ protocol: 'HTTPS', hostname: 'CRM.example.com' }, true],
    [{ pathname: '/accounts/:id' }, true],
    ['https://(crm|erp).example.com/*', false],
    ['https://:tenant.example.com/a/:id', false],
    ['https://{*.}?example.com/*', false],
    ['https://bücher.example/x', false],
    ['http://127.1/*', false],
    ['http://\\[::1\\]:8080/x', false],
    ['https://crm.example.com:443/*', false],
    [{ hostname: '(crm|erp).example.com' }, false],
    [{ hostname: 'crm.example.com', port: '8443' }, false],
  ])('reads %j from its text: %s', (pattern, plain) => {
    expect(plainOrigin(pattern) !== undefined).toBe(plain);
  });
});

/** Patterns whose paths are read from their text, and addresses to try them on. */
const PATH_PATTERNS: UrlPattern[] = [
  'https://crm.example.com/accounts/:id',
  'https://crm.example.com/accounts/:id?',
  'https://crm.example.com/accounts/:id+',
  'https://crm.example.com/accounts/*',
  'https://crm.example.com/accounts',
  'https://crm.example.com/accounts/ab:id',
  'https://crm.example.com/accounts\\:x',
  'https://crm.example.com/accounts{/:id}?',
  'https://crm.example.com/accounts/(\\d+)',
  'https://crm.example.com/acc*',
  'https://crm.example.com/ab+',
  'https://crm.example.com/a/./b',
  'https://crm.example.com/a/../c',
  'https://crm.example.com/.well-known/x',
  'https://crm.example.com/~me',
  'https://crm.example.com/%7Eme',
  'https://crm.example.com/search?q=:term',
  'https://crm.example.com/accounts?tab=notes',
  'https://crm.example.com/reports#/pipeline',
  'https://crm.example.com/app#/contacts/:id(\\d+)',
  'http://127.0.0.1:4173/accounts/:id',
  { hostname: 'crm.example.com', pathname: '/accounts/:id?' },
  { hostname: 'crm.example.com', pathname: '/accounts/*' },
  { pathname: '/accounts' },
  { pathname: 'accounts' },
  { pathname: '/a/../c' },
  { pathname: '/Accounts/:id' },
  { hostname: '*.example.com', pathname: '/reports', hash: '/pipeline' },
  // Hash routes: their literal start is read from the text too.
  'https://crm.example.com/app#/contacts',
  'https://crm.example.com/app#/contacts/:id',
  'https://crm.example.com/app#/contacts/:id?',
  'https://crm.example.com/app#/contacts/:id(\\d+)',
  'https://crm.example.com/app#/contacts*',
  'https://crm.example.com/app#/contacts/*',
  'https://crm.example.com/app#contacts',
  'https://crm.example.com/app#/contacts\\?filter=open',
  'https://crm.example.com/app#/contacts?filter=:f',
  'https://crm.example.com/app#/a.b~c_d-e',
  'https://crm.example.com/app#/route-4',
  'https://crm.example.com/app#/route-:n',
  'https://crm.example.com/app#/x/:id/:id',
  'https://crm.example.com/app#/x:id',
  'https://crm.example.com/app#/a b',
  'https://crm.example.com/app#/%41',
  'https://crm.example.com/app#',
  'https://crm.example.com/app/:id#/contacts/:id',
  { pathname: '/app', hash: '/contacts' },
  { pathname: '/app', hash: '' },
  { pathname: '/app', hash: '/contacts/:id?' },
];

const PATH_URLS = [
  '/',
  '/accounts',
  '/accounts/',
  '/accounts/42',
  '/accounts/42/edit',
  '/accounts/ab7',
  '/accounts:x',
  '/accountsx',
  '/Accounts/1',
  '/accounts.json',
  '/ab',
  '/abbb',
  '/a/b',
  '/a/./b',
  '/c',
  '/a/../c',
  '/.well-known/x',
  '/~me',
  '/%7Eme',
  '/search?q=acme',
  '/accounts?tab=notes',
  '/reports#/pipeline',
  '/reports?x=1#/pipeline',
  '/app#/contacts/42',
  '/app#/contacts',
  '/app#/contacts/',
  '/app#/contacts?filter=open',
  '/app#/contacts/42?x=1',
  '/app#/contactsx',
  '/app#contacts',
  '/app',
  '/app#',
  '/app#/route-4',
  '/app#/route-42',
  '/app#/a.b~c_d-e',
  '/app#/Contacts',
  '/app#/a%20b',
  '/app#/A',
  '/app#/%41',
  '/app#/x/1/1',
  '/app#/x7',
  '/app?x=1#/contacts',
  '/app/7#/contacts/7',
].flatMap((path) => [
  `https://crm.example.com${path}`,
  `http://127.0.0.1:4173${path}`,
  `https://erp.example.com${path}`,
]);

describe('matching whole URLs from the text first', () => {
  it('agrees with the compiled patterns on every pattern × URL of the corpus', () => {
    const urls = [...URLS, ...PATH_URLS.map((u) => new URL(u))];
    const disagree: string[] = [];
    let started = 0;
    for (const pattern of [...PATH_PATTERNS, ...PATTERNS, ...COMBINED]) {
      let test: (url: URL) => boolean = () => false;
      try {
        test = compileUrlPattern(pattern, URLPatternImpl).test;
      } catch {}
      const plain = plainOrigin(pattern);
      const start = plain ? plainPathStart(plain) : '';
      if (start) started++;
      for (const url of urls) {
        const expected = test(url);
        if (ruleMatchesUrl({ where: { urls: [pattern] } }, url, URLPatternImpl) !== expected)
          disagree.push(`${JSON.stringify(pattern)} on ${url.href}: expected ${expected}`);
        if (expected && !url.pathname.startsWith(start))
          disagree.push(`${JSON.stringify(pattern)} on ${url.href}: its path does not start with ${start}`);
      }
    }
    expect(disagree).toEqual([]);
    expect(started).toBeGreaterThan(60);
  });

  it.each<[UrlPattern, string]>([
    ['https://crm.example.com/accounts/:id', '/accounts'],
    ['https://crm.example.com/accounts/:id?', '/accounts'],
    ['https://crm.example.com/accounts', '/accounts'],
    ['https://crm.example.com/reports#/pipeline', '/reports'],
    ['https://crm.example.com/accounts?tab=notes', ''],
    ['https://crm.example.com/a/../c', ''],
    ['https://crm.example.com/acc*', ''],
    ['https://crm.example.com/reports/2024/q1/:id', '/reports/2024/q1'],
    [{ pathname: '/accounts/*' }, '/accounts'],
    [{ pathname: 'accounts' }, ''],
    ['https://*.example.com/accounts/*', ''],
  ])('reads the path start of %j: %j', (pattern, start) => {
    const plain = plainOrigin(pattern);
    expect(plain && plainPathStart(plain)).toBe(start);
  });
});

function isCompiled(pattern: UrlPattern): boolean {
  try {
    compileUrlPattern(pattern, URLPatternImpl);
    return true;
  } catch {
    return false;
  }
}

/** The polyfill, counting what it constructs (a compiled pattern makes one to three). */
function countingImpl(): { Impl: URLPatternConstructor; count: () => number } {
  let constructed = 0;
  const Base = URLPatternImpl as unknown as new (input: string | Record<string, string>) => object;
  class Counting extends Base {
    constructor(input: string | Record<string, string>) {
      super(input);
      constructed++;
    }
  }
  return { Impl: Counting as unknown as URLPatternConstructor, count: () => constructed };
}

describe('a page after a pack of rules with a site each', () => {
  // 10,000 rules, 20,000 patterns: more than any cache of compiled patterns holds.
  const site = (i: number) => `app${i}.site-per-rule.example`;
  const rules: Pick<Rule, 'where' | 'id'>[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `r${i}`,
    where: {
      urls: [`https://${site(i)}/accounts/:id(\\d+)`, { hostname: site(i), pathname: '/reports/:id(\\d+)' }],
      excludeUrls: [`https://${site(i)}/accounts/admin`],
    },
  }));

  it('compiles only the patterns of the rules for its host, and nothing on the next page', () => {
    const { Impl, count } = countingImpl();
    const page = 'https://app17.site-per-rule.example/accounts/7';
    expect(rules.filter((r) => ruleMayApplyToOrigin(r, page, Impl)).map((r) => r.id)).toEqual(['r17']);
    const first = count();
    // The rule's first pattern (a group: its text does not prove it compiles) confirmed to
    // compile, raw and parts; not one of the others.
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(3);
    expect(rules.filter((r) => ruleMayApplyToOrigin(r, page, Impl)).map((r) => r.id)).toEqual(['r17']);
    expect(rules.filter((r) => ruleMayApplyToOrigin(r, 'https://app9999.site-per-rule.example/', Impl))).toHaveLength(
      1,
    );
    expect(count() - first).toBeLessThanOrEqual(3);
  });

  it('matches whole URLs compiling only the patterns whose origin may match', () => {
    const { Impl, count } = countingImpl();
    const page = 'https://app42.site-per-rule.example/accounts/7';
    expect(rules.filter((r) => ruleMatchesUrl(r, page, Impl)).map((r) => r.id)).toEqual(['r42']);
    // Its include and exclude patterns on that host: at most three constructions each.
    const first = count();
    expect(first).toBeLessThanOrEqual(6);
    expect(rules.filter((r) => ruleMatchesUrl(r, 'https://app42.site-per-rule.example/accounts/admin', Impl))).toEqual(
      [],
    );
    // Its exclusion, whose path start the first page did not have, compiled now.
    expect(count() - first).toBeLessThanOrEqual(3);
  });
});

describe('a page after a pack of rules on one host with a pattern each', () => {
  const rules: Pick<Rule, 'where' | 'id'>[] = Array.from({ length: 6000 }, (_, i) => ({
    id: `r${i}`,
    where: { urls: [`https://one-host.example/accounts/${i}/:id`] },
  }));

  it('picks them for the page compiling none whose path is simple', () => {
    const { Impl, count } = countingImpl();
    expect(rules.filter((r) => ruleMayApplyToOrigin(r, 'https://one-host.example/', Impl))).toHaveLength(6000);
    expect(count()).toBe(0);
  });

  it.each<[UrlPattern, boolean]>([
    ['https://one-host.example/accounts/7/:id', true],
    ['https://one-host.example/a/:id/b/*', true],
    ['https://one-host.example', true],
    ['https://one-host.example/a/:id/:id', false],
    ['https://one-host.example/a/:id?', false],
    ['https://one-host.example/a/(\\d+)', false],
    ['https://one-host.example/a?tab=1', false],
    ['https://one-host.example/a#/b', true],
    ['https://one-host.example/a#/b/:id', true],
    ['https://one-host.example/a#/b/:id/:id', false],
    ['https://one-host.example/a#/b?x=1', false],
    [{ hostname: 'one-host.example', pathname: '/a' }, false],
  ])('knows %j compiles from its text: %s', (pattern, sure) => {
    const plain = plainOrigin(pattern);
    expect(plain && provedToCompile(plain)).toBe(sure);
  });

  it('matches whole URLs compiling only the patterns whose path start the page has', () => {
    const { Impl, count } = countingImpl();
    const page = 'https://one-host.example/accounts/17/notes';
    expect(rules.filter((r) => ruleMatchesUrl(r, page, Impl)).map((r) => r.id)).toEqual(['r17']);
    // /accounts/1 and /accounts/17 start the page's path: two patterns, two constructions each.
    expect(count()).toBeLessThanOrEqual(4);
  });

  it('compiles only the hash routes whose literal start the page has, on every request', () => {
    // More routes than the compiled patterns kept: reading them all each time compiled every one.
    const routes: Pick<Rule, 'where' | 'id'>[] = Array.from({ length: 6000 }, (_, i) => ({
      id: `h${i}`,
      where: { urls: [`https://one-host.example/app#/route-${i}${i % 2 ? '/:id' : ''}`] },
    }));
    const { Impl, count } = countingImpl();
    for (const page of ['https://one-host.example/app#/route-17/5', 'https://one-host.example/app#/route-4000']) {
      const before = count();
      const matching = routes.filter((r) => ruleMayApplyToOrigin(r, page, Impl) && ruleMatchesUrl(r, page, Impl));
      expect(matching.length).toBe(1);
      // route-1, route-17 (and route-4000, route-400, route-40, route-4): a few patterns, two constructions each.
      expect(count() - before).toBeLessThanOrEqual(10);
    }
  });
});

describe('Lru', () => {
  it('forgets the least recently used entry when full, not all of them', () => {
    const lru = new Lru<string, number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    lru.set('d', 4);
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.has('d')]).toEqual([true, false, true, true]);
    lru.set('c', 30);
    lru.set('e', 5);
    expect([lru.has('a'), lru.has('c'), lru.has('d'), lru.has('e')]).toEqual([false, true, true, true]);
    expect(lru.length).toBe(3);
  });
});
