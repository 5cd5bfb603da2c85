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
 * Compiles one pattern; throws an Error saying what is wrong with it. `Impl` is needed only for
 * URLPattern syntax: without one, such a pattern throws.
 */
export function compileUrlPattern(pattern: UrlPattern, Impl = nativeURLPattern()): UrlMatcher {
  if (typeof pattern === 'string' && isMatchPattern(pattern)) return compileMatchPattern(pattern);
  if (!Impl) {
    throw new Error('URLPattern is not available here: pass one to the engine (urlpattern-polyfill provides it)');
  }
  let p: URLPatternLike;
  try {
    if (typeof pattern === 'string') {
      const raw = new Impl(pattern);
      p = new Impl({
        protocol: raw.protocol,
        username: raw.username,
        password: raw.password,
        hostname: raw.hostname,
        port: raw.port || '*',
        pathname: raw.pathname,
        search: raw.search || '*',
        hash: raw.hash || '*',
      });
    } else {
      const init: Record<string, string> = {};
      for (const part of PARTS) if (pattern[part] !== undefined) init[part] = pattern[part]!;
      p = new Impl(init);
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^.*?:\s*/, '') : String(e);
    throw new Error(`it is neither a match pattern nor a URL pattern (${why || 'invalid'})`);
  }
  let origin: URLPatternLike | undefined;
  return {
    test: (url) => p.test(url.href),
    testOrigin: (url) => {
      origin ??= new Impl({ protocol: p.protocol, hostname: p.hostname, port: p.port });
      return origin.test(url.href);
    },
    ...indexKeys(p),
  };
}
