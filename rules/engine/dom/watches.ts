/**
 * The watches: for every selector in use, the set of elements that match it now, and the reverse
 * map from an element to the watches it is in (so a removed subtree leaves every set it was in at
 * the cost of what was removed). How a watch is kept current depends on its selector: a local one
 * is re-tested only where elements were added or changed, a structural one where a parent's
 * children changed, a volatile one (`:has`, `:hover`) is queried again on every batch.
 */
import { analyzeSelector, type SelectorInfo } from '../../selector/analyze';
import { matchesSafe, queryAll, shadowRootsUnder } from '../../target/dom';
import { type Fold, foldFor, KeyIndex, keyedChildren, keyedDescendants } from './keys';

export interface Watch {
  readonly selector: string;
  readonly info: SelectorInfo;
  readonly matches: Set<Element>;
  /** Who reads it (the probes of the DOM index). */
  readonly probes: Set<unknown>;
  /** The last `retest` that considered it (no per-element set to allocate). */
  mark: number;
}

/** A scope to re-check: an element, a shadow root or the document. */
export type Scope = Element | ShadowRoot | Document;

export class WatchIndex {
  readonly #bySelector = new Map<string, Watch>();
  readonly #keys: KeyIndex<Watch>;
  /** Neither local nor structural: queried again on every batch. */
  readonly volatile = new Set<Watch>();
  /** Re-checked where a parent's children changed. */
  readonly structural = new Set<Watch>();
  /** Depend on ancestors: an attribute change re-checks the changed element's subtree. */
  readonly deep = new Set<Watch>();
  /** Open shadow roots looked into. */
  readonly shadowRoots = new Set<ShadowRoot>();
  readonly #elementWatches = new Map<Element, Watch[]>();
  #epoch = 0;
  /** The element `retest` is on, and where it records changed watches (no closure per element). */
  #current: Element | null = null;
  #currentChanged: Set<Watch> | undefined;

  readonly #doc: Document;
  readonly #fold: Fold;

  constructor(doc: Document) {
    this.#doc = doc;
    this.#fold = foldFor(doc);
    this.#keys = new KeyIndex(this.#fold);
    for (const root of shadowRootsUnder(doc)) this.shadowRoots.add(root);
  }

  /** The watch of a selector, created (and filled) on first use. */
  acquire(selector: string): Watch {
    let w = this.#bySelector.get(selector);
    if (w) return w;
    const info = analyzeSelector(selector);
    w = { selector, info, matches: new Set(), probes: new Set(), mark: 0 };
    this.#bySelector.set(selector, w);
    if (!info.keys) return w;
    if (info.structural) this.structural.add(w);
    else if (!info.local) this.volatile.add(w);
    if (info.local || info.structural) {
      if (info.deep) this.deep.add(w);
      for (const key of info.keys) this.#keys.set(key, w, true);
    }
    for (const el of this.queryDeep(selector)) this.#link(el, w);
    return w;
  }

  /** Forgets a watch nobody reads any more. */
  drop(w: Watch): void {
    this.#bySelector.delete(w.selector);
    this.volatile.delete(w);
    this.structural.delete(w);
    this.deep.delete(w);
    for (const key of w.info.keys ?? []) this.#keys.set(key, w, false);
    for (const el of [...w.matches]) this.unlink(el, w, null);
  }

  /** Every watch whose selector parsed. */
  *all(): Iterable<Watch> {
    for (const w of this.#bySelector.values()) if (w.info.keys) yield w;
  }

  /** The watches an element is in. */
  of(el: Element): readonly Watch[] | undefined {
    return this.#elementWatches.get(el);
  }

  /**
   * Re-tests one element against the keyed watches it is in or may now be in: those indexed under
   * its id, classes, tag and attributes (marked with an epoch, so nothing is allocated per element).
   */
  retest(el: Element, changed: Set<Watch>): void {
    const was = this.#elementWatches.get(el);
    if (!was && this.#bySelector.size === this.volatile.size) return;
    const epoch = ++this.#epoch;
    this.#current = el;
    this.#currentChanged = changed;
    this.#keys.each(el, this.#consider);
    // A watch it was in but no longer has the key of: it cannot match any more.
    if (was) for (const w of [...was]) if (w.mark !== epoch && !this.volatile.has(w)) this.unlink(el, w, changed);
  }

  /** Tests the element being re-tested against a set of watches, each once per epoch. */
  readonly #consider = (set: Set<Watch> | undefined): void => {
    if (!set) return;
    const el = this.#current!;
    const epoch = this.#epoch;
    for (const w of set) {
      if (w.mark === epoch) continue;
      w.mark = epoch;
      this.#check(el, w, this.#currentChanged);
    }
  };

  /**
   * Re-checks a watch inside `root` (the root included): after an ancestor's attributes changed
   * (a deep watch), or a parent's children changed (a structural one). Elements are found by the
   * watch's keys and tested with `matches` (a scoped `querySelectorAll` is not reliable across DOM
   * implementations when the selector reaches above the scope).
   */
  rescan(w: Watch, root: Scope, changed: Set<Watch>): void {
    const fresh = new Set<Element>();
    if (root.nodeType === 1 && matchesSafe(root as Element, w.selector)) fresh.add(root as Element);
    for (const key of w.info.keys ?? []) {
      for (const el of keyedDescendants(root, key, this.#fold)) if (matchesSafe(el, w.selector)) fresh.add(el);
    }
    this.#sync(w, fresh, changed, root);
  }

  /** A parent's children changed: re-checks a near structural watch on the parent and its children. */
  rescanChildren(w: Watch, parent: Scope, changed: Set<Watch>): void {
    if (parent.nodeType === 1) this.#check(parent as Element, w, changed);
    for (const c of keyedChildren(parent, w.info.keys ?? [], this.#fold)) this.#check(c, w, changed);
    // Matches that left the parent were unlinked when their removal was applied.
  }

  /** Queries a watch again from scratch. */
  requery(w: Watch, changed: Set<Watch>): void {
    this.#sync(w, new Set(this.queryDeep(w.selector)), changed);
  }

  /** Tests one element against a watch, linking or unlinking it when that changed. */
  #check(el: Element, w: Watch, changed: Set<Watch> | undefined): void {
    const now = matchesSafe(el, w.selector);
    if (now !== w.matches.has(el)) {
      if (now) this.#link(el, w, changed);
      else this.unlink(el, w, changed);
    }
  }

  /** Makes a watch's matches (those inside `scope`, when given) the `fresh` ones. */
  #sync(w: Watch, fresh: Set<Element>, changed: Set<Watch>, scope?: Scope): void {
    for (const el of [...w.matches])
      if (!fresh.has(el) && (!scope || el === scope || scope.contains(el))) this.unlink(el, w, changed);
    for (const el of fresh) if (!w.matches.has(el)) this.#link(el, w, changed);
  }

  #link(el: Element, w: Watch, changed?: Set<Watch>): void {
    w.matches.add(el);
    const ws = this.#elementWatches.get(el);
    if (ws) ws.push(w);
    else this.#elementWatches.set(el, [w]);
    changed?.add(w);
  }

  unlink(el: Element, w: Watch, changed: Set<Watch> | null | undefined): void {
    w.matches.delete(el);
    const ws = this.#elementWatches.get(el);
    if (ws) {
      ws.splice(ws.indexOf(w), 1);
      if (!ws.length) this.#elementWatches.delete(el);
    }
    changed?.add(w);
  }

  /** The elements matching `selector` in the document and the open shadow roots looked into. */
  queryDeep(selector: string): Element[] {
    const out = queryAll(this.#doc, selector);
    for (const root of this.shadowRoots) {
      if (!root.host.isConnected) this.shadowRoots.delete(root);
      else for (const el of queryAll(root, selector)) out.push(el);
    }
    return out;
  }
}
