/**
 * Frame probes: a target inside same-origin iframes is queried again from scratch (frames are few
 * and small) when anything in a frame, or an iframe, may have changed; a frame selector that is
 * not local is queried again on every batch.
 */

import { frameDocuments, queryAll, shadowRootsUnder } from '../../target/dom';
import { filterMatches } from '../../target/filter';
import { sameElements } from '../resolution';
import type { Probe } from './probe';
import type { WatchIndex } from './watches';

export const isFrame = (el: Element): boolean => el.localName === 'iframe' || el.localName === 'frame';

/** The elements a frame target resolves to now; records the frame documents it looked into. */
export function queryFrames(p: Probe<unknown>, watches: WatchIndex): Element[] {
  const docs = frameDocuments(watches.queryDeep(p.target.frame!));
  p.frameRoots = [];
  const found: Element[] = [];
  for (const d of docs) {
    const shadows = shadowRootsUnder(d);
    p.frameRoots.push(d, ...shadows);
    found.push(...queryAll(d, p.target.selector), ...shadows.flatMap((r) => queryAll(r, p.target.selector)));
  }
  return filterMatches(p.target, found);
}

/** Frame probes after a batch: those that may have changed are queried again; changed ones go to `out`. */
export function refreshFrames<U>(
  probes: Iterable<Probe<U>>,
  framesDirty: boolean,
  watches: WatchIndex,
  out: Set<Probe<U>>,
): void {
  for (const p of probes) {
    if (!framesDirty && p.frameLocal) continue;
    const fresh = queryFrames(p, watches);
    if (!sameElements(fresh, p.result)) {
      p.result = fresh;
      out.add(p);
    } else if (p.contentRefs > 0) out.add(p);
  }
}

/** The frame documents and their shadow roots that frame probes looked into, each once. */
export function* frameRoots(probes: Iterable<Probe<unknown>>): Iterable<Document | ShadowRoot> {
  const seen = new Set<Document | ShadowRoot>();
  for (const p of probes) {
    for (const r of p.frameRoots) {
      if (seen.has(r)) continue;
      seen.add(r);
      yield r;
    }
  }
}
