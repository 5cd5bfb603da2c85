/**
 * An element in words, as an author reads it: its role and accessible name ("button “Log a
 * call”", "text field “Amount (USD)”"). The role and name follow the ARIA specifications
 * (dom-accessibility-api, the library Testing Library uses).
 */
import { computeAccessibleName, getRole } from 'dom-accessibility-api';

/** An element's role, accessible name and tag, and a phrase naming it. */
export interface ElementSummary {
  tag: string;
  /** The ARIA role, explicit or implicit (`button`, `textbox`, `link`…), or '' for none. */
  role: string;
  /** The accessible name, whitespace collapsed (may be ''). */
  name: string;
  /** "button “Log a call”", "text field “Amount (USD)”", "div". */
  phrase: string;
}

const ROLE_WORDS: Record<string, string> = {
  textbox: 'text field',
  searchbox: 'search field',
  combobox: 'drop-down',
  listbox: 'list box',
  spinbutton: 'number field',
  checkbox: 'checkbox',
  radio: 'radio button',
  switch: 'switch',
  link: 'link',
  button: 'button',
  heading: 'heading',
  img: 'image',
  navigation: 'navigation',
  main: 'main content',
  banner: 'page header',
  contentinfo: 'page footer',
  complementary: 'side content',
  region: 'region',
  form: 'form',
  dialog: 'dialog',
  alertdialog: 'alert',
  tab: 'tab',
  tablist: 'tabs',
  tabpanel: 'tab panel',
  menuitem: 'menu item',
  menu: 'menu',
  option: 'option',
  row: 'row',
  cell: 'cell',
  gridcell: 'cell',
  columnheader: 'column header',
  rowheader: 'row header',
  table: 'table',
  grid: 'grid',
  list: 'list',
  listitem: 'list item',
  group: 'group',
  status: 'status message',
  alert: 'alert',
  term: 'term',
  definition: 'definition',
  paragraph: 'paragraph',
};

/** How long a name may be in a phrase before it is cut. */
const NAME_IN_PHRASE = 60;

export const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Cuts `text` to `max` characters with an ellipsis. */
export function clip(text: string, max = NAME_IN_PHRASE): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The element's ARIA role ('' when it has none). */
export function roleOf(el: Element): string {
  try {
    return getRole(el) ?? '';
  } catch {
    return '';
  }
}

/** The element's accessible name, whitespace collapsed. */
export function nameOf(el: Element): string {
  try {
    return collapse(computeAccessibleName(el));
  } catch {
    return '';
  }
}

/** Words for a role: "text field" for textbox, the role itself otherwise. */
export const roleWords = (role: string): string => ROLE_WORDS[role] ?? role;

/** Summarises `el` for the picker's label and the candidates' words. */
export function summarize(el: Element): ElementSummary {
  const tag = el.localName;
  const role = roleOf(el);
  const name = nameOf(el);
  const what = role && role !== 'generic' && role !== 'presentation' && role !== 'none' ? roleWords(role) : tag;
  // Without a name, a short own text still says which one it is (a label, a term, a cell).
  const text = name || (el.children.length <= 3 ? collapse(el.textContent ?? '') : '');
  return { tag, role, name, phrase: text ? `${what} “${clip(text)}”` : what };
}
