/**
 * Selector validation for rule authors: syntax (`parse.ts`) plus the pseudo-classes browsers
 * support, in words an author understands. Runs without a DOM (background, editor, server).
 */
import { type Complex, parseSelector, SelectorError } from './parse';

/** Pseudo-classes that Chromium and Firefox both understand in `querySelector`. */
const PSEUDO_CLASSES = new Set(
  (
    'active any-link autofill checked default defined dir disabled empty enabled first-child first-of-type focus ' +
    'focus-visible focus-within fullscreen has host host-context hover in-range indeterminate invalid is lang ' +
    'last-child last-of-type link modal not nth-child nth-last-child nth-last-of-type nth-of-type only-child ' +
    'only-of-type optional out-of-range placeholder-shown popover-open read-only read-write ' +
    'required root scope state target user-invalid user-valid valid visited where open'
  ).split(' '),
);

/** Pseudo-classes that only work with an argument, and those that never take one. */
const NEEDS_ARGUMENT = new Set(['dir', 'has', 'host-context', 'is', 'lang', 'not', 'state', 'where']);
const HINTS: Record<string, string> = {
  paused: 'Chromium does not support it; target the media element itself',
  playing: 'Chromium does not support it; target the media element itself',
  contains: 'match text with the target\'s "text" field instead',
  eq: 'use :nth-child() or :nth-of-type() instead',
  first: 'use :first-child or :first-of-type instead',
  last: 'use :last-child or :last-of-type instead',
  visible: 'CSS cannot test visibility; use a more specific selector',
  matches: 'use :is() instead',
};

function checkList(list: Complex[], top: boolean, inHas = false): string | null {
  for (const complex of list) {
    for (const compound of complex.compounds) {
      for (const p of compound.pseudos) {
        if (p.name === 'has' && inHas) return '":has()" cannot be nested inside another ":has()"';
        if (p.element) {
          return top
            ? `targets must be elements, not the pseudo-element "::${p.name}"`
            : `"::${p.name}" cannot be used inside a pseudo-class`;
        }
        if (!PSEUDO_CLASSES.has(p.name)) {
          const hint = HINTS[p.name];
          return `":${p.name}" is not a CSS pseudo-class${hint ? ` (${hint})` : ''}`;
        }
        const hasArg = p.selectors !== undefined || p.raw !== undefined;
        if (NEEDS_ARGUMENT.has(p.name) && !hasArg) return `":${p.name}" needs an argument in parentheses`;
        if (!NEEDS_ARGUMENT.has(p.name) && !/^nth-|^host$/.test(p.name) && hasArg)
          return `":${p.name}" takes no argument`;
        if (p.name === 'dir' && !/^\s*(ltr|rtl)\s*$/i.test(p.raw ?? '')) return '":dir()" takes ltr or rtl';
        if (p.name === 'lang' && /^\s*(""|'')?\s*$/.test(p.raw ?? ''))
          return '":lang()" needs a language, as in :lang(en)';
        if (/-of-type$/.test(p.name) && p.selectors) {
          return `":${p.name}()" takes no "of" part (only :nth-child() and :nth-last-child() do)`;
        }
        if (p.selectors) {
          const inner = checkList(p.selectors, false, inHas || p.name === 'has');
          if (inner) return inner;
        }
      }
    }
  }
  return null;
}

/** An XPath expression, and the CSS selector (and target fields) it most likely means. */
function xpathProblem(selector: string): string | null {
  const s = selector.trim();
  if (!/^\(?\.{0,2}\/|\[@|text\(\)/.test(s)) return null;
  const m = /^\(?\.?\/\/?([\w-]+|\*)(?:\[(.*)\])?\)?(?:\[\d+\])?$/.exec(s);
  const tag = m?.[1] === '*' ? '' : (m?.[1] ?? '');
  const test = m?.[2] ?? '';
  const attr = /^@([\w-]+)\s*=\s*(['"])(.*)\2$/.exec(test);
  const text =
    /^(?:(?:normalize-space\()?(?:text\(\)|\.)\)?\s*=\s*|contains\((?:text\(\)|\.)\s*,\s*)(['"])(.*?)\1\)?$/.exec(test);
  let instead = 'a CSS selector (#id, tag[name="…"], [data-testid="…"]) and the target\'s "text" or "ariaLabel" fields';
  if (m && !test) instead = `"${tag || '*'}"`;
  else if (attr) instead = attr[1] === 'id' ? `"${tag}#${attr[3]}"` : `"${tag}[${attr[1]}=\\"${attr[3]}\\"]"`;
  else if (text) {
    const contains = test.startsWith('contains');
    instead = `"${tag || '*'}" with "text": "${text[2]}"${contains ? ', "textMatch": "contains"' : ''}`;
  }
  return `XPath is not supported: write ${instead}`;
}

/**
 * Checks a selector as a target: returns `null` when it is valid, otherwise why not
 * (`unexpected ">" after ">"`). Never throws.
 */
export function selectorProblem(selector: string): string | null {
  const xpath = xpathProblem(selector);
  if (xpath) return xpath;
  try {
    return checkList(parseSelector(selector), true);
  } catch (e) {
    if (e instanceof SelectorError) return e.reason;
    return 'it could not be read';
  }
}
