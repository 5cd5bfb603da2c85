/**
 * Where a new rule applies, suggested from the page it was made on: the path and hash route with
 * record ids generalised (`/accounts/123` → `/accounts/:id`), so the rule shows on every record
 * of that kind, not only the one the author had open.
 */
import type { UrlPattern } from '../model';
import { compileUrlPattern } from '../url/compile';
import { urlPatternImpl } from '../url/with-polyfill';

/** A path segment that names one record rather than a kind of page. */
function recordSegment(segment: string): boolean {
  if (!segment) return false;
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    // Not valid percent-encoding: judge the segment as written.
  }
  return (
    /^\d+$/.test(s) || // 123
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) || // a UUID
    /^[0-9a-f]{12,}$/i.test(s) || // a hash or object id
    /^[a-z]{0,4}[-_]?\d{3,}$/i.test(s) || // INV-2024, c1042
    // A letters-and-digits key (`001Dn00000AbCdE`): long, mixed, no word separators.
    (s.length >= 10 && /\d/.test(s) && /[a-z]/i.test(s) && /^[a-z0-9]+$/i.test(s))
  );
}

/** Escapes what URLPattern reads as syntax in a literal path segment. */
const literal = (segment: string) => segment.replace(/[:*?+(){}\\]/g, (c) => `\\${c}`);

/** A path with its record segments as named parameters (`:id`, then `:id2`…). */
export function generalisePath(path: string): string {
  let n = 0;
  return path
    .split('/')
    .map((segment) => (recordSegment(segment) ? (++n === 1 ? ':id' : `:id${n}`) : literal(segment)))
    .join('/');
}

/**
 * The `where.urls` entry suggested for a rule made on `url`: its path generalised, and its hash
 * route too when the app routes in the hash (`#/deals/42` → `#/deals/:id`). The query is left
 * out: filters and sorting should not hide help.
 */
export function suggestUrlPattern(url: string): UrlPattern {
  const u = new URL(url);
  const pattern: { pathname: string; hash?: string } = { pathname: generalisePath(u.pathname) || '/' };
  const route = u.hash.match(/^#(!?\/[^?]*)/);
  if (route?.[1]) pattern.hash = generalisePath(route[1]);
  return pattern;
}

/** Whether `pattern` matches `url` ("matches this page"), or what is wrong with the pattern. */
export function patternMatchesUrl(pattern: UrlPattern, url: string): { matches: boolean; problem?: string } {
  try {
    return { matches: compileUrlPattern(pattern, urlPatternImpl()).test(new URL(url)) };
  } catch (error) {
    return { matches: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
