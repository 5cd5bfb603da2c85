/**
 * Key extraction: the key a selector's subject must have (an id, a class, an attribute, a tag, or
 * none), the watches indexed under each key, and the elements of a subtree or a parent's children
 * that have a key. An element is tested only against the watches its own keys select.
 */
import type { SelectorKey } from '../../selector/analyze';

/** How a document compares class names and ids: quirks mode ignores their case. */
export type Fold = (s: string) => string;

const identity: Fold = (s) => s;

/** The fold a document's selectors use for class names and ids. */
export const foldFor = (doc: Document): Fold => (doc.compatMode === 'BackCompat' ? (s) => s.toLowerCase() : identity);

/** What separates the tokens of a class attribute. */
const ASCII_WHITESPACE = /[\t\n\f\r ]/;

/** Watches (any objects) indexed by the key their selector's subject needs. */
export class KeyIndex<W> {
  /** Watches by key kind, then key value (keyless ones under `any`, value ''). */
  readonly #keyed: Record<SelectorKey['kind'], Map<string, Set<W>>> = {
    id: new Map(),
    class: new Map(),
    attr: new Map(),
    tag: new Map(),
    any: new Map(),
  };
  /** The attribute names watches are keyed by, as an array for a tight loop. */
  #attrNames: string[] = [];

  readonly #fold: Fold;

  constructor(fold: Fold) {
    this.#fold = fold;
  }

  /** Indexes a watch under a key (`add`) or removes it (`!add`). */
  set(key: SelectorKey, w: W, add: boolean): void {
    const map = this.#keyed[key.kind];
    const value =
      key.kind === 'any' ? '' : key.kind === 'id' || key.kind === 'class' ? this.#fold(key.value) : key.value;
    const before = map.size;
    let set = map.get(value);
    if (add) {
      if (!set) {
        set = new Set();
        map.set(value, set);
      }
      set.add(w);
    } else if (set?.delete(w) && !set.size) map.delete(value);
    if (key.kind === 'attr' && map.size !== before) this.#attrNames = [...map.keys()];
  }

  /**
   * Calls `visit` with each set of watches indexed under one of the element's keys (`undefined` for
   * a key nothing is indexed under): every keyless watch, its id, each class, its tag, each
   * attribute it has. A set may come more than once.
   */
  each(el: Element, visit: (set: Set<W> | undefined) => void): void {
    const { id, class: cls, attr, tag, any } = this.#keyed;
    const fold = this.#fold;
    if (any.size) visit(any.get(''));
    if (id.size && el.id) visit(id.get(fold(el.id)));
    if (cls.size) {
      // The attribute, not `classList`: reading that makes the browser build a token list for every
      // element it is asked of, classless or not. One class (no whitespace) is its own token.
      const names = el.getAttribute('class');
      if (names && !ASCII_WHITESPACE.test(names)) visit(cls.get(fold(names)));
      else if (names) {
        const list = el.classList;
        for (let k = 0; k < list.length; k++) visit(cls.get(fold(list[k]!)));
      }
    }
    if (tag.size) visit(tag.get(el.localName.toLowerCase()));
    if (attr.size) {
      const names = this.#attrNames;
      for (let k = 0; k < names.length; k++) if (el.hasAttribute(names[k]!)) visit(attr.get(names[k]!));
    }
  }
}

/** The descendants of `root` that have a key (an id, class, attribute or tag). */
export function keyedDescendants(
  root: Element | ShadowRoot | Document,
  key: SelectorKey,
  fold: Fold,
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
export function keyedChildren(
  parent: Element | ShadowRoot | Document,
  keys: SelectorKey[],
  fold: Fold,
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
function hasKey(el: Element, key: SelectorKey, fold: Fold): boolean {
  if (key.kind === 'any') return true;
  if (key.kind === 'id') return fold(el.id) === fold(key.value);
  if (key.kind === 'class') {
    if (fold === identity) return el.classList.contains(key.value);
    return Array.from(el.classList).some((c) => fold(c) === fold(key.value));
  }
  if (key.kind === 'tag') return el.localName.toLowerCase() === key.value;
  return el.hasAttribute(key.value);
}
