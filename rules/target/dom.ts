/**
 * DOM helpers shared by both engines: deep queries through open shadow roots, the order of
 * elements across shadow trees, text and label normalisation, and a field's value. The DOM comes
 * only through the nodes passed in.
 */

/** Text as a rule author means it: whitespace collapsed, trimmed, lower case. */
export const normalizeText = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Visits an element and its descendants, shadow trees included; `false` skips a subtree. The
 * visitor is handed the element's open shadow root, read once per element: from a content script
 * each read of `shadowRoot` crosses into the page's world, and a walk meets every element added.
 */
export function walk(root: Element, visit: (el: Element, shadow: ShadowRoot | null) => unknown): void {
  // A stack, not recursion: a page can nest elements deeper than the call stack goes.
  const stack = [root];
  while (stack.length) {
    const el = stack.pop()!;
    const shadow = el.shadowRoot;
    if (visit(el, shadow) === false) continue;
    for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
    if (shadow) for (let c = shadow.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  }
}

/** Every open shadow root in a document, in tree order, nested ones included. */
export function shadowRootsUnder(doc: Document): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  if (doc.documentElement) walk(doc.documentElement, (_, shadow) => shadow && out.push(shadow));
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

/** Elements named by their content (ARIA "name from content"), by tag and by role. */
const FROM_CONTENT = /^(?:a|button|summary|option|h[1-6]|legend|caption|figcaption|label|td|th|li|dt|dd)$/;
const ROLE_FROM_CONTENT =
  /^(?:button|link|tab|menuitem(?:checkbox|radio)?|option|heading|cell|gridcell|columnheader|rowheader|checkbox|radio|switch|treeitem|tooltip|row)$/;

/** What an element's content contributes to a name: its text, with images' alt text and parts' aria-label, hidden parts left out. */
function contentText(root: Element): string {
  let out = '';
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 3) out += (node as Text).data;
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    if (el !== root && (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true')) continue;
    const own = el !== root && (el.getAttribute('aria-label') || (el.localName === 'img' && el.getAttribute('alt')));
    if (own) out += ` ${own} `;
    else for (let c = el.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return out;
}

/**
 * The accessible name, as assistive technology computes it (a compact reading of the W3C
 * accname steps): aria-labelledby, aria-label, the `<label>`s of a field, an image's alt, a
 * button's value, a fieldset's legend, the content of elements named by it (buttons, links,
 * headings, cells…), then title, then placeholder. Whitespace collapsed, lower case.
 */
export function accessibleName(el: Element): string {
  const attr = (name: string) => el.getAttribute(name)?.trim() || '';
  const ids = attr('aria-labelledby');
  if (ids) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const text = ids
      .split(/\s+/)
      .map((id) => {
        const ref = root.getElementById?.(id);
        return ref ? ref.getAttribute('aria-label') || contentText(ref) : '';
      })
      .join(' ');
    if (text.trim()) return normalizeText(text);
  }
  const tag = el.localName;
  const field = el as HTMLInputElement;
  const legend = tag === 'fieldset' ? el.querySelector('legend') : null;
  return normalizeText(
    attr('aria-label') ||
      (field.labels?.length ? Array.from(field.labels, contentText).join(' ') : '') ||
      (tag === 'img' || tag === 'area' || (tag === 'input' && field.type === 'image') ? attr('alt') : '') ||
      (tag === 'input' && /^(?:button|submit|reset)$/.test(field.type) ? field.value : '') ||
      (legend ? contentText(legend) : '') ||
      (FROM_CONTENT.test(tag) || ROLE_FROM_CONTENT.test(attr('role')) ? contentText(el) : '') ||
      attr('title') ||
      attr('placeholder'),
  );
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
