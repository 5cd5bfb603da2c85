/**
 * Moving through the page as the picker sees it: one tree across open shadow roots and same-origin
 * frames (a shadow root's content under its host, a frame's document under the frame), and where
 * an element is on the top frame's screen.
 */

const isElement = (node: unknown): node is Element =>
  typeof node === 'object' && node !== null && (node as Node).nodeType === 1;

/** The first element on the event's path (inside open shadow roots). */
export function targetOf(event: Event): Element | null {
  for (const node of event.composedPath()) if (isElement(node)) return node;
  return null;
}

/** The same-origin frame element whose document `doc` is, if any. */
export function frameOf(doc: Document): Element | null {
  try {
    return doc.defaultView?.frameElement ?? null;
  } catch {
    return null;
  }
}

/** The document of a same-origin frame, or null. */
export function frameDocument(el: Element): Document | null {
  if (el.localName !== 'iframe' && el.localName !== 'frame') return null;
  try {
    return (el as HTMLIFrameElement).contentDocument;
  } catch {
    return null;
  }
}

/** The parent across shadow roots (the host) and frames (the frame element); none above `body`. */
export function parentOf(el: Element): Element | null {
  const parent = el.parentElement;
  if (parent && parent.localName !== 'html') return parent;
  if (parent) return frameOf(el.ownerDocument);
  const host = (el.getRootNode() as Partial<ShadowRoot>).host;
  return host ?? frameOf(el.ownerDocument);
}

/** The children across shadow roots and frames: a shadow root's, a frame's body, or its own. */
export function childrenOf(el: Element): Element[] {
  const shadow = el.shadowRoot;
  if (shadow) return Array.from(shadow.children).filter((c) => c.localName !== 'style' && c.localName !== 'script');
  const doc = frameDocument(el);
  if (doc?.body) return [doc.body];
  return Array.from(el.children).filter((c) => !['script', 'style', 'template', 'noscript'].includes(c.localName));
}

/** Where `el` is in the top frame's viewport: its box plus the offsets of the frames it is in. */
export function screenRect(el: Element): { x: number; y: number; width: number; height: number } {
  const r = el.getBoundingClientRect();
  let x = r.left;
  let y = r.top;
  for (let frame = frameOf(el.ownerDocument); frame; frame = frameOf(frame.ownerDocument)) {
    const f = frame.getBoundingClientRect();
    x += f.left + frame.clientLeft;
    y += f.top + frame.clientTop;
  }
  return { x, y, width: r.width, height: r.height };
}

/** Elements a keyboard user reaches with Tab (controls, links, anything with a tabindex), in tree order. */
export function focusables(doc: Document): Element[] {
  const out: Element[] = [];
  const selector =
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const stack: Element[] = doc.body ? [doc.body] : [];
  while (stack.length) {
    const el = stack.pop()!;
    if (el.matches(selector) && !(el as HTMLButtonElement).disabled) out.push(el);
    const next = childrenOf(el);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out.filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 || r.height > 0;
  });
}

/** A control, or something that acts as one: hovering its inside picks it as a whole. */
const INTERACTIVE =
  'a[href], button, label, summary, select, option, [role="button"], [role="link"], [role="tab"], [role="menuitem"], [role="option"], [role="checkbox"], [role="radio"], [role="switch"]';

/** `el`, or the control it is part of (the button around a button's icon or text). */
export function snapToControl(el: Element): Element {
  if (el.matches('input, textarea, select, iframe') || el.matches(INTERACTIVE)) return el;
  let cur: Element | null = el;
  for (let depth = 0; cur && depth < 4; depth++) {
    cur = cur.parentElement;
    if (cur?.matches(INTERACTIVE)) return cur;
  }
  return el;
}
