/**
 * The apply phases: a mutation batch brought to the watches. Removed subtrees leave their sets,
 * added subtrees and changed elements are re-tested against the watches their keys select, and
 * watches that depend on more than an element and its ancestors are re-checked where the batch
 * touched them (or queried again). Probes are the DOM index's business, not this module's.
 */
import type { MutationBatch } from '../../engine-api';
import { walk } from '../../target/dom';
import { isFrame } from './frames';
import type { Scope, Watch, WatchIndex } from './watches';

/** A node's parent, or a shadow root's host: the way up that `walk` comes down. */
const up = (n: Node): Node | null => n.parentNode ?? (n as ShadowRoot).host ?? null;

/**
 * Whether an ancestor of an element was added in the batch (it is then walked with it): each added
 * subtree is walked once, from its outermost added element, with no set of every element visited
 * (keeping one cost more than the walk itself on a page re-rendering thousands of rows). Ancestors
 * found outside every added subtree are remembered, so the rows of one table ask one step up each.
 */
function addedAbove(added: ReadonlySet<Element>): (el: Element) => boolean {
  const outside = new Set<Node>();
  return (el) => {
    const path: Node[] = [];
    for (let n = up(el); n && !outside.has(n); n = up(n)) {
      if (added.has(n as Element)) return true;
      path.push(n);
    }
    for (const n of path) outside.add(n);
    return false;
  };
}

/**
 * Past this many added and removed elements in one batch (an app re-rendering a whole view), each
 * watch is queried again (one `querySelectorAll` per selector of the rules whose URL matches)
 * instead of every element being tested: the browser's own query is cheaper than a walk then.
 */
export const REQUERY_ABOVE = 1500;

/**
 * Some of the elements that cannot host a shadow root (`attachShadow` takes custom elements and
 * article, aside, blockquote, body, div, footer, h1-h6, header, main, nav, p, section and span
 * only): those big re-renders are made of, the most frequent first, for a query stops testing an
 * element at the first name it has. An element that is none of them may host one.
 */
const NO_SHADOW =
  ':not(td,tr,a,li,th,img,i,b,svg,path,input,button,label,option,ul,ol,table,tbody,thead,strong,em,small,br,time,code,select,use,g)';

/**
 * Whether the batch adds and removes more than `limit` elements (counted natively, stopping early),
 * for a caller deciding before the engine walks it; `applyToWatches` counts on its own walks.
 */
export function bigChange(batch: MutationBatch, limit: number): boolean {
  if (limit === Number.POSITIVE_INFINITY) return false;
  let n = 0;
  for (const list of [batch.added, batch.removed]) {
    for (const node of list) {
      if (node.nodeType !== 1) continue;
      n += 1 + (node as Element).getElementsByTagName('*').length;
      if (n > limit) return true;
    }
  }
  return false;
}

/**
 * Applies a batch to the watches of `doc`, adding the watches whose matches changed to `changed`.
 * Returns whether something inside a frame, or an iframe itself, may have changed (frame targets
 * are then queried again). `hasFrames`: frame targets are watched, so a changed element holding an
 * iframe counts too.
 *
 * The walks count the elements as they go (no native count before them): removed subtrees are
 * walked to leave their watches, added ones to collect their elements (shadow roots and frames
 * noted on the way). Past `requeryAbove` removed and added elements the change is big: the walks
 * stop collecting, the added subtrees left are walked only where a shadow root can be, and every
 * watch is queried again instead of each element being re-tested. A batch the caller marked
 * `big` is not walked to count it.
 */
export function applyToWatches(
  watches: WatchIndex,
  doc: Document,
  batch: MutationBatch,
  hasFrames: boolean,
  changed: Set<Watch>,
  requeryAbove = REQUERY_ABOVE,
): boolean {
  const { parents = [] } = batch;
  // Found big by the caller: nothing is walked to count it.
  const count = { elements: batch.big ? requeryAbove + 1 : 0 };
  const frames: Frames = {
    dirty: false,
    // Asked natively, once per subtree and shadow root, and only when frame targets are watched:
    // asking each element its name would cost a call per element of a big re-render.
    look(root) {
      if (hasFrames && !this.dirty && (isFrame(root as Element) || root.querySelector('iframe,frame')))
        this.dirty = true;
    },
  };
  removePhase(watches, doc, batch.removed, changed, count, requeryAbove, frames);
  /** Added elements to re-test, collected up to the limit (past it, the queries do their work). */
  const fresh: Element[] = [];
  const visit = (el: Element, shadow: ShadowRoot | null) => {
    if (shadow) {
      watches.shadowRoots.add(shadow);
      frames.look(shadow);
    }
    if (++count.elements <= requeryAbove) fresh.push(el);
    return undefined;
  };
  const added = new Set<Element>();
  for (const node of batch.added) {
    if (node.nodeType !== 1) continue;
    if (node.ownerDocument !== doc) frames.dirty = true;
    else if (node.isConnected) added.add(node as Element);
  }
  const above = addedAbove(added);
  // One added element has no other above it: no way up to look at (most batches).
  for (const el of added) {
    if (added.size !== 1 && above(el)) continue;
    frames.look(el);
    // A big change is walked only for shadow roots, and not where none can be (a table's rows):
    // the browser rules a subtree out faster than a walk reads it.
    if (count.elements > requeryAbove && !el.shadowRoot && !el.querySelector(NO_SHADOW)) continue;
    walk(el, visit);
  }
  changePhase(watches, doc, batch.changed ?? [], frames, (el) => added.has(el) || above(el), visit, changed);
  for (const node of parents) if (node.ownerDocument !== doc) frames.dirty = true;
  if (count.elements > requeryAbove) {
    for (const w of watches.all()) watches.requery(w, changed);
    return frames.dirty;
  }
  // A small change: each added element re-tested against the watches its keys select.
  for (const el of fresh) watches.retest(el, changed);
  recheckPhase(watches, doc, batch, changed);
  return frames.dirty;
}

/** Whether a frame may have changed, and a look for one at and under a root (elements or shadow). */
interface Frames {
  dirty: boolean;
  look(root: Element | ShadowRoot): void;
}

/**
 * Removed subtrees leave every watch they were in (through the element → watches map), their
 * elements counted into `count`. Past `limit` the walk stops (every watch is queried again then).
 * Frames that left are noted in `frames`.
 */
function removePhase(
  watches: WatchIndex,
  doc: Document,
  removed: readonly Node[],
  changed: Set<Watch>,
  count: { elements: number },
  limit: number,
  frames: Frames,
): void {
  const leave = (el: Element, shadow: ShadowRoot | null) => {
    if (++count.elements > limit) return false;
    if (shadow) {
      watches.shadowRoots.delete(shadow);
      frames.look(shadow);
    }
    const ws = watches.of(el);
    if (ws) for (const w of [...ws]) watches.unlink(el, w, changed);
    return undefined;
  };
  for (const node of removed) {
    if (node.nodeType !== 1) continue;
    if (node.ownerDocument !== doc) frames.dirty = true;
    else if (!node.isConnected) {
      frames.look(node as Element);
      if (count.elements <= limit) walk(node as Element, leave);
    }
  }
}

/**
 * Elements whose attributes changed are re-tested (unless added in this batch: `seen`), and their
 * subtrees for watches that look at ancestors. A shadow root attached after its host was added is
 * walked with `visit`. Frames they hold are noted in `frames`.
 */
function changePhase(
  watches: WatchIndex,
  doc: Document,
  elements: readonly Element[],
  frames: Frames,
  seen: (el: Element) => boolean,
  visit: (el: Element, shadow: ShadowRoot | null) => boolean | undefined,
  changed: Set<Watch>,
): void {
  for (const el of elements) {
    if (el.ownerDocument !== doc) frames.dirty = true;
    else if (el.isConnected) {
      frames.look(el);
      if (!seen(el)) watches.retest(el, changed);
      const shadow = el.shadowRoot;
      if (shadow && !watches.shadowRoots.has(shadow)) {
        watches.shadowRoots.add(shadow);
        frames.look(shadow);
        for (let c = shadow.firstElementChild; c; c = c.nextElementSibling) walk(c, visit);
      }
      if (el.firstElementChild) for (const w of watches.deep) watches.rescan(w, el, changed);
    }
  }
}

/**
 * Volatile watches are queried again; structural ones re-check the parents whose children changed
 * (near ones each parent's children, far ones each outermost parent's subtree), or everything when
 * the batch does not say which parents changed.
 */
function recheckPhase(watches: WatchIndex, doc: Document, batch: MutationBatch, changed: Set<Watch>): void {
  for (const w of watches.volatile) watches.requery(w, changed);
  if (!watches.structural.size) return;
  if (batch.parents === undefined) {
    for (const w of watches.structural) watches.requery(w, changed);
    return;
  }
  const scopes = parentScopes(
    [
      ...batch.parents.map((n) => (n.nodeType === 3 ? n.parentNode : n)),
      ...(batch.changed ?? []).map((el) => el.parentNode),
    ],
    doc,
  );
  const outer = scopes.filter((n) => !scopes.some((m) => m !== n && m.contains(n)));
  for (const w of watches.structural) {
    if (w.info.near) for (const scope of scopes) watches.rescanChildren(w, scope, changed);
    else for (const scope of outer) watches.rescan(w, scope, changed);
  }
}

/** The distinct connected parents (elements, shadow roots, the document) of `doc` among `nodes`. */
function parentScopes(nodes: (Node | null)[], doc: Document): Scope[] {
  const set = new Set<Scope>();
  for (const n of nodes) {
    if (!n?.isConnected || (n.ownerDocument !== doc && n !== doc)) continue;
    if (n.nodeType === 1 || n.nodeType === 9 || n.nodeType === 11) set.add(n as Scope);
  }
  return [...set];
}
