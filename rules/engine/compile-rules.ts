/**
 * A rule's URL patterns, compiled once per rule set.
 */
import { conditionUsesUrl } from '../conditions';
import type { Rule, UrlPattern } from '../model';
import { compileUrlPattern } from '../url/compile';
import type { URLPatternConstructor, UrlMatcher } from '../url/types';

export interface CompiledWhere {
  include: UrlMatcher[];
  exclude: UrlMatcher[];
  /** Its `when` condition looks at the URL: re-checked on every URL change. */
  urlDependent: boolean;
}

/** Compiles patterns, reusing one matcher per distinct pattern. */
export function patternCompiler(Impl: URLPatternConstructor | undefined): (p: UrlPattern) => UrlMatcher {
  const cache = new Map<string, UrlMatcher>();
  return (pattern) => {
    const key = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
    let m = cache.get(key);
    if (!m) {
      m = compileUrlPattern(pattern, Impl);
      cache.set(key, m);
    }
    return m;
  };
}

/**
 * Compiles a rule's patterns. One that does not compile (or needs a URLPattern this platform
 * lacks) matches nothing and is reported in `problems`; the other patterns and rules carry on.
 */
export function compileWhere(rule: Rule, compile: (p: UrlPattern) => UrlMatcher, problems: string[]): CompiledWhere {
  const each = (patterns: UrlPattern[]) =>
    patterns.flatMap((p) => {
      try {
        return [compile(p)];
      } catch (e) {
        problems.push(`rule "${rule.id}": ${JSON.stringify(p)} ${(e as Error).message}`);
        return [];
      }
    });
  return {
    include: each(rule.where.urls),
    exclude: each(rule.where.excludeUrls ?? []),
    urlDependent: rule.where.when !== undefined && conditionUsesUrl(rule.where.when),
  };
}

/** Any include pattern matches and no exclude pattern does. */
export const whereMatches = (w: CompiledWhere, url: URL | null): boolean =>
  url !== null && w.include.some((m) => m.test(url)) && !w.exclude.some((m) => m.test(url));

/** The URL, or `null` when it cannot be parsed (nothing applies there). */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
