/**
 * A cheap pre-filter for the background: can a rule apply anywhere on a URL's origin? Then the
 * page gets it; otherwise it is never sent there.
 */
import type { Checklist, Rule, UrlPattern } from '../model';
import { compileUrlPattern } from './compile';
import { Lru } from './lru';
import {
  type PlainOrigin,
  plainHashStart,
  plainOrigin,
  plainOriginMatches,
  plainPathStart,
  provedToCompile,
  type UrlOrigin,
} from './plain-origin';
import type { URLPatternConstructor, UrlMatcher } from './types';
import { urlPatternImpl } from './with-polyfill';

/**
 * Whether any of the rule's URL patterns can match some URL of `url`'s origin (scheme, host and
 * port). Exclusions and conditions are left to the engine. A pattern that does not compile
 * matches nothing; an unparsable URL matches nothing. Only the patterns whose origin part may
 * match are compiled: where a pattern's origin part is plain its text decides (`plainOrigin`),
 * and it is compiled only to confirm a match.
 */
export function ruleMayApplyToOrigin(
  rule: Pick<Rule | Checklist, 'where'>,
  url: string | URL,
  Impl: URLPatternConstructor = urlPatternImpl(),
): boolean {
  const parsed = parsedUrl(url);
  return parsed !== null && factsOf(rule.where.urls).some((f) => mayMatchOrigin(f, parsed, Impl));
}

/**
 * Whether the rule's URL patterns match `url` itself (one of its `urls` and none of its
 * `excludeUrls`); conditions are left to the page. For the background's plans of what a page
 * should do (which rules a content-health probe there should look at). A pattern is compiled only
 * when its origin part may match.
 */
export function ruleMatchesUrl(
  rule: Pick<Rule | Checklist, 'where'>,
  url: string | URL,
  Impl: URLPatternConstructor = urlPatternImpl(),
): boolean {
  const parsed = parsedUrl(url);
  if (!parsed) return false;
  const test = (f: Facts) => mayMatchUrl(f, parsed, Impl);
  return factsOf(rule.where.urls).some(test) && !factsOf(rule.where.excludeUrls ?? NONE).some(test);
}

/** A URL, and a copy of the parts every pattern reads (a URL's getters cost). */
interface Parsed {
  url: URL;
  origin: UrlOrigin;
  pathname: string;
  /** The hash's path: after `#`, before the hash's own query. */
  hashPath: string;
}

const parse = (url: URL): Parsed => ({
  url,
  origin: { protocol: url.protocol, hostname: url.hostname, port: url.port },
  pathname: url.pathname,
  hashPath: url.hash.slice(1).split('?')[0]!,
});

/** The last address parsed: a page's request asks about every rule with the same one. */
let last: { href: string; parsed: Parsed | null } = { href: '', parsed: null };

/** `url` parsed, or null when it does not parse. */
function parsedUrl(url: string | URL): Parsed | null {
  if (typeof url !== 'string') return parse(url);
  if (url !== last.href) {
    let parsed: Parsed | null;
    try {
      parsed = parse(new URL(url));
    } catch {
      parsed = null;
    }
    last = { href: url, parsed };
  }
  return last.parsed;
}

/** What a pattern's text says of its origins, and whether it compiles once that was needed. */
interface Facts {
  readonly pattern: UrlPattern;
  readonly plain: PlainOrigin | undefined;
  compiles?: boolean;
  pathStart?: string;
  hashStart?: string;
}

const NONE: readonly UrlPattern[] = [];

/**
 * The facts of a rule's patterns, read once per list: the background's rules are the same
 * objects from one page's request to the next until packs change, and go with them. A few dozen
 * bytes a pattern, so nothing is ever evicted while a pack is in use.
 */
const facts = new WeakMap<readonly UrlPattern[], Facts[]>();

function factsOf(patterns: readonly UrlPattern[]): Facts[] {
  let known = facts.get(patterns);
  if (!known) {
    known = patterns.map((pattern) => ({ pattern, plain: plainOrigin(pattern) }));
    facts.set(patterns, known);
  }
  return known;
}

function mayMatchOrigin(f: Facts, { url, origin }: Parsed, Impl: URLPatternConstructor): boolean {
  if (!f.plain) return compiled(f, Impl)?.testOrigin(url) ?? false;
  if (!plainOriginMatches(f.plain, origin)) return false;
  f.compiles ??= provedToCompile(f.plain) || compiled(f, Impl) !== null;
  return f.compiles;
}

/**
 * The compiled pattern's `test`, asked only when the text allows a match (origin, path start and
 * hash start): a pack of thousands of hash routes on one page compiles the few that may match.
 */
function mayMatchUrl(f: Facts, { url, origin, pathname, hashPath }: Parsed, Impl: URLPatternConstructor): boolean {
  const { plain } = f;
  if (plain) {
    if (!plainOriginMatches(plain, origin)) return false;
    f.pathStart ??= plainPathStart(plain);
    if (!pathname.startsWith(f.pathStart)) return false;
    f.hashStart ??= plainHashStart(plain, f.pattern);
    if (!hashPath.startsWith(f.hashStart)) return false;
  }
  return compiled(f, Impl)?.test(url) ?? false;
}

/**
 * Compiled patterns by source (about 13 KB each with the polyfill): only those whose origin may
 * match a page are asked for, and kept for the next request; the least recently used go first.
 */
const matchers = new Lru<string, UrlMatcher | null>(5000);

function compiled({ pattern }: Facts, Impl: URLPatternConstructor): UrlMatcher | null {
  const key = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  let m = matchers.get(key);
  if (m === undefined) {
    try {
      m = compileUrlPattern(pattern, Impl);
    } catch {
      m = null;
    }
    matchers.set(key, m);
  }
  return m;
}
