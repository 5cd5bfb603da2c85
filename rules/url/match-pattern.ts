/**
 * WebExtension match patterns (`https://*.example.com/accounts/*`, `*://crm.example.com/*`,
 * `<all_urls>`), compiled without URLPattern. As in Chrome, a pattern without a port matches any
 * port, and the path part matches the path and the query (never the hash).
 */
import type { UrlMatcher } from './types';

const SCHEMES = new Set(['*', 'http', 'https', 'ws', 'wss', 'file', 'ftp']);
const PATTERN = /^([a-z*][a-z0-9+.-]*):\/\/([^/]*)(\/.*)$/i;

/** A string is read as a match pattern when it says `<all_urls>`, its scheme is `*` or its host starts with `*`. */
export function isMatchPattern(pattern: string): boolean {
  return pattern === '<all_urls>' || /^\*:\/\//.test(pattern) || /^[a-z][a-z0-9+.-]*:\/\/\*(?:[.:/]|$)/i.test(pattern);
}

const glob = (text: string) =>
  new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*')}$`);

/**
 * A match pattern's scheme, host (`*`, `*.example.com`, `example.com` or empty) and port (or
 * undefined), in lower case, and path; throws an Error that says what is wrong with it. Its path
 * is a glob over any text: these parts are all that can make a match pattern invalid.
 */
export function matchPatternParts(
  pattern: string,
): [scheme: string, host: string, port: string | undefined, path: string] {
  const m = PATTERN.exec(pattern);
  if (!m) throw new Error('a match pattern looks like https://*.example.com/path/*');
  const scheme = m[1]!.toLowerCase();
  if (!SCHEMES.has(scheme)) throw new Error(`"${scheme}" is not a scheme a match pattern can use`);
  const hm = /^(\*|(?:\*\.)?[^*:]+)?(?::(\d{1,5}|\*))?$/.exec(m[2]!.toLowerCase());
  if (!hm || (!hm[1] && scheme !== 'file')) {
    throw new Error('the host must be *, *.example.com or example.com (a * only at the start)');
  }
  return [scheme, hm[1] ?? '', hm[2], m[3]!];
}

/** Compiles a match pattern; throws an Error that says what is wrong with it. */
export function compileMatchPattern(pattern: string): UrlMatcher {
  if (pattern === '<all_urls>') {
    const web = (url: URL) => /^(https?|wss?|ftp|file):$/.test(url.protocol);
    return { test: web, testOrigin: web, host: null, segment: null };
  }
  const [scheme, host, port, path] = matchPatternParts(pattern);
  const base = host.startsWith('*.') ? host.slice(2) : host;
  const pathRe = glob(path);
  const star = path.indexOf('*');
  const testOrigin = (url: URL) => {
    const proto = url.protocol.slice(0, -1);
    if (scheme === '*' ? !(proto === 'http' || proto === 'https') : proto !== scheme) return false;
    if (port && port !== '*' && url.port !== port) return false;
    if (host === '*') return true;
    const h = url.hostname;
    return h === base || (host.startsWith('*.') && h.endsWith(`.${base}`));
  };
  return {
    test: (url) => testOrigin(url) && pathRe.test(url.pathname + url.search),
    testOrigin,
    host: host === '*' ? null : host.startsWith('*.') ? { suffix: base } : { exact: base },
    segment: firstSegment(star < 0 ? path : path.slice(0, star), star < 0),
  };
}

/**
 * The first path segment of a pattern whose start is literal (`/accounts/…` → `accounts`), for the
 * engine's index; `null` when the first segment can vary. `prefix` is the literal start of the path.
 */
export function firstSegment(prefix: string, whole: boolean): string | null {
  const m = (whole ? /^\/([^/]+)(?:\/|$)/ : /^\/([^/]+)\//).exec(prefix);
  return m && /^[\w\-.~!$&'()+,;=:@%]+$/.test(m[1]!) ? m[1]! : null;
}
