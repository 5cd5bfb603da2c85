/**
 * Which parts of an address a pattern reads, from its text: the page asks for more rules only
 * when one of those parts changes, so a part wrongly said to be unread would leave help missing.
 * Checked against the compiled patterns: addresses that differ only in unread parts always get
 * the same answer.
 */
import { describe, expect, it } from 'vitest';
import type { UrlPattern } from '../../../rules/model';
import { compileUrlPattern } from '../../../rules/url/compile';
import { type PageParts, pagePartsRead, partsRead } from '../../../rules/url/page-parts';
import { URLPatternImpl } from './dom';

const PATTERNS: UrlPattern[] = [
  // Match patterns: the path part matches the path and the query.
  '*://crm.example.com/*',
  '*://crm.example.com/accounts*',
  '*://crm.example.com/accounts',
  '*://crm.example.com/accounts/*/edit',
  '*://crm.example.com/acc?unts*',
  '<all_urls>',
  // URLPattern strings: an absent query or hash matches any.
  'https://crm.example.com/accounts/:id',
  'https://crm.example.com/accounts/:id?',
  'https://crm.example.com/accounts?tab=notes',
  'https://crm.example.com/search?q=:term',
  'https://crm.example.com/reports#/pipeline',
  'https://crm.example.com/reports#/pipeline*',
  'https://crm.example.com/app#/contacts/:id(\\d+)',
  'https://crm.example.com/app#/contacts\\?filter=open',
  'https://crm.example.com/app#/contacts?filter=:f',
  'https://crm.example.com/app#/contacts/:id?',
  'https://crm.example.com/app#',
  'https://crm.example.com/(a|b)#x',
  // Parts: an absent part matches any.
  { hostname: 'crm.example.com', pathname: '/accounts/:id' },
  { pathname: '/accounts', search: 'tab=notes' },
  { pathname: '/reports', hash: '/pipeline' },
  { pathname: '/app', hash: '' },
  { pathname: '/app', hash: '/contacts?filter=open' },
  // Not a pattern at all: matches nothing, reads nothing.
  'not a pattern',
];

const PATHS = ['/', '/accounts', '/accounts/42', '/accounts/42/edit', '/search', '/reports', '/app', '/acc?unts'];
const SEARCHES = ['', '?x=1', '?tab=notes', '?q=acme', '?unts'];
const HASHES = ['', '#/pipeline', '#/pipeline?x=1', '#/contacts/42', '#/contacts', '#/contacts?filter=open', '#x'];

/** The key the page asks again by (`overlay/runtime.ts`). */
function keyOf(url: URL, more: PageParts): string {
  const hash = more.hash ? (more.hashQuery ? url.hash : url.hash.split('?')[0]) : '';
  return url.pathname + (more.search ? url.search : '') + hash;
}

describe('the parts of an address a pattern reads', () => {
  it('reads the query only where the text can name one, and the hash only in a hash pattern', () => {
    expect(partsRead('*://crm.example.com/accounts*')).toEqual({ search: false, hash: false, hashQuery: false });
    expect(partsRead('*://crm.example.com/accounts')).toEqual({ search: true, hash: false, hashQuery: false });
    expect(partsRead('https://crm.example.com/accounts/:id')).toEqual({ search: false, hash: false, hashQuery: false });
    expect(partsRead('https://crm.example.com/accounts?tab=notes').search).toBe(true);
    expect(partsRead('https://crm.example.com/reports#/pipeline')).toEqual({
      search: false,
      hash: true,
      hashQuery: false,
    });
    expect(partsRead('https://crm.example.com/app#/contacts?filter=:f')).toEqual({
      search: false,
      hash: true,
      hashQuery: true,
    });
    expect(partsRead({ pathname: '/app', hash: '' })).toEqual({ search: false, hash: true, hashQuery: false });
    expect(partsRead({ pathname: '/accounts', search: 'tab=notes' }).search).toBe(true);
    expect(pagePartsRead(['https://crm.example.com/a', 'https://crm.example.com/b#/x'])).toEqual({
      search: false,
      hash: true,
      hashQuery: false,
    });
    expect(pagePartsRead([])).toEqual({ search: false, hash: false, hashQuery: false });
  });

  it('never leaves out a part that changes a compiled pattern’s answer', () => {
    const urls = PATHS.flatMap((p) =>
      SEARCHES.flatMap((s) => HASHES.map((h) => new URL(`https://crm.example.com${p}${s}${h}`))),
    );
    const wrong: string[] = [];
    let tested = 0;
    for (const pattern of PATTERNS) {
      let test: (url: URL) => boolean = () => false;
      try {
        test = compileUrlPattern(pattern, URLPatternImpl).test;
      } catch {}
      const more = partsRead(pattern);
      const answers = new Map<string, { href: string; matches: boolean }>();
      for (const url of urls) {
        const matches = test(url);
        const key = keyOf(url, more);
        const first = answers.get(key);
        if (!first) answers.set(key, { href: url.href, matches });
        else if (first.matches !== matches) {
          wrong.push(`${JSON.stringify(pattern)}: ${first.href} ${first.matches}, ${url.href} ${matches}`);
        }
        tested += matches ? 1 : 0;
      }
    }
    expect(wrong).toEqual([]);
    // The corpus matches somewhere, so the comparison means something.
    expect(tested).toBeGreaterThan(100);
  });
});
