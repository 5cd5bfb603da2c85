/**
 * Compiles a rule's URL pattern — a WebExtension match pattern, a URLPattern string or URLPattern
 * parts — into a matcher. URLPattern comes from the caller (native in Chromium, the polyfill where
 * it is missing), so the engine's bundle never carries the polyfill.
 *
 * Where a string pattern leaves out the port, the query or the hash, any matches: authors write
 * `https://crm.example.com/accounts/:id` and mean it with or without `?tab=…`, on any port.
 */
import type { UrlPattern } from '../model';
import { compileMatchPattern, firstSegment, isMatchPattern } from './match-pattern';
import type { URLPatternConstructor, URLPatternLike, UrlMatcher } from './types';

const SPECIAL = /[:*(){}\\?+]/;
const PARTS = ['protocol', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;

/** The URLPattern of this global, if it has one. */
export function nativeURLPattern(): URLPatternConstructor | undefined {
  return (globalThis as { URLPattern?: URLPatternConstructor }).URLPattern;
}

function indexKeys(p: URLPatternLike): Pick<UrlMatcher, 'host' | 'segment'> {
  const h = p.hostname.toLowerCase();
  const host = !SPECIAL.test(h)
    ? { exact: h }
    : h.startsWith('*.') && !SPECIAL.test(h.slice(2))
      ? { suffix: h.slice(2) }
      : null;
  const special = p.pathname.search(SPECIAL);
  return { host, segment: firstSegment(special < 0 ? p.pathname : p.pathname.slice(0, special), special < 0) };
}

/**
 * A hash pattern split at its query, for apps that route in the hash (`#/contacts?filter=open`):
 * the first `?` that does not make a `:name`, `)`, `}` or `*` optional (URLPattern would refuse it
 * there), or an escaped `\\?`. Without one, the hash's own query is ignored when matching.
 */
export function splitHash(hash: string): [path: string, query: string | undefined] {
  for (let i = 0, depth = 0; i < hash.length; i++) {
    const c = hash[i];
    if (c === '\\') {
      if (hash[i + 1] === '?' && !depth) return [hash.slice(0, i), hash.slice(i + 2)];
      i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '?' && !depth && !/[)}*]$|:[\w$]+$/.test(hash.slice(0, i)))
      return [hash.slice(0, i), hash.slice(i + 1)];
  }
  return [hash, undefined];
}

/**
 * A URLPattern string split at its hash (the first `#` outside groups, not escaped): what comes
 * before it, and the hash pattern after it (undefined when there is no `#`).
 */
export function splitAtHash(pattern: string): [beforeHash: string, hash: string | undefined] {
  for (let i = 0, depth = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === '#' && !depth) return [pattern.slice(0, i), pattern.slice(i + 1)];
  }
  return [pattern, undefined];
}

/**
 * Compiles one pattern; throws an Error saying what is wrong with it. `Impl` is needed only for
 * URLPattern syntax: without one, such a pattern throws.
 */
export function compileUrlPattern(pattern: UrlPattern, Impl = nativeURLPattern()): UrlMatcher {
  if (typeof pattern === 'string' && isMatchPattern(pattern)) return compileMatchPattern(pattern);
  if (!Impl) {
    throw new Error('URLPattern is not available here: pass one to the engine (urlpattern-polyfill provides it)');
  }
  let p: URLPatternLike;
  let query: URLPatternLike | undefined;
  try {
    let hash: string | undefined;
    const init: Record<string, string> = {};
    if (typeof pattern === 'string') {
      let beforeHash: string;
      [beforeHash, hash] = splitAtHash(pattern);
      const raw = new Impl(beforeHash);
      init.protocol = raw.protocol;
      init.username = raw.username;
      init.password = raw.password;
      init.hostname = raw.hostname;
      init.port = raw.port || '*';
      init.pathname = raw.pathname;
      init.search = raw.search || '*';
    } else {
      for (const part of PARTS) if (pattern[part] !== undefined) init[part] = pattern[part]!;
      hash = pattern.hash;
    }
    if (hash) {
      const [path, q] = splitHash(hash);
      init.hash = path;
      if (q !== undefined) query = new Impl({ search: q });
    } else if (typeof pattern === 'string') init.hash = '*';
    p = new Impl(init);
  } catch (e) {
    throw new Error(`it is neither a match pattern nor a URL pattern (${e instanceof Error ? e.message : e})`);
  }
  let origin: URLPatternLike | undefined;
  return {
    test: (url) => {
      // The hash's own query counts only for a pattern that names one.
      const [path, q = ''] = url.hash.split(/\?(.*)/s);
      return (
        p.test(url.href.slice(0, url.href.length - url.hash.length) + path) && (!query || query.test({ search: q }))
      );
    },
    testOrigin: (url) => {
      origin ??= new Impl({ protocol: p.protocol, hostname: p.hostname, port: p.port });
      return origin.test(url.href);
    },
    ...indexKeys(p),
  };
}
