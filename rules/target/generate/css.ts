/**
 * Writing CSS selector parts for values read from the page, without the DOM's `CSS.escape`
 * (the generator runs in Node tests too).
 */

/** A quoted CSS string for an attribute value. */
export function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ').replace(/\r/g, '\\d ')}"`;
}

/** An identifier written as is when it needs no escaping, or `null`. */
export function plainIdent(value: string): string | null {
  return /^-?[_a-zA-Z][_a-zA-Z0-9-]*$/.test(value) && !/^--/.test(value) ? value : null;
}

/** `[name="value"]`, or `[name]` for presence. */
export const attrSelector = (name: string, value?: string, op = '='): string =>
  value === undefined ? `[${name}]` : `[${name}${op}${cssString(value)}]`;

/** `#id` when the id is a plain identifier, `[id="…"]` otherwise. */
export function idSelector(id: string): string {
  const plain = plainIdent(id);
  return plain ? `#${plain}` : attrSelector('id', id);
}

/** `.class` when plain, `[class~="…"]` otherwise. */
export function classSelector(name: string): string {
  const plain = plainIdent(name);
  return plain ? `.${plain}` : attrSelector('class', name, '~=');
}

/** A tag name as a selector (custom elements included). */
export const tagSelector = (el: Element): string => (plainIdent(el.localName) ? el.localName : '*');
