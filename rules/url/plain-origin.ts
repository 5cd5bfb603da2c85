/**
 * What a URL pattern says of the origins it can match, read from its text without compiling it:
 * compiling a URLPattern (the polyfill, where the browser has none) costs about 0.3 ms and 13 KB,
 * and the background asks about every rule's patterns on every page's first request.
 *
 * Only plain origin parts are read here: a scheme the URL parser treats as special (or none in a
 * pattern object), a literal host, or `*.` and a literal host in a pattern object, a literal port
 * or none. Anything else (named groups, regular expressions, `{…}?`, escapes, IDN and punycode
 * hosts, IPv4 written other than as four decimal numbers, default ports written out) goes to the
 * compiled pattern, whose `testOrigin` this agrees with (`test/unit/rules/url-origin.test.ts`).
 */
import type { UrlPattern } from '../model';
import { splitAtHash, splitHash } from './compile';
import { isMatchPattern, matchPatternParts } from './match-pattern';

/** The parts of a URL an origin test reads: a URL, or a copy of these three (its getters cost). */
export type UrlOrigin = Pick<URL, 'protocol' | 'hostname' | 'port'>;

/** What a pattern's text says of its origins: data, so that thousands of patterns cost no function each. */
export interface PlainOrigin {
  /** The URL's `protocol` (with its colon) is one of these; null: any. */
  protocols: readonly string[] | null;
  /** The host, lower case; null: any. */
  host: string | null;
  /** Subdomains of `host` match too (`*.example.com`), and `host` itself when `self`. */
  subdomains: boolean;
  self: boolean;
  /** The URL's port as the URL parser writes it (`''` for the scheme's default); null: any. */
  port: string | null;
  /** What the pattern is, and its path's text (after the origin, or the object's `pathname`), read when needed. */
  form: 'match' | 'string' | 'object';
  path: string;
}

/** Whether some URL of `url`'s origin can match, when the pattern compiles. */
export function plainOriginMatches(plain: PlainOrigin, url: UrlOrigin): boolean {
  if (plain.protocols && !plain.protocols.includes(url.protocol)) return false;
  if (plain.port !== null && url.port !== plain.port) return false;
  const { host } = plain;
  if (host === null) return true;
  const h = url.hostname;
  if (!plain.subdomains) return h === host;
  return (
    (plain.self && h === host) || (h.length > host.length && h.endsWith(host) && h[h.length - host.length - 1] === '.')
  );
}

const NEVER: PlainOrigin = {
  protocols: [],
  host: null,
  subdomains: false,
  self: true,
  port: null,
  form: 'match',
  path: '',
};
const WEB = ['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'];
const HTTP = ['http:', 'https:'];

/** Schemes whose hosts the URL parser reads as domains, with their default ports. */
const SPECIAL: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21' };
const PROTOCOL: Record<string, readonly string[]> = Object.fromEntries(
  Object.keys(SPECIAL).map((scheme) => [scheme, [`${scheme}:`]]),
);

/**
 * A URLPattern string's special scheme, host of letters, digits, hyphens and dots, and port (`*://`
 * and `https://*.` are match patterns, read apart).
 */
const URL_PATTERN_ORIGIN = /^(https?|wss?|ftp):\/\/((?:[a-z0-9-]+\.)*[a-z0-9-]+)(?::(\d+))?(?=[/?#]|$)/i;
const HOST = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$/i;
const NUMBER = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const PORT = /^(?:0|[1-9]\d{0,4})$/;

/**
 * A host of letters, digits and hyphens (`HOST`) lower-cased, when the URL parser keeps it as it
 * is: no punycode, and the last label not a number unless the whole is a dotted IPv4 address.
 * Otherwise undefined: the parser would rewrite or refuse it, and the compiled pattern says what
 * that means.
 */
function plainHost(host: string): string | undefined {
  const h = host.toLowerCase();
  if (h.includes('xn--')) return undefined;
  if (NUMBER.test(h) && !IPV4.test(h)) return undefined;
  return h;
}

const PATH_LITERAL = /^[A-Za-z0-9_~./-]*/;

/**
 * The literal start of a URLPattern pathname, in characters the URL parser never rewrites, ending
 * where the path does (at the end, or at a character of `ends`) or else at its last `/` (which may
 * belong to an optional part: `/accounts/:id?` matches `/accounts`). `''` when the path has a
 * dot segment, which the parser resolves.
 */
function pathStart(path: string, ends: string): string {
  const run = PATH_LITERAL.exec(path)![0];
  if (!run.startsWith('/') || run.includes('/.')) return '';
  const next = path[run.length];
  return next === undefined || ends.includes(next) ? run : run.slice(0, run.lastIndexOf('/'));
}

/**
 * A path of literal segments, `:name`s and `*`s alone, with no query or hash: with a plain
 * origin and no name twice, a pattern URLPattern always compiles.
 */
const SIMPLE_PATH = /^(?:\/(?:[A-Za-z0-9_~.-]+|:[A-Za-z_$][\w$]*|\*))*\/?$/;
const NAME = /:[A-Za-z_$][\w$]*/g;

/** A URLPattern string: `https://crm.example.com/…`, `http://127.0.0.1:4173/…`. */
function stringOrigin(pattern: string): PlainOrigin | undefined {
  const m = URL_PATTERN_ORIGIN.exec(pattern);
  const host = m && plainHost(m[2]!);
  if (!host) return undefined;
  const scheme = m[1]!.toLowerCase();
  // A port left out matches any. The scheme's default port written out is read as left out by
  // URLPattern, and a port with leading zeros is not rewritten by every URLPattern alike: the
  // compiled pattern decides those.
  const port = m[3];
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65535 || port === SPECIAL[scheme])) return undefined;
  return {
    protocols: PROTOCOL[scheme]!,
    host,
    subdomains: false,
    self: true,
    port: port ?? null,
    form: 'string',
    path: pattern.slice(m[0].length),
  };
}

/** URLPattern parts: what is left out matches anything. */
function objectOrigin(pattern: Exclude<UrlPattern, string>): PlainOrigin | undefined {
  const { protocol = '*', hostname = '*', port = '*', pathname = '' } = pattern as Record<string, unknown>;
  if (typeof protocol !== 'string' || typeof hostname !== 'string' || port !== '*') return undefined;
  const path = typeof pathname === 'string' ? pathname : '';
  const scheme = protocol.toLowerCase();
  if (scheme !== '*' && SPECIAL[scheme] === undefined) return undefined;
  const protocols = scheme === '*' ? null : PROTOCOL[scheme]!;
  if (hostname === '*')
    return { protocols, host: null, subdomains: false, self: true, port: null, form: 'object', path };
  // URLPattern's * is any text, so `*.example.com` is a subdomain of it, not the host itself.
  const subdomains = hostname.startsWith('*.');
  const name = subdomains ? hostname.slice(2) : hostname;
  const host = HOST.test(name) ? plainHost(name) : undefined;
  if (host === undefined || (subdomains && IPV4.test(host))) return undefined;
  return { protocols, host, subdomains, self: !subdomains, port: null, form: 'object', path };
}

/** A match pattern: its scheme and host part are all that can make it invalid. */
function matchOrigin(pattern: string): PlainOrigin {
  if (pattern === '<all_urls>') return { ...NEVER, protocols: WEB };
  let parts: ReturnType<typeof matchPatternParts>;
  try {
    parts = matchPatternParts(pattern);
  } catch {
    return NEVER;
  }
  const [scheme, host, port] = parts;
  const subdomains = host.startsWith('*.');
  return {
    protocols: scheme === '*' ? HTTP : [`${scheme}:`],
    host: host === '*' ? null : subdomains ? host.slice(2) : host,
    subdomains,
    self: true,
    port: port && port !== '*' ? port : null,
    form: 'match',
    path: '',
  };
}

/**
 * A start every URL the pattern matches has in its pathname (`/accounts` for `/accounts/:id`),
 * `''` when none is known (always for a match pattern, which is cheap to compile).
 */
export function plainPathStart(plain: PlainOrigin): string {
  return plain.form === 'match' ? '' : pathStart(plain.path, plain.form === 'string' ? '#' : '');
}

/**
 * A start every URL the pattern matches has in its hash's path (after `#`, before the hash's own
 * query): `/contacts` for `#/contacts/:id`, all of a literal hash route (`#/route-42`). `''` when
 * none is known: no hash pattern, a match pattern (which never reads the hash), or an object's
 * empty hash. Only characters neither the URL parser nor URLPattern rewrite count; a literal run
 * cut short by pattern syntax ends at its last `/`, as a path's does.
 */
export function plainHashStart(plain: PlainOrigin, pattern: UrlPattern): string {
  let hash: string | undefined;
  if (plain.form === 'string') hash = splitAtHash(plain.path)[1];
  else if (plain.form === 'object' && typeof pattern === 'object') hash = pattern.hash;
  if (!hash) return '';
  const path = splitHash(hash)[0];
  const run = PATH_LITERAL.exec(path)![0];
  if (run.length === path.length) return run;
  const cut = run.lastIndexOf('/');
  return cut > 0 ? run.slice(0, cut) : '';
}

/**
 * Whether the text alone proves the pattern compiles: a match pattern, whose path can be
 * anything, or a URLPattern string with a plain origin and a simple path (and a simple hash
 * route, if any). Otherwise a match still needs the compiled pattern: one that does not compile
 * matches nothing.
 */
export function provedToCompile(plain: PlainOrigin): boolean {
  if (plain.form !== 'string') return plain.form === 'match';
  const [path, hash] = splitAtHash(plain.path);
  return (hash === undefined ? [path] : [path, hash]).every((part) => {
    const names = part.match(NAME) ?? [];
    return SIMPLE_PATH.test(part) && new Set(names).size === names.length;
  });
}

/**
 * What `pattern`'s text says of the origins it can match, or undefined when its origin part uses
 * pattern syntax (or a form the URL parser rewrites) and only the compiled pattern can tell.
 */
export function plainOrigin(pattern: UrlPattern): PlainOrigin | undefined {
  if (typeof pattern === 'string') {
    // Every match pattern has a * or is <all_urls>: most patterns are known not to be at once.
    const match = (pattern.includes('*') || pattern.startsWith('<')) && isMatchPattern(pattern);
    return match ? matchOrigin(pattern) : stringOrigin(pattern);
  }
  return pattern !== null && typeof pattern === 'object' ? objectOrigin(pattern) : undefined;
}
