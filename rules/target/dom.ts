/**
 * DOM helpers shared by both engines: deep queries through open shadow roots, the order of
 * elements across shadow trees, text and label normalisation, and a field's value. The DOM comes
 * only through the nodes passed in.
 */

/** Text as a rule author means it: whitespace collapsed, trimmed, lower case. */
export const normalizeText = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Every open shadow root under `root`, in tree order, nested ones included. */
export function shadowRootsUnder(root: Node): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  // A stack, not recursion: a page can nest elements deeper than the call stack goes.
  const stack: ParentNode[] = [root as ParentNode];
  while (stack.length) {
    const node = stack.pop()!;
    for (let el = node.lastElementChild; el; el = el.previousElementSibling) stack.push(el);
    const shadow = (node as Element).shadowRoot;
    if (shadow) {
      out.push(shadow);
      stack.push(shadow);
    }
  }
  return out;
}

/**
 * `querySelectorAll` that never throws (an invalid selector matches nothing) and never repeats an
 * element (some DOM implementations do for sibling combinators).
 */
export function queryAll(scope: ParentNode, selector: string): Element[] {
  try {
    const found = scope.querySelectorAll(selector);
    return found.length > 1 ? [...new Set(found)] : Array.from(found);
  } catch {
    return [];
  }
}

/** `matches` that never throws. */
export function matchesSafe(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** The chain of shadow hosts from the document down to `el`, then `el`: a sort key across trees. */
function hostChain(el: Element): Element[] {
  const chain = [el];
  for (let root = el.getRootNode(); root.nodeType === 11 && (root as ShadowRoot).host; ) {
    const host = (root as ShadowRoot).host;
    chain.unshift(host);
    root = host.getRootNode();
  }
  return chain;
}

/**
 * Orders elements of one document across open shadow trees: tree order, a shadow tree's content
 * right after its host. Elements of different documents keep no particular order.
 */
export function composedCompare(a: Element, b: Element): number {
  if (a === b) return 0;
  const ca = hostChain(a);
  const cb = hostChain(b);
  for (let k = 0; k < Math.min(ca.length, cb.length); k++) {
    const x = ca[k]!;
    const y = cb[k]!;
    if (x === y) continue;
    const pos = x.compareDocumentPosition(y);
    return pos & 4 ? -1 : pos & 2 ? 1 : 0;
  }
  return ca.length - cb.length;
}

/** The name an assistive technology would read: aria-label, aria-labelledby, `<label>`s, title. */
export function accessibleLabel(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria?.trim()) return normalizeText(aria);
  const ids = el.getAttribute('aria-labelledby');
  if (ids) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const text = ids
      .split(/\s+/)
      .map((id) => (id && root.getElementById?.(id)?.textContent) || '')
      .join(' ');
    if (text.trim()) return normalizeText(text);
  }
  const labels = (el as HTMLInputElement).labels;
  if (labels?.length) return normalizeText(Array.from(labels, (l) => l.textContent ?? '').join(' '));
  return normalizeText(el.getAttribute('title') ?? '');
}

/** A field's value (input, textarea, select), otherwise the element's text. */
export function fieldValue(el: Element): string {
  const tag = el.localName;
  if (tag === 'input' || tag === 'textarea' || tag === 'select') return (el as HTMLInputElement).value ?? '';
  return el.textContent ?? '';
}

/** The documents of same-origin frames among `frames` (cross-origin ones cannot be read). */
export function frameDocuments(frames: readonly Element[]): Document[] {
  const docs: Document[] = [];
  for (const frame of frames) {
    try {
      const doc = (frame as HTMLIFrameElement).contentDocument;
      if (doc && !docs.includes(doc)) docs.push(doc);
    } catch {
      // A cross-origin frame: nothing of it can be read.
    }
  }
  return docs;
}
