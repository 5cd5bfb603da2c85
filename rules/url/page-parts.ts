/**
 * Which parts of a page's address can change what a set of URL patterns match, read from their
 * text. The background sends a page only the rules whose patterns match its address; when the app
 * moves to another address, the page asks again only if a part that some pattern reads changed
 * (the path always; the query and the hash only where a pattern names them). So an app that writes
 * its filters into the query sends no request per keystroke unless some rule's pattern names a query.
 *
 * Errs on the side of asking: a part is counted as read whenever the text could name it.
 */
import type { UrlPattern } from '../model';
import { splitAtHash, splitHash } from './compile';
import { isMatchPattern, matchPatternParts } from './match-pattern';

/** The parts of an address, beyond its origin and path, that some pattern reads. */
export interface PageParts {
  /** The query (`?…` before the hash). */
  search: boolean;
  /** The hash's path (`#/contacts`). */
  hash: boolean;
  /** The hash's own query (`#/contacts?filter=open`), read only by a hash pattern that names one. */
  hashQuery: boolean;
}

/** What one pattern reads. A pattern that does not parse reads nothing (it matches nothing). */
export function partsRead(pattern: UrlPattern): PageParts {
  if (typeof pattern !== 'string') {
    const hash = pattern.hash;
    return { search: pattern.search !== undefined, hash: hash !== undefined, hashQuery: hashNamesQuery(hash) };
  }
  if (isMatchPattern(pattern)) {
    // The path part of a match pattern matches the path and the query, never the hash. A literal
    // path then one final `*` matches the same with or without any query; anything else may not.
    let path: string;
    try {
      path = matchPatternParts(pattern)[3];
    } catch {
      return NOTHING;
    }
    const star = path.indexOf('*');
    return { search: !(star === path.length - 1 && !path.includes('?')), hash: false, hashQuery: false };
  }
  const [beforeHash, hash] = splitAtHash(pattern);
  return {
    // A `?` may also make a segment optional (`/:tab?`): counted as a query all the same.
    search: beforeHash.includes('?'),
    // An empty hash (`…/page#`) is no hash pattern: the compiled pattern then matches any hash.
    hash: !!hash,
    hashQuery: hashNamesQuery(hash),
  };
}

const NOTHING: PageParts = { search: false, hash: false, hashQuery: false };

const hashNamesQuery = (hash: string | undefined) => !!hash && splitHash(hash)[1] !== undefined;

/** What any of `patterns` reads. */
export function pagePartsRead(patterns: Iterable<UrlPattern>): PageParts {
  const parts = { ...NOTHING };
  for (const pattern of patterns) {
    const read = partsRead(pattern);
    parts.search ||= read.search;
    parts.hash ||= read.hash;
    parts.hashQuery ||= read.hashQuery;
    if (parts.search && parts.hash && parts.hashQuery) break;
  }
  return parts;
}
