/**
 * Searching the help catalog as the person types: by a rule's name and its steps' text, forgiving
 * a typo in a longer word and matching the words being typed by their start.
 *
 * MiniSearch (an inverted index in a radix tree with prefix and fuzzy term search and BM25
 * ranking; no dependencies, no `engines` limit, about 6 KB gzipped in the side panel's bundle)
 * rather than Fuse.js or uFuzzy: at 1,000 rules with several steps each, a keystroke looks up the
 * index's terms instead of scanning every step's text, so its cost grows with the vocabulary, not
 * with how much help there is. Fuse.js scores every document on every keystroke (tens of times
 * slower here); uFuzzy is smaller and quick on short names but scans the whole text too and ranks
 * as if each rule were one line. `bench/panel.ts` measures it beside a plain filter.
 *
 * The index is built once per catalog, in slices between frames (`CatalogIndex.prepare`), so
 * neither opening the panel nor the first keystroke waits for it: a keystroke that comes before
 * it is done finishes the remaining slices first.
 */
import MiniSearch from 'minisearch';
import type { CatalogRule } from '../../messaging/areas/catalog';

/**
 * Finds rule ids for a query, best first; the whole catalog, in its order, for a query with no
 * word long enough to look up yet (`TOO_SHORT` says which).
 */
export type Search = (query: string) => string[];

/** Words shorter than this are not looked up (a letter matches half the vocabulary by its start). */
export const MIN_WORD = 2;
/** Words this long or longer forgive a typo: one edit up to 7 letters, two from 8 (`FUZZY`). */
export const FUZZY_FROM = 5;
const FUZZY = 0.2;
const MAX_EDITS = 2;
/** Rules indexed per slice while the panel is idle (a few milliseconds each). */
const SLICE = 80;

type Doc = { id: string; name: string; text: string };

/** Each rule's searchable words besides its name (`catalog.texts`), by rule id. */
export type CatalogTextMap = ReadonlyMap<string, string>;

/** The words of a query that are looked up (lower case, at least `MIN_WORD` letters). */
export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s\p{P}\p{S}]+/u)
    .filter((word) => word.length >= MIN_WORD);
}

/** Whether a query has something to look up: a query of single letters lists the whole catalog. */
export const searchable = (query: string): boolean => queryWords(query).length > 0;

/** The catalog's search index: built once per catalog, searched on every keystroke. */
export class CatalogIndex {
  private readonly index = new MiniSearch<Doc>({
    fields: ['name', 'text'],
    searchOptions: {
      boost: { name: 3 },
      // Every word matches by its start (the one being typed, and "addr" for "address"); a longer
      // word also forgives a typo or two (by edit distance, bounded).
      prefix: true,
      fuzzy: (term) => (term.length >= FUZZY_FROM ? FUZZY : false),
      maxFuzzy: MAX_EDITS,
      combineWith: 'AND',
    },
  });
  private readonly ids: string[];
  private next = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly rules: readonly CatalogRule[],
    private readonly texts: CatalogTextMap,
  ) {
    this.ids = rules.map((r) => r.id);
  }

  /** Whether every rule is indexed. */
  get ready(): boolean {
    return this.next >= this.rules.length;
  }

  /** Indexes up to `count` more rules. */
  private addSlice(count: number): void {
    const end = Math.min(this.rules.length, this.next + count);
    for (; this.next < end; this.next++) {
      const rule = this.rules[this.next]!;
      this.index.add({ id: rule.id, name: rule.name, text: this.texts.get(rule.id) ?? '' });
    }
  }

  /** Builds the index a slice per task, leaving the page free to draw and answer in between. */
  prepare(): void {
    if (this.ready || this.timer !== undefined) return;
    const step = () => {
      this.timer = undefined;
      this.addSlice(SLICE);
      if (!this.ready) this.timer = setTimeout(step, 0);
    };
    this.timer = setTimeout(step, 0);
  }

  /** Stops building in the background (a new catalog replaced this one). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Rule ids for `query`, best first; every rule, in order, while no word is long enough. */
  search(query: string): string[] {
    const words = queryWords(query);
    if (!words.length) return this.ids;
    if (!this.ready) {
      this.dispose();
      this.addSlice(this.rules.length);
    }
    return this.index.search(words.join(' ')).map((hit) => String(hit.id));
  }
}

/** The catalog's index, built at once; search with the result. */
export function catalogSearch(rules: readonly CatalogRule[], texts: CatalogTextMap): Search {
  const index = new CatalogIndex(rules, texts);
  return (query) => index.search(query);
}

/**
 * The search while the catalog's words are on their way (the panel asks for them once its lists
 * are drawn): the rules whose name has every word of the query, by its start.
 */
export function nameSearch(rules: readonly CatalogRule[]): Search {
  const names = rules.map((r) => queryWords(r.name));
  const ids = rules.map((r) => r.id);
  return (query) => {
    const words = queryWords(query);
    if (!words.length) return ids;
    return ids.filter((_, i) => words.every((w) => names[i]!.some((n) => n.startsWith(w))));
  };
}

/**
 * The baseline the benchmark measures beside it: every rule whose name or step text contains the
 * query, case-insensitively, scanned in full on every keystroke.
 */
export function naiveSearch(rules: readonly CatalogRule[], texts: CatalogTextMap): Search {
  const all = rules.map((r) => `${r.name}\n${texts.get(r.id) ?? ''}`.toLowerCase());
  return (query) => {
    const q = query.trim().toLowerCase();
    return rules.filter((_, i) => all[i]!.includes(q)).map((r) => r.id);
  };
}
