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
function walk(el: Element, visit: (el: Element) => boolean | undefined): void {
  if (visit(el) === false) return;
  const shadow = el.shadowRoot;
  if (shadow) for (let c = shadow.firstElementChild; c; c = c.nextElementSibling) walk(c, visit);
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) walk(c, visit);
}

export class DomIndex<U> {
  private readonly watches = new Map<string, Watch>();
  private readonly probes = new Map<string, Probe<U>>();
  private readonly keyed = { id: new Map(), class: new Map(), attr: new Map(), tag: new Map() } as Record<
    SelectorKey['kind'] & string,
    Map<string, Set<Watch>>
  >;
  private readonly anyKey = new Set<Watch>();
  private readonly volatile = new Set<Watch>();
  private readonly deep = new Set<Watch>();
  private readonly elementWatches = new Map<Element, Watch[]>();
  private readonly frameProbes = new Set<Probe<U>>();
  private readonly labelProbes = new Set<Probe<U>>();
  private readonly shadowRoots = new Set<ShadowRoot>();
  private contentProbes = 0;
  /** Class and id selectors ignore case in quirks mode. */
  private readonly fold: (s: string) => string;

  constructor(private readonly doc: Document) {
    this.fold = doc.compatMode === 'BackCompat' ? (s) => s.toLowerCase() : (s) => s;
    for (const root of shadowRootsUnder(doc)) this.shadowRoots.add(root);
  }

  /** The probes of a target (its selector, then its fallbacks), acquired for `user`. */
  acquire(target: Target, user: U, content: boolean): Probe<U>[] {
    return [target.selector, ...(target.fallbacks ?? [])].map((selector) => {
      const key = probeKey(target, selector);
      let p = this.probes.get(key);
      if (!p) {
        const own: Target = { ...target, selector, fallbacks: undefined };
        const frameLocal = target.frame !== undefined && analyzeSelector(target.frame).local;
        p = { target: own, watch: null, result: [], users: new Map(), contentRefs: 0, frameRoots: [], frameLocal };
        if (target.frame) {
          this.frameProbes.add(p);
          p.result = this.queryFrames(p);
        } else {
          const w = this.acquireWatch(selector);
          (p as { watch: Watch }).watch = w;
          w.probes.add(p as Probe<unknown>);
          p.result = filterMatches(own, [...w.matches]);
        }
        if (target.ariaLabel !== undefined) this.labelProbes.add(p);
        if (target.text !== undefined) this.contentProbes++;
        this.probes.set(key, p);
      }
      p.users.set(user, (p.users.get(user) ?? 0) + 1);
      if (content && p.contentRefs++ === 0 && target.text === undefined) this.contentProbes++;
      return p;
    });
  }

  release(probes: readonly Probe<U>[], user: U, content: boolean): void {
    for (const p of probes) {
      const n = (p.users.get(user) ?? 1) - 1;
      if (n > 0) p.users.set(user, n);
      else p.users.delete(user);
      if (content && --p.contentRefs === 0 && p.target.text === undefined) this.contentProbes--;
      if (p.users.size > 0) continue;
      if (p.target.text !== undefined) this.contentProbes--;
      this.probes.delete(probeKey(p.target, p.target.selector));
      this.frameProbes.delete(p);
      this.labelProbes.delete(p);
      const w = p.watch;
      if (w) {
        w.probes.delete(p as Probe<unknown>);
        if (w.probes.size === 0) this.dropWatch(w);
      }
    }
  }

  /** The elements a target's selector resolves to: the probe's current result. */
  probe(target: Target, selector: string): Probe<U> | undefined {
    return this.probes.get(probeKey(target, selector));
  }

  /** Open shadow roots and frame documents looked into. */
  *roots(): Iterable<Document | ShadowRoot> {
    for (const r of this.shadowRoots) if (r.host.isConnected) yield r;
    const seen = new Set<Document | ShadowRoot>();
    for (const p of this.frameProbes) {
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
    const doc = this.doc;
    const hasFrames = this.frameProbes.size > 0;
    let framesDirty = false;

    for (const node of removed) {
      if (node.nodeType !== 1) continue;
      if (node.ownerDocument !== doc) framesDirty = true;
      else if (!node.isConnected) {
        walk(node as Element, (el) => {
          if (el.shadowRoot) this.shadowRoots.delete(el.shadowRoot);
          if (isFrame(el)) framesDirty = true;
          const ws = this.elementWatches.get(el);
          if (ws) for (const w of [...ws]) this.unlink(el, w, changedWatches);
          return undefined;
        });
      }
    }

    const seen = new Set<Element>();
    const visit = (el: Element) => {
      if (seen.has(el)) return false;
      seen.add(el);
      if (el.shadowRoot) this.shadowRoots.add(el.shadowRoot);
      if (isFrame(el)) framesDirty = true;
      this.retest(el, changedWatches);
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
        if (!seen.has(el)) this.retest(el, changedWatches);
        // A shadow root attached after its host was added: its content is new to the index.
        const shadow = el.shadowRoot;
        if (shadow && !this.shadowRoots.has(shadow)) {
          this.shadowRoots.add(shadow);
          for (let c = shadow.firstElementChild; c; c = c.nextElementSibling) walk(c, visit);
        }
        if (el.firstElementChild) for (const w of this.deep) this.rescanSubtree(w, el, changedWatches);
      }
    }
    for (const node of parents) if (node.ownerDocument !== doc) framesDirty = true;

    for (const w of this.volatile) this.requery(w, changedWatches);
    for (const w of changedWatches) {
      for (const p of w.probes as Set<Probe<U>>) this.refilter(p, out);
    }
    for (const p of this.labelProbes) if (p.watch && !out.has(p)) this.refilter(p, out);
    if (this.contentProbes > 0) this.markContent([...parents, ...changed, ...added.map((n) => n.parentNode)], out);
    if (hasFrames) {
      for (const p of this.frameProbes) {
        if (!framesDirty && p.frameLocal) continue;
        const fresh = this.queryFrames(p);
        if (!sameElements(fresh, p.result)) {
          p.result = fresh;
          out.add(p);
        } else if (p.contentRefs > 0) out.add(p);
      }
    }
    return out;
  }

  private refilter(p: Probe<U>, out: Set<Probe<U>>): void {
    const fresh = filterMatches(p.target, [...p.watch!.matches]);
    if (!sameElements(fresh, p.result)) {
      p.result = fresh;
      out.add(p);
    }
  }

  /** Probes reading the text or value of an element whose content changed (or of its ancestors). */
  private markContent(nodes: (Node | null)[], out: Set<Probe<U>>): void {
    const visited = new Set<Node>();
    for (let node of nodes) {
      for (; node && !visited.has(node); node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
        visited.add(node);
        const ws = node.nodeType === 1 ? this.elementWatches.get(node as Element) : undefined;
        if (!ws) continue;
        for (const w of ws) {
          for (const p of w.probes as Set<Probe<U>>) {
            if (p.target.text !== undefined) this.refilter(p, out);
            if (p.contentRefs > 0) out.add(p);
          }
        }
      }
    }
  }

  private acquireWatch(selector: string): Watch {
    let w = this.watches.get(selector);
    if (w) return w;
    const info = analyzeSelector(selector);
    w = { selector, info, matches: new Set(), probes: new Set() };
    this.watches.set(selector, w);
    if (!info.keys) return w;
    if (!info.local) this.volatile.add(w);
    else {
      if (info.deep) this.deep.add(w);
      for (const key of info.keys) this.keySet(key, true)!.add(w);
    }
    for (const el of this.queryDeep(selector)) this.link(el, w);
    return w;
  }

  private dropWatch(w: Watch): void {
    this.watches.delete(w.selector);
    this.volatile.delete(w);
    this.deep.delete(w);
    for (const key of w.info.keys ?? []) this.keySet(key, false)?.delete(w);
    for (const el of [...w.matches]) this.unlink(el, w, null);
  }

  private keySet(key: SelectorKey, create: boolean): Set<Watch> | undefined {
    if (key.kind === 'any') return this.anyKey;
    const map = this.keyed[key.kind];
    const value = key.kind === 'id' || key.kind === 'class' ? this.fold(key.value) : key.value;
    let set = map.get(value);
    if (!set && create) {
      set = new Set();
      map.set(value, set);
    }
    return set;
  }

  /** The local watches an element may match, by its id, classes, tag and attributes. */
  private candidates(el: Element): Set<Watch> {
    const out = new Set<Watch>(this.anyKey);
    const add = (set: Set<Watch> | undefined) => {
      if (set) for (const w of set) out.add(w);
    };
    const { id, class: cls, attr, tag } = this.keyed;
    if (id.size && el.id) add(id.get(this.fold(el.id)));
    if (cls.size) for (const c of el.classList) add(cls.get(this.fold(c)));
    if (tag.size) add(tag.get(el.localName.toLowerCase()));
    if (attr.size) for (const [name, set] of attr) if (el.hasAttribute(name)) add(set);
    return out;
  }

  /** Re-tests one element against the local watches it is in or may now be in. */
  private retest(el: Element, changed: Set<Watch>): void {
    const was = this.elementWatches.get(el);
    if (!was && this.watches.size === this.volatile.size) return;
    const candidates = this.candidates(el);
    if (was) for (const w of [...was]) if (!this.volatile.has(w) && !candidates.has(w)) this.unlink(el, w, changed);
    for (const w of candidates) {
      const now = matchesSafe(el, w.selector);
      if (now !== w.matches.has(el)) {
        if (now) this.link(el, w, changed);
        else this.unlink(el, w, changed);
      }
    }
  }

  /**
   * An ancestor's attributes changed: re-checks a deep watch inside its subtree. Descendants are
   * found by the watch's keys and tested with `matches` (a scoped `querySelectorAll` is not
   * reliable across DOM implementations when the selector reaches above the scope).
   */
  private rescanSubtree(w: Watch, root: Element, changed: Set<Watch>): void {
    const fresh = new Set<Element>();
    for (const key of w.info.keys ?? []) {
      for (const el of keyedDescendants(root, key, this.fold)) if (matchesSafe(el, w.selector)) fresh.add(el);
    }
    for (const el of [...w.matches])
      if (el !== root && !fresh.has(el) && root.contains(el)) this.unlink(el, w, changed);
    for (const el of fresh) if (!w.matches.has(el)) this.link(el, w, changed);
  }

  private requery(w: Watch, changed: Set<Watch>): void {
    const fresh = new Set(this.queryDeep(w.selector));
    for (const el of [...w.matches]) if (!fresh.has(el)) this.unlink(el, w, changed);
    for (const el of fresh) if (!w.matches.has(el)) this.link(el, w, changed);
  }

  private link(el: Element, w: Watch, changed?: Set<Watch>): void {
    w.matches.add(el);
    const ws = this.elementWatches.get(el);
    if (ws) ws.push(w);
    else this.elementWatches.set(el, [w]);
    changed?.add(w);
  }

  private unlink(el: Element, w: Watch, changed: Set<Watch> | null): void {
    w.matches.delete(el);
    const ws = this.elementWatches.get(el);
    if (ws) {
      ws.splice(ws.indexOf(w), 1);
      if (!ws.length) this.elementWatches.delete(el);
    }
    changed?.add(w);
  }

  private queryDeep(selector: string): Element[] {
    const out = queryAll(this.doc, selector);
    for (const root of this.shadowRoots) {
      if (!root.host.isConnected) this.shadowRoots.delete(root);
      else for (const el of queryAll(root, selector)) out.push(el);
    }
    return out;
  }

  /** A frame target, queried again from scratch (frames are few and small). */
  private queryFrames(p: Probe<U>): Element[] {
    const docs = frameDocuments(this.queryDeep(p.target.frame!));
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
function keyedDescendants(root: Element, key: SelectorKey, fold: (s: string) => string): Iterable<Element> {
  if (key.kind === 'class') return root.getElementsByClassName(key.value);
  if (key.kind === 'tag') return root.getElementsByTagName(key.value);
  const all = root.getElementsByTagName('*');
  if (key.kind === 'any') return all;
  const { kind, value } = key;
  return Array.prototype.filter.call(all, (el: Element) =>
    kind === 'id' ? fold(el.id) === fold(value) : el.hasAttribute(value),
  ) as Element[];
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
