/**
 * Where a target is, from scratch: the same answer the engines give (its selector, then each
 * fallback until one finds something, through open shadow roots and into the same-origin frames
 * its `frame` selector names, narrowed by its text and label filters). The picker checks its
 * candidates with it, and the naive engine resolves with it.
 */
import type { Target } from '../model';
import { frameDocuments, queryAll, shadowRootsUnder } from './dom';
import { filterMatches } from './filter';

/** Queries a document and its open shadow roots; callers may cache the roots between calls. */
export type DeepQuery = (doc: Document, selector: string) => Element[];

/** A deep query that lists each document's shadow roots once (valid while the DOM does not change). */
export function deepQuerier(onRoots?: (roots: ShadowRoot[]) => void): DeepQuery {
  const cache = new Map<Document, ShadowRoot[]>();
  return (doc, selector) => {
    let roots = cache.get(doc);
    if (!roots) {
      roots = shadowRootsUnder(doc);
      cache.set(doc, roots);
      onRoots?.(roots);
    }
    return [...queryAll(doc, selector), ...roots.flatMap((r) => queryAll(r, selector))];
  };
}

/** What a target resolves to: the elements found, and which of its selectors found them. */
export interface TargetMatch {
  elements: Element[];
  /** The selector (primary or fallback) that found them; absent when none did. */
  via?: string;
}

/** The documents a target's selectors are evaluated in: `doc`, or the frames `frame` names. */
export function targetScopes(doc: Document, target: Pick<Target, 'frame'>, query: DeepQuery): Document[] {
  return target.frame ? frameDocuments(query(doc, target.frame)) : [doc];
}

/** The elements one selector of `target` finds, with the target's filters applied. */
export function matchSelector(
  doc: Document,
  target: Target,
  selector: string,
  query: DeepQuery = deepQuerier(),
): Element[] {
  return filterMatches(
    target,
    targetScopes(doc, target, query).flatMap((d) => query(d, selector)),
  );
}

/** Resolves `target` in `doc` as the engines do. */
export function resolveTarget(doc: Document, target: Target, query: DeepQuery = deepQuerier()): TargetMatch {
  const scopes = targetScopes(doc, target, query);
  for (const selector of [target.selector, ...(target.fallbacks ?? [])]) {
    const found = filterMatches(
      target,
      scopes.flatMap((d) => query(d, selector)),
    );
    if (found.length) return { elements: found, via: selector };
  }
  return { elements: [] };
}
