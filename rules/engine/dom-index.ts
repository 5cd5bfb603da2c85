/**
 * The incremental engine's view of the DOM: for every selector it watches, the set of elements
 * that match, kept current from mutation batches.
 *
 * Selectors are indexed by the key their subject must have (id, class, attribute, tag), so an
 * added element is tested only against selectors it could match. A selector whose matches depend
 * only on the element and its ancestors ("local") is re-checked only inside the added and changed
 * subtrees; one that depends on siblings, descendants or unreported state (`+`, `:has`,
 * `:nth-child`, `:hover`) is queried again on each batch. Removed subtrees leave every set they
 * were in through a reverse index (element → watches), so removal costs what was removed.
 */
import type { MutationBatch } from '../engine-api';
import type { Target } from '../model';
import { analyzeSelector, type SelectorInfo, type SelectorKey } from '../selector/analyze';
import { frameDocuments, matchesSafe, queryAll, shadowRootsUnder } from '../target/dom';
import { filterMatches } from '../target/filter';
import { sameElements } from './resolution';

interface Watch {
  readonly selector: string;
  readonly info: SelectorInfo;
  readonly matches: Set<Element>;
  readonly probes: Set<Probe<unknown>>;
  /** The last `retest` that considered it (no per-element set to allocate). */
  mark: number;
}

/** One selector of a target, with the target's filters: the elements it resolves to now. */
export interface Probe<U> {
  readonly target: Target;
  readonly watch: Watch | null;
  result: Element[];
  /** Who uses it, with how many handles. */
  readonly users: Map<U, number>;
  /** Handles that read the elements' text or value. */
  contentRefs: number;
  /** Frame documents (and their shadow roots) it looked into. */
  frameRoots: (Document | ShadowRoot)[];
  /** For a frame target: its frame selector is local (re-queried only when frames may have changed). */
  frameLocal: boolean;
}

const isFrame = (el: Element) => el.localName === 'iframe' || el.localName === 'frame';

/** Visits an element and its descendants, shadow trees included; `false` skips a subtree. */
function walk(root: Element, visit: (el: Element) => boolean | undefined): void {
  // A stack, not recursion: a page can nest elements deeper than the call stack goes.
  const stack = [root];
  while (stack.length) {
    const el = stack.pop()!;
    if (visit(el) === false) continue;
    for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
    const shadow = el.shadowRoot;
    if (shadow) for (let c = shadow.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  }
}

export class DomIndex<U> {
  readonly #watches = new Map<string, Watch>();
  readonly #probes = new Map<string, Probe<U>>();
  readonly #keyed = { id: new Map(), class: new Map(), attr: new Map(), tag: new Map() } as Record<
    SelectorKey['kind'] & string,
    Map<string, Set<Watch>>
  >;
  readonly #anyKey = new Set<Watch>();
  readonly #volatile = new Set<Watch>();
  readonly #structural = new Set<Watch>();
  readonly #deep = new Set<Watch>();
  #epoch = 0;
  /** The element `retest` is on, and where it records changed watches (no closure per element). */
  #current: Element | null = null;
  #currentChanged: Set<Watch> | undefined;
  /** The attribute names watches are keyed by, as an array for a tight loop. */
  #attrNames: string[] = [];
  readonly #elementWatches = new Map<Element, Watch[]>();
  readonly #frameProbes = new Set<Probe<U>>();
  readonly #labelProbes = new Set<Probe<U>>();
  readonly #shadowRoots = new Set<ShadowRoot>();
  #contentProbes = 0;
  /** Class and id selectors ignore case in quirks mode. */
  readonly #fold: (s: string) => string;

  readonly #doc: Document;

  constructor(doc: Document) {
    this.#doc = doc;
    this.#fold = doc.compatMode === 'BackCompat' ? (s) => s.toLowerCase() : identity;
    for (const root of shadowRootsUnder(doc)) this.#shadowRoots.add(root);
  }

  /** The probes of a target (its selector, then its fallbacks), acquired for `user`. */
  acquire(target: Target, user: U, content: boolean): Probe<U>[] {
    return [target.selector, ...(target.fallbacks ?? [])].map((selector) => {
      const key = probeKey(target, selector);
      let p = this.#probes.get(key);
      if (!p) {
        const own: Target = { ...target, selector, fallbacks: undefined };
        const frameLocal = target.frame !== undefined && analyzeSelector(target.frame).local;
        p = { target: own, watch: null, result: [], users: new Map(), contentRefs: 0, frameRoots: [], frameLocal };
        if (target.frame) {
          this.#frameProbes.add(p);
          p.result = this.#queryFrames(p);
        } else {
          const w = this.#acquireWatch(selector);
          (p as { watch: Watch }).watch = w;
          w.probes.add(p as Probe<unknown>);
          p.result = filterMatches(own, [...w.matches]);
        }
        if (target.ariaLabel !== undefined) this.#labelProbes.add(p);
        if (target.text !== undefined) this.#contentProbes++;
        this.#probes.set(key, p);
      }
      p.users.set(user, (p.users.get(user) ?? 0) + 1);
      if (content && p.contentRefs++ === 0 && target.text === undefined) this.#contentProbes++;
      return p;
    });
  }

  release(probes: readonly Probe<U>[], user: U, content: boolean): void {
    for (const p of probes) {
      const n = (p.users.get(user) ?? 1) - 1;
      if (n > 0) p.users.set(user, n);
      else p.users.delete(user);
      if (content && --p.contentRefs === 0 && p.target.text === undefined) this.#contentProbes--;
      if (p.users.size > 0) continue;
      if (p.target.text !== undefined) this.#contentProbes--;
      this.#probes.delete(probeKey(p.target, p.target.selector));
      this.#frameProbes.delete(p);
      this.#labelProbes.delete(p);
      const w = p.watch;
      if (w) {
        w.probes.delete(p as Probe<unknown>);
        if (w.probes.size === 0) this.#dropWatch(w);
      }
    }
  }

  /** The elements a target's selector resolves to: the probe's current result. */
  probe(target: Target, selector: string): Probe<U> | undefined {
    return this.#probes.get(probeKey(target, selector));
  }

  /** Open shadow roots and frame documents looked into. */
  *roots(): Iterable<Document | ShadowRoot> {
    for (const r of this.#shadowRoots) if (r.host.isConnected) yield r;
    const seen = new Set<Document | ShadowRoot>();
    for (const p of this.#frameProbes) {
      for (const r of p.frameRoots) {
        if (seen.has(r)) continue;
        seen.add(r);
        yield r;
      }
    }
  }

  /** Applies a mutation batch; returns the probes whose result changed or whose content may have. */
  apply(batch: MutationBatch): Set<Probe<U>> {
    const out = new Set<Probe<U>>();
    const changedWatches = new Set<Watch>();
    const { added, removed, changed = [], parents = [] } = batch;
    const any = added.length + removed.length + changed.length + parents.length > 0;
    if (!any) return out;
    const doc = this.#doc;
    const hasFrames = this.#frameProbes.size > 0;
    let framesDirty = false;

    for (const node of removed) {
      if (node.nodeType !== 1) continue;
      if (node.ownerDocument !== doc) framesDirty = true;
      else if (!node.isConnected) {
        walk(node as Element, (el) => {
          if (el.shadowRoot) this.#shadowRoots.delete(el.shadowRoot);
          if (isFrame(el)) framesDirty = true;
          const ws = this.#elementWatches.get(el);
          if (ws) for (const w of [...ws]) this.#unlink(el, w, changedWatches);
          return undefined;
        });
      }
    }

    const seen = new Set<Element>();
    const visit = (el: Element) => {
      if (seen.has(el)) return false;
      seen.add(el);
      if (el.shadowRoot) this.#shadowRoots.add(el.shadowRoot);
      if (isFrame(el)) framesDirty = true;
      this.#retest(el, changedWatches);
      return undefined;
    };
    for (const node of added) {
      if (node.nodeType !== 1) continue;
      if (node.ownerDocument !== doc) framesDirty = true;
      else if (node.isConnected) walk(node as Element, visit);
    }

    for (const el of changed) {
      if (el.ownerDocument !== doc) framesDirty = true;
      else if (el.isConnected) {
        if (isFrame(el) || (hasFrames && el.firstElementChild && el.querySelector('iframe,frame'))) framesDirty = true;
        if (!seen.has(el)) this.#retest(el, changedWatches);
        // A shadow root attached after its host was added: its content is new to the index.
        const shadow = el.shadowRoot;
        if (shadow && !this.#shadowRoots.has(shadow)) {
          this.#shadowRoots.add(shadow);
          for (let c = shadow.firstElementChild; c; c = c.nextElementSibling) walk(c, visit);
        }
        if (el.firstElementChild) for (const w of this.#deep) this.#rescan(w, el, changedWatches);
      }
    }
    for (const node of parents) if (node.ownerDocument !== doc) framesDirty = true;

    for (const w of this.#volatile) this.#requery(w, changedWatches);
    if (this.#structural.size) {
      if (batch.parents === undefined) for (const w of this.#structural) this.#requery(w, changedWatches);
      else {
        // Near watches re-check each parent's children; far ones each outermost parent's subtree.
        const scopes = parentScopes(
          [...parents.map((n) => (n.nodeType === 3 ? n.parentNode : n)), ...changed.map((el) => el.parentNode)],
          doc,
        );
        const outer = scopes.filter((n) => !scopes.some((m) => m !== n && m.contains(n)));
        for (const w of this.#structural) {
          if (w.info.near) for (const scope of scopes) this.#rescanChildren(w, scope, changedWatches);
          else for (const scope of outer) this.#rescan(w, scope, changedWatches);
        }
      }
    }
    for (const w of changedWatches) {
      for (const p of w.probes as Set<Probe<U>>) this.#refilter(p, out);
    }
    if (this.#labelProbes.size && this.#labelsMayChange(batch)) {
      for (const p of this.#labelProbes) if (p.watch && !out.has(p)) this.#refilter(p, out);
    }
    if (this.#contentProbes > 0) this.#markContent([...parents, ...changed, ...added.map((n) => n.parentNode)], out);
    if (hasFrames) {
      for (const p of this.#frameProbes) {
        if (!framesDirty && p.frameLocal) continue;
        const fresh = this.#queryFrames(p);
        if (!sameElements(fresh, p.result)) {
          p.result = fresh;
          out.add(p);
        } else if (p.contentRefs > 0) out.add(p);
      }
    }
    return out;
  }

  /**
   * Whether a batch can change an accessible label: it touches a `<label>`, an element a label
   * points at by id, an element named in aria-labelledby, or a label-filtered candidate itself.
   */
  #labelsMayChange(batch: MutationBatch): boolean {
    const ids = labelledByIds(this.#labelProbes);
    const touches = (node: Node | null, subtree: boolean): boolean => {
      const el = node?.nodeType === 1 ? (node as Element) : (node?.parentElement ?? null);
      if (!el) return false;
      if (el.closest('label') || el.id) return true;
      if (subtree && el.querySelector('label,[id]')) return true;
      for (let up: Element | null = el; up && ids.size; up = up.parentElement) if (up.id && ids.has(up.id)) return true;
      return false;
    };
    for (const p of this.#labelProbes) for (const el of batch.changed ?? []) if (p.watch?.matches.has(el)) return true;
    return (
      batch.added.some((n) => touches(n, true)) ||
      batch.removed.some(
        (n) =>
          n.nodeType === 1 && ((n as Element).matches('label,[id]') || !!(n as Element).querySelector('label,[id]')),
      ) ||
      (batch.changed ?? []).some((n) => touches(n, false)) ||
      (batch.parents ?? []).some((n) => touches(n, false))
    );
  }

  #refilter(p: Probe<U>, out: Set<Probe<U>>): void {
    const fresh = filterMatches(p.target, [...p.watch!.matches]);
    if (!sameElements(fresh, p.result)) {
      p.result = fresh;
      out.add(p);
    }
  }

  /** Probes reading the text or value of an element whose content changed (or of its ancestors). */
  #markContent(nodes: (Node | null)[], out: Set<Probe<U>>): void {
    const visited = new Set<Node>();
    for (let node of nodes) {
      for (; node && !visited.has(node); node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
        visited.add(node);
        const ws = node.nodeType === 1 ? this.#elementWatches.get(node as Element) : undefined;
        if (!ws) continue;
        for (const w of ws) {
          for (const p of w.probes as Set<Probe<U>>) {
            if (p.target.text !== undefined) this.#refilter(p, out);
            if (p.contentRefs > 0) out.add(p);
          }
        }
      }
    }
  }

  #acquireWatch(selector: string): Watch {
    let w = this.#watches.get(selector);
    if (w) return w;
    const info = analyzeSelector(selector);
    w = { selector, info, matches: new Set(), probes: new Set(), mark: 0 };
    this.#watches.set(selector, w);
    if (!info.keys) return w;
    if (info.structural) this.#structural.add(w);
    else if (!info.local) this.#volatile.add(w);
    if (info.local || info.structural) {
      if (info.deep) this.#deep.add(w);
      for (const key of info.keys) this.#keySet(key, true)!.add(w);
    }
    for (const el of this.#queryDeep(selector)) this.#link(el, w);
    return w;
  }

  #dropWatch(w: Watch): void {
    this.#watches.delete(w.selector);
    this.#volatile.delete(w);
    this.#structural.delete(w);
    this.#deep.delete(w);
    for (const key of w.info.keys ?? []) {
      const set = this.#keySet(key, false);
      set?.delete(w);
      if (set?.size === 0 && key.kind !== 'any') {
        const map = this.#keyed[key.kind];
        for (const [k, v] of map) if (v === set) map.delete(k);
        if (key.kind === 'attr') this.#attrNames = [...map.keys()];
      }
    }
    for (const el of [...w.matches]) this.#unlink(el, w, null);
  }

  #keySet(key: SelectorKey, create: boolean): Set<Watch> | undefined {
    if (key.kind === 'any') return this.#anyKey;
    const map = this.#keyed[key.kind];
    const value = key.kind === 'id' || key.kind === 'class' ? this.#fold(key.value) : key.value;
    let set = map.get(value);
    if (!set && create) {
      set = new Set();
      map.set(value, set);
      if (key.kind === 'attr') this.#attrNames = [...map.keys()];
    }
    return set;
  }

  /**
   * Re-tests one element against the keyed watches it is in or may now be in: those indexed under
   * its id, classes, tag and attributes (marked with an epoch, so nothing is allocated per element).
   */
  #retest(el: Element, changed: Set<Watch>): void {
    const was = this.#elementWatches.get(el);
    if (!was && this.#watches.size === this.#volatile.size) return;
    const epoch = ++this.#epoch;
    this.#current = el;
    this.#currentChanged = changed;
    const { id, class: cls, attr, tag } = this.#keyed;
    if (this.#anyKey.size) this.#consider(this.#anyKey, epoch);
    if (id.size && el.id) this.#consider(id.get(this.#fold(el.id)), epoch);
    if (cls.size) {
      const list = el.classList;
      for (let k = 0; k < list.length; k++) this.#consider(cls.get(this.#fold(list[k]!)), epoch);
    }
    if (tag.size) this.#consider(tag.get(el.localName.toLowerCase()), epoch);
    if (attr.size) {
      const names = this.#attrNames;
      for (let k = 0; k < names.length; k++) if (el.hasAttribute(names[k]!)) this.#consider(attr.get(names[k]!), epoch);
    }
    // A watch it was in but no longer has the key of: it cannot match any more.
    if (was) for (const w of [...was]) if (w.mark !== epoch && !this.#volatile.has(w)) this.#unlink(el, w, changed);
  }

  /** Tests the element being re-tested against a set of watches, each once per epoch. */
  #consider(set: Set<Watch> | undefined, epoch: number): void {
    if (!set) return;
    const el = this.#current!;
    for (const w of set) {
      if (w.mark === epoch) continue;
      w.mark = epoch;
      const now = matchesSafe(el, w.selector);
      if (now !== w.matches.has(el)) {
        if (now) this.#link(el, w, this.#currentChanged);
        else this.#unlink(el, w, this.#currentChanged);
      }
    }
  }

  /**
   * Re-checks a watch inside `root` (the root included): after an ancestor's attributes changed
   * (a deep watch), or a parent's children changed (a structural one). Elements are found by the
   * watch's keys and tested with `matches` (a scoped `querySelectorAll` is not reliable across DOM
   * implementations when the selector reaches above the scope).
   */
  #rescan(w: Watch, root: Element | ShadowRoot | Document, changed: Set<Watch>): void {
    const fresh = new Set<Element>();
    if (root.nodeType === 1 && matchesSafe(root as Element, w.selector)) fresh.add(root as Element);
    for (const key of w.info.keys ?? []) {
      for (const el of keyedDescendants(root, key, this.#fold)) if (matchesSafe(el, w.selector)) fresh.add(el);
    }
    for (const el of [...w.matches])
      if (!fresh.has(el) && (el === root || root.contains(el))) this.#unlink(el, w, changed);
    for (const el of fresh) if (!w.matches.has(el)) this.#link(el, w, changed);
  }

  /** A parent's children changed: re-checks a near structural watch on the parent and its children. */
  #rescanChildren(w: Watch, parent: Element | ShadowRoot | Document, changed: Set<Watch>): void {
    const keys = w.info.keys ?? [];
    const check = (el: Element) => {
      const now = matchesSafe(el, w.selector);
      if (now !== w.matches.has(el)) {
        if (now) this.#link(el, w, changed);
        else this.#unlink(el, w, changed);
      }
    };
    if (parent.nodeType === 1) check(parent as Element);
    for (const c of keyedChildren(parent, keys, this.#fold)) check(c);
    // Matches that left the parent were unlinked when their removal was applied.
  }

  #requery(w: Watch, changed: Set<Watch>): void {
    const fresh = new Set(this.#queryDeep(w.selector));
    for (const el of [...w.matches]) if (!fresh.has(el)) this.#unlink(el, w, changed);
    for (const el of fresh) if (!w.matches.has(el)) this.#link(el, w, changed);
  }

  #link(el: Element, w: Watch, changed?: Set<Watch>): void {
    w.matches.add(el);
    const ws = this.#elementWatches.get(el);
    if (ws) ws.push(w);
    else this.#elementWatches.set(el, [w]);
    changed?.add(w);
  }

  #unlink(el: Element, w: Watch, changed: Set<Watch> | null | undefined): void {
    w.matches.delete(el);
    const ws = this.#elementWatches.get(el);
    if (ws) {
      ws.splice(ws.indexOf(w), 1);
      if (!ws.length) this.#elementWatches.delete(el);
    }
    changed?.add(w);
  }

  #queryDeep(selector: string): Element[] {
    const out = queryAll(this.#doc, selector);
    for (const root of this.#shadowRoots) {
      if (!root.host.isConnected) this.#shadowRoots.delete(root);
      else for (const el of queryAll(root, selector)) out.push(el);
    }
    return out;
  }

  /** A frame target, queried again from scratch (frames are few and small). */
  #queryFrames(p: Probe<U>): Element[] {
    const docs = frameDocuments(this.#queryDeep(p.target.frame!));
    p.frameRoots = [];
    const found: Element[] = [];
    for (const d of docs) {
      const shadows = shadowRootsUnder(d);
      p.frameRoots.push(d, ...shadows);
      found.push(...queryAll(d, p.target.selector), ...shadows.flatMap((r) => queryAll(r, p.target.selector)));
    }
    return filterMatches(p.target, found);
  }
}

/** The descendants of `root` that have a key (an id, class, attribute or tag). */
function keyedDescendants(
  root: Element | ShadowRoot | Document,
  key: SelectorKey,
  fold: (s: string) => string,
): Iterable<Element> {
  if ('getElementsByTagName' in root) {
    if (key.kind === 'class') return root.getElementsByClassName(key.value);
    if (key.kind === 'tag') return root.getElementsByTagName(key.value);
  }
  const all = root.querySelectorAll('*');
  if (key.kind === 'any') return all;
  return Array.prototype.filter.call(all, (el: Element) => hasKey(el, key, fold)) as Element[];
}

const cssEscape = (globalThis as { CSS?: { escape(s: string): string } }).CSS?.escape;

/** The children of `parent` that have one of `keys` (natively where the platform can escape CSS). */
function keyedChildren(
  parent: Element | ShadowRoot | Document,
  keys: SelectorKey[],
  fold: (s: string) => string,
): Iterable<Element> {
  if (cssEscape && parent.nodeType === 1 && keys.every((k) => k.kind !== 'any')) {
    const part = (k: SelectorKey) =>
      k.kind === 'id'
        ? `#${cssEscape(k.value)}`
        : k.kind === 'class'
          ? `.${cssEscape(k.value)}`
          : k.kind === 'attr'
            ? `[${cssEscape(k.value)}]`
            : k.kind === 'tag'
              ? cssEscape(k.value)
              : '*';
    try {
      return parent.querySelectorAll(keys.map((k) => `:scope > ${part(k)}`).join(','));
    } catch {
      // fall back to walking the children
    }
  }
  const out: Element[] = [];
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling)
    if (keys.some((k) => hasKey(c, k, fold))) out.push(c);
  return out;
}

/** Whether an element has a key (an id, class, attribute or tag); any element has `any`. */
function hasKey(el: Element, key: SelectorKey, fold: (s: string) => string): boolean {
  if (key.kind === 'any') return true;
  if (key.kind === 'id') return fold(el.id) === fold(key.value);
  if (key.kind === 'class') {
    if (fold === identity) return el.classList.contains(key.value);
    return Array.from(el.classList).some((c) => fold(c) === fold(key.value));
  }
  if (key.kind === 'tag') return el.localName.toLowerCase() === key.value;
  return el.hasAttribute(key.value);
}

const identity = (s: string) => s;

/** The ids named in aria-labelledby by the candidates of label-filtered probes. */
function labelledByIds(probes: Iterable<Probe<unknown>>): Set<string> {
  const ids = new Set<string>();
  for (const p of probes) {
    for (const el of p.watch?.matches ?? [])
      for (const id of el.getAttribute('aria-labelledby')?.split(/\s+/) ?? []) if (id) ids.add(id);
  }
  return ids;
}

/** The distinct connected parents (elements, shadow roots, the document) of `doc` among `nodes`. */
function parentScopes(nodes: (Node | null)[], doc: Document): (Element | ShadowRoot | Document)[] {
  const set = new Set<Element | ShadowRoot | Document>();
  for (const n of nodes) {
    if (!n?.isConnected || (n.ownerDocument !== doc && n !== doc)) continue;
    if (n.nodeType === 1 || n.nodeType === 9 || n.nodeType === 11) set.add(n as Element | ShadowRoot | Document);
  }
  return [...set];
}

function probeKey(target: Target, selector: string): string {
  return JSON.stringify([
    target.frame ?? '',
    selector,
    target.text ?? null,
    target.text === undefined ? null : (target.textMatch ?? 'exact'),
    target.ariaLabel ?? null,
  ]);
}
