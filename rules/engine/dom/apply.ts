/**
 * The apply phases: a mutation batch brought to the watches. Removed subtrees leave their sets,
 * added subtrees and changed elements are re-tested against the watches their keys select, and
 * watches that depend on more than an element and its ancestors are re-checked where the batch
 * touched them (or queried again). Probes are the DOM index's business, not this module's.
 */
import type { MutationBatch } from '../../engine-api';
import { isFrame } from './frames';
import type { Scope, Watch, WatchIndex } from './watches';

/** Visits an element and its descendants, shadow trees included; `false` skips a subtree. */
export function walk(root: Element, visit: (el: Element) => boolean | undefined): void {
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

/**
 * Past this many added and removed elements in one batch (an app re-rendering a whole view), each
 * watch is queried again (one `querySelectorAll` per selector of the rules whose URL matches)
 * instead of every element being tested: the browser's own query is cheaper than a walk then.
 */
export const REQUERY_ABOVE = 1500;

/** Whether the batch adds and removes more than `limit` elements (counted natively, stopping early). */
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
 * iframe counts too. Above `requeryAbove` elements, every watch is queried again instead.
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
  const big = bigChange(batch, requeryAbove);
  // A big change: removed elements leave their watches when those are queried again.
  let framesDirty = big
    ? batch.removed.some(
        (n) => n.nodeType === 1 && (isFrame(n as Element) || !!(n as Element).querySelector('iframe,frame')),
      )
    : removePhase(watches, doc, batch.removed, changed);
  const seen = new Set<Element>();
  const visit = (el: Element) => {
    if (seen.has(el)) return false;
    seen.add(el);
    if (el.shadowRoot) watches.shadowRoots.add(el.shadowRoot);
    if (isFrame(el)) framesDirty = true;
    // A big change only looks for shadow roots and frames on the way: the queries do the rest.
    if (!big) watches.retest(el, changed);
    return undefined;
  };
  // Added subtrees are walked once, each element re-tested against the watches its keys select.
  for (const node of batch.added) {
    if (node.nodeType !== 1) continue;
    if (node.ownerDocument !== doc) framesDirty = true;
    else if (node.isConnected) walk(node as Element, visit);
  }
  if (changePhase(watches, doc, batch.changed ?? [], hasFrames, seen, visit, changed)) framesDirty = true;
  for (const node of parents) if (node.ownerDocument !== doc) framesDirty = true;
  if (big) for (const w of watches.all()) watches.requery(w, changed);
  else recheckPhase(watches, doc, batch, changed);
  return framesDirty;
}

/** Removed subtrees leave every watch they were in (through the element → watches map). */
function removePhase(watches: WatchIndex, doc: Document, removed: readonly Node[], changed: Set<Watch>): boolean {
  let framesDirty = false;
  for (const node of removed) {
    if (node.nodeType !== 1) continue;
    if (node.ownerDocument !== doc) framesDirty = true;
    else if (!node.isConnected) {
      walk(node as Element, (el) => {
        if (el.shadowRoot) watches.shadowRoots.delete(el.shadowRoot);
        if (isFrame(el)) framesDirty = true;
        const ws = watches.of(el);
        if (ws) for (const w of [...ws]) watches.unlink(el, w, changed);
        return undefined;
      });
    }
  }
  return framesDirty;
}

/**
 * Elements whose attributes changed are re-tested (unless added in this batch: `seen`), and their
 * subtrees for watches that look at ancestors. A shadow root attached after its host was added is
 * walked with `visit`. Returns whether a frame may have changed.
 */
function changePhase(
  watches: WatchIndex,
  doc: Document,
  elements: readonly Element[],
  hasFrames: boolean,
  seen: Set<Element>,
  visit: (el: Element) => boolean | undefined,
  changed: Set<Watch>,
): boolean {
  let framesDirty = false;
  for (const el of elements) {
    if (el.ownerDocument !== doc) framesDirty = true;
    else if (el.isConnected) {
      if (isFrame(el) || (hasFrames && el.firstElementChild && el.querySelector('iframe,frame'))) framesDirty = true;
      if (!seen.has(el)) watches.retest(el, changed);
      const shadow = el.shadowRoot;
      if (shadow && !watches.shadowRoots.has(shadow)) {
        watches.shadowRoots.add(shadow);
        for (let c = shadow.firstElementChild; c; c = c.nextElementSibling) walk(c, visit);
      }
      if (el.firstElementChild) for (const w of watches.deep) watches.rescan(w, el, changed);
    }
  }
  return framesDirty;
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
