/**
 * Text and label filters: what makes an element stable when its selector alone is not — a
 * button's words, a field's label. A filter is offered only where the wording is the app's own,
 * not data (names, amounts, dates change with every record).
 */
import { accessibleName, normalizeText } from '../dom';
import { tagSelector } from './css';
import { clip, collapse } from './describe';
import { dataLikeText, stableHref } from './stability';

export interface FilterDraft {
  /** The element's own selector the filter narrows: its tag, with `type` for inputs. */
  selector: string;
  text?: string;
  ariaLabel?: string;
  stability: number;
  words: string;
  kind: 'label' | 'text';
}

/** Controls whose words name them; their text is the app's wording. */
const CONTROL_TAGS = new Set(['button', 'a', 'summary', 'option']);
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'switch',
  'treeitem',
]);
/** Elements that name a part of the page: labels, legends, column headers, terms. */
const CAPTION_TAGS = new Set(['label', 'legend', 'th', 'dt', 'caption', 'figcaption', 'optgroup']);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** The selector a filter narrows: the tag, and the `type` of an input (a checkbox is not a text field). */
export function ownSelector(el: Element): string {
  const tag = tagSelector(el);
  if (el.localName === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    return /^[a-z-]+$/.test(type) && type !== 'text' ? `${tag}[type="${type}"]` : tag;
  }
  const role = el.getAttribute('role');
  return role && /^[a-z]+$/.test(role) ? `${tag}[role="${role}"]` : tag;
}

/** The element's label as written on the page (for words), when it has one from outside itself. */
function labelText(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const ids = el.getAttribute('aria-labelledby');
  if (ids) {
    const text = ids
      .split(/\s+/)
      .map((id) => (id && root.getElementById?.(id)?.textContent) || '')
      .join(' ');
    if (text.trim()) return collapse(text);
  }
  const labels = (el as HTMLInputElement).labels;
  if (labels?.length) return collapse(Array.from(labels, (l) => l.textContent ?? '').join(' '));
  const title = el.getAttribute('title');
  return title ? collapse(title) : '';
}

/** The filters that could make `el` stable, most stable first. */
export function filtersOf(el: Element): FilterDraft[] {
  const out: FilterDraft[] = [];
  const selector = ownSelector(el);
  // aria-label is a selector feature already; a label from elsewhere needs the filter.
  if (!el.getAttribute('aria-label')?.trim()) {
    const label = labelText(el);
    if (label && accessibleName(el) === normalizeText(label) && !dataLikeText(label))
      out.push({
        selector,
        ariaLabel: label,
        stability: 84,
        words: `by its label “${clip(label, 50)}”`,
        kind: 'label',
      });
  }
  const role = el.getAttribute('role') ?? '';
  const tag = el.localName;
  let stability = 0;
  if (CONTROL_TAGS.has(tag) || CONTROL_ROLES.has(role)) stability = 80;
  else if (CAPTION_TAGS.has(tag)) stability = 76;
  // A heading often shows the record's name: the only h1 (56) is safer than its words.
  else if (HEADING_TAGS.has(tag) || role === 'heading') stability = 54;
  if (stability) {
    const text = collapse(el.textContent ?? '');
    // A link to one record (`/accounts/17`) shows that record's name: data, not wording.
    const href = tag === 'a' ? el.getAttribute('href') : null;
    const toRecord = href !== null && stableHref(href)?.exact === false;
    if (text && !dataLikeText(text) && !toRecord)
      out.push({ selector, text, stability, words: `by its text “${clip(text, 50)}”`, kind: 'text' });
  }
  return out;
}
