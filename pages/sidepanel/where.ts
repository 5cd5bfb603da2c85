/**
 * Where a rule for another page applies, in words a person can follow: the pattern's address
 * (its path alone on the site the person is on), and a link when the pattern names one page.
 */
import type { UrlPattern } from '../../rules/index';

/** Characters that make a pattern match more than one address. */
const WILD = /[*:(){}+?]/;

export interface Place {
  /** e.g. `/accounts/:id` on the same site, `crm.example.com/accounts` elsewhere. */
  label: string;
  /** The one address the pattern names, if it names exactly one. */
  href?: string;
}

function fromString(pattern: string, here: URL | null): Place {
  const match = /^([a-z*]+):\/\/([^/]*)(\/.*)?$/i.exec(pattern);
  if (!match) return { label: pattern };
  const [, scheme = '', host = '', rest = '/'] = match;
  // A pattern without a port matches any port: on the same host, the link keeps the page's.
  const sameSite = here !== null && (host === here.host || host === here.hostname);
  const label = sameSite ? rest : `${host}${rest === '/' ? '' : rest}`;
  const concrete = !WILD.test(scheme + host + rest);
  const linkHost = sameSite && here ? here.host : host;
  return concrete ? { label, href: `${scheme}://${linkHost}${rest}` } : { label };
}

function fromParts(pattern: Exclude<UrlPattern, string>, here: URL | null): Place {
  const host = pattern.hostname ?? here?.hostname ?? '';
  const path = `${pattern.pathname ?? '/'}${pattern.hash ? `#${pattern.hash}` : ''}`;
  const sameSite = here !== null && (pattern.hostname === undefined || pattern.hostname === here.hostname);
  const label = sameSite ? path : `${host}${path}`;
  const scheme = pattern.protocol ?? here?.protocol.replace(/:$/, '') ?? 'https';
  const port = pattern.port ?? (sameSite ? here?.port : '');
  const concrete =
    here !== null && pattern.pathname !== undefined && !WILD.test(`${host}${scheme}${path}${port ?? ''}`);
  return concrete ? { label, href: `${scheme}://${host}${port ? `:${port}` : ''}${path}` } : { label };
}

/** The page last parsed: every row of the catalog asks about the same one. */
let parsed: { url: string | undefined; here: URL | null } = { url: undefined, here: null };

function pageOf(current: string | undefined): URL | null {
  if (parsed.url === current) return parsed.here;
  let here: URL | null = null;
  try {
    here = current ? new URL(current) : null;
  } catch {
    here = null;
  }
  parsed = { url: current, here };
  return here;
}

/** The places a rule's URL patterns describe, relative to the page the person is on. */
export function placesOf(urls: readonly UrlPattern[], current: string | undefined): Place[] {
  const here = pageOf(current);
  return urls.map((p) => (typeof p === 'string' ? fromString(p, here) : fromParts(p, here)));
}
