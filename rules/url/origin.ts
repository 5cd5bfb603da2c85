/**
 * A cheap pre-filter for the background: can a rule apply anywhere on a URL's origin? Then the
 * page gets it; otherwise it is never sent there.
 */
import type { Checklist, Rule, UrlPattern } from '../model';
import { compileUrlPattern } from './compile';
import type { URLPatternConstructor, UrlMatcher } from './types';
import { urlPatternImpl } from './with-polyfill';

/**
 * Whether any of the rule's URL patterns can match some URL of `url`'s origin (scheme, host and
 * port). Exclusions and conditions are left to the engine. A pattern that does not compile
 * matches nothing; an unparsable URL matches nothing.
 */
export function ruleMayApplyToOrigin(
  rule: Pick<Rule | Checklist, 'where'>,
  url: string | URL,
  Impl: URLPatternConstructor = urlPatternImpl(),
): boolean {
  const parsed = parsedUrl(url);
  return parsed !== null && rule.where.urls.some((p) => compiled(p, Impl)?.testOrigin(parsed) ?? false);
}

/**
 * Whether the rule's URL patterns match `url` itself (one of its `urls` and none of its
 * `excludeUrls`); conditions are left to the page. For the background's plans of what a page
 * should do (which rules a content-health probe there should look at).
 */
export function ruleMatchesUrl(
  rule: Pick<Rule | Checklist, 'where'>,
  url: string | URL,
  Impl: URLPatternConstructor = urlPatternImpl(),
): boolean {
  const parsed = parsedUrl(url);
  if (!parsed) return false;
  const test = (p: UrlPattern) => compiled(p, Impl)?.test(parsed) ?? false;
  return rule.where.urls.some(test) && !(rule.where.excludeUrls ?? []).some(test);
}

/** `url` as a URL, or null when it does not parse. */
function parsedUrl(url: string | URL): URL | null {
  try {
    return typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
}

/** Compiled patterns by source, bounded: the background sees the same few packs again and again. */
const cache = new Map<string, UrlMatcher | null>();
const CACHE_SIZE = 5000;

function compiled(pattern: UrlPattern, Impl: URLPatternConstructor): UrlMatcher | null {
  const key = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  let m = cache.get(key);
  if (m === undefined) {
    try {
      m = compileUrlPattern(pattern, Impl);
    } catch {
      m = null;
    }
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, m);
  }
  return m;
}
