/**
 * What an element offers to be found by, one feature at a time, each a CSS compound with how
 * stable it is (0–100) and words for the author. Only values that survive re-renders and releases
 * become features (see `stability.ts`); text and labels are filters (`filters.ts`).
 */
import { attrSelector, classSelector, idSelector, tagSelector } from './css';
import { clip, collapse } from './describe';
import type { CandidateKind } from './kinds';
import {
  dataLikeText,
  ID_REFERENCES,
  STATE_ATTRIBUTES,
  stableHref,
  TEST_ID_ATTRIBUTES,
  unstableClass,
  unstableName,
} from './stability';

export type { CandidateKind };

/** One way to find an element with a selector alone. */
export interface Feature {
  kind: CandidateKind;
  /** A CSS compound selector (`input[name="amount"]`, `#search`, `nav[aria-label="Main"]`). */
  selector: string;
  /** 0–100: how likely it still finds the element after a reload and a release. */
  stability: number;
  /** "by its test id “save”". */
  words: string;
}

/** Tags that are usually one of a kind on a page, or mark a region of it. */
const LANDMARK_TAGS = new Set([
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'form',
  'dialog',
  'table',
  'h1',
  'textarea',
  'select',
  'iframe',
  'fieldset',
  'thead',
  'tbody',
  'tfoot',
  'menu',
  'search',
]);

/** Elements whose `name` attribute names them for the app. */
const NAMED_TAGS = new Set([
  'input',
  'select',
  'textarea',
  'button',
  'form',
  'fieldset',
  'iframe',
  'output',
  'object',
  'map',
  'slot',
]);

/** Attributes whose value is wording for people (checked like text). */
const TEXT_ATTRIBUTES: Record<string, [number, string]> = {
  placeholder: [76, 'its placeholder'],
  title: [74, 'its tooltip'],
  alt: [76, 'its alternative text'],
  'aria-placeholder': [72, 'its placeholder'],
  'aria-roledescription': [60, 'its role description'],
};

/** Attributes whose value is a fixed keyword set by the app's code. */
const KEYWORD_ATTRIBUTES: Record<string, [number, string]> = {
  autocomplete: [78, 'its autofill kind'],
  role: [62, 'its role'],
  type: [50, 'its type'],
  inputmode: [50, 'its input mode'],
  'aria-modal': [56, 'being modal'],
  'aria-haspopup': [52, 'opening a pop-up'],
  'aria-level': [50, 'its level'],
  'aria-orientation': [45, 'its orientation'],
  'aria-required': [45, 'being required'],
  'aria-multiline': [45, 'being multi-line'],
  'aria-autocomplete': [50, 'its suggestions'],
  scope: [40, 'its scope'],
  method: [40, 'its method'],
  rel: [40, 'its link relation'],
  enctype: [35, 'its encoding'],
  accept: [50, 'the files it accepts'],
  multiple: [40, 'taking several values'],
  required: [40, 'being required'],
  readonly: [35, 'being read-only'],
};

/** Attributes whose value is an address inside the app. */
const ROUTE_ATTRIBUTES: Record<string, [number, string]> = {
  src: [72, 'its source'],
  action: [76, 'where it submits'],
  formaction: [72, 'where it submits'],
};

export interface FeatureOptions {
  /** The page's origin, to write same-origin links as paths. */
  origin?: string;
  /** Attributes never to read (for example one a test harness sets). */
  ignoreAttribute?: (name: string) => boolean;
}

const quote = (value: string): string => `“${clip(collapse(value), 50)}”`;

/** The element's features, most stable first. */
export function featuresOf(el: Element, options: FeatureOptions = {}): Feature[] {
  const tag = tagSelector(el);
  const out: Feature[] = [];
  const ignored = (name: string) => options.ignoreAttribute?.(name) ?? false;
  const add = (kind: CandidateKind, selector: string, stability: number, words: string) =>
    out.push({ kind, selector, stability, words });

  for (const name of TEST_ID_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value !== null && !ignored(name) && !unstableName(value))
      add('test-id', attrSelector(name, value), 98, `by its test id ${quote(value)}`);
  }
  const id = el.getAttribute('id');
  if (id && !ignored('id') && !unstableName(id)) add('id', idSelector(id), 90, `by its id ${quote(id)}`);
  const name = el.getAttribute('name');
  if (name && NAMED_TAGS.has(el.localName) && !ignored('name') && !unstableName(name))
    add('name', `${tag}${attrSelector('name', name)}`, 90, `by its field name ${quote(name)}`);
  const ariaLabel = el.getAttribute('aria-label');
  if (ariaLabel?.trim() && !ignored('aria-label') && !dataLikeText(ariaLabel))
    add('aria-label', `${tag}${attrSelector('aria-label', ariaLabel)}`, 86, `by its label ${quote(ariaLabel)}`);
  if (el.localName === 'a' && el.hasAttribute('href') && !ignored('href')) {
    const href = stableHref(el.getAttribute('href') ?? '', options.origin);
    if (href?.exact) add('link', `a${attrSelector('href', href.value)}`, 84, `by where it links: ${quote(href.value)}`);
    else if (href)
      add(
        'link',
        `a${attrSelector('href', href.value, '^=')}`,
        60,
        `by where it links: a page under ${quote(href.value)}`,
      );
  }

  for (const attr of Array.from(el.attributes)) {
    const n = attr.name;
    const value = attr.value;
    if (ignored(n) || STATE_ATTRIBUTES.has(n) || TEST_ID_ATTRIBUTES.includes(n)) continue;
    if (n === 'name' || n === 'aria-label' || n === 'href') continue;
    if (ID_REFERENCES.has(n)) {
      const ids = value.split(/\s+/).filter(Boolean);
      if (n === 'for' && ids.length === 1 && !unstableName(ids[0]!))
        add('attribute', `${tag}${attrSelector(n, value)}`, 82, `as the label of the field ${quote(value)}`);
      continue;
    }
    const text = TEXT_ATTRIBUTES[n];
    if (text) {
      if (value.trim() && !dataLikeText(value))
        add('attribute', `${tag}${attrSelector(n, value)}`, text[0], `by ${text[1]} ${quote(value)}`);
      continue;
    }
    const keyword = KEYWORD_ATTRIBUTES[n];
    if (keyword) {
      if (value.length <= 40 && !unstableName(value || n))
        add(
          'attribute',
          `${tag}${value ? attrSelector(n, value) : attrSelector(n)}`,
          keyword[0],
          `by ${keyword[1]}${value ? ` ${quote(value)}` : ''}`,
        );
      continue;
    }
    const route = ROUTE_ATTRIBUTES[n];
    if (route) {
      const href = stableHref(value, options.origin);
      if (href)
        add(
          'attribute',
          `${tag}${attrSelector(n, href.value, href.exact ? '=' : '^=')}`,
          href.exact ? route[0] : route[0] - 20,
          `by ${route[1]} ${quote(href.value)}`,
        );
      continue;
    }
    if (n.startsWith('data-')) {
      if (value && !unstableName(value) && !dataLikeText(value) && value.length <= 60)
        add('attribute', `${tag}${attrSelector(n, value)}`, 74, `by its ${n} ${quote(value)}`);
      else add('attribute', `${tag}${attrSelector(n)}`, 40, `by having a ${n}`);
    }
  }

  for (const cls of Array.from(el.classList)) {
    if (!ignored('class') && !unstableClass(cls))
      add('class', `${tag}${classSelector(cls)}`, 60, `by its class ${quote(cls)}`);
  }
  return out.sort((a, b) => b.stability - a.stability);
}

/** The element's tag alone, with how much it says about the element. */
export function tagFeature(el: Element): Feature {
  const generic = el.localName === 'div' || el.localName === 'span';
  return {
    kind: 'tag',
    selector: tagSelector(el),
    stability: LANDMARK_TAGS.has(el.localName) ? 56 : generic ? 24 : 40,
    words: `as the only ${el.localName} element on the page`,
  };
}
