/**
 * Searching the help catalog as the person types: by a rule's name and its steps' text, forgiving
 * a typo and matching a word being typed by its start.
 *
 * MiniSearch (an inverted index with prefix and fuzzy term search, BM25 ranking, about 6 KB
 * gzipped) rather than Fuse.js or uFuzzy: at 1,000 rules with several steps each, a keystroke
 * looks up the index's terms instead of scanning every step's text, so its cost grows with the
 * vocabulary, not with how much help there is. Fuse.js scores every document on every keystroke
 * (tens of times slower here); uFuzzy is smaller and quick on short names but scans the whole text
 * too and ranks as if each rule were one line. `bench/panel.ts` measures it beside a plain filter.
 */
import MiniSearch from 'minisearch';
import type { CatalogRule } from '../../messaging/areas/catalog';

/** Finds rule ids for a query, best first. */
export type Search = (query: string) => string[];

/** A rule's searchable text: its steps' titles, brief texts and details (Markdown as words). */
export function stepText(rule: CatalogRule): string {
  return rule.steps.map((s) => [s.title, s.brief, s.detail ?? ''].join('\n')).join('\n');
}

/** Builds the catalog's index (a few milliseconds per hundred rules); search with the result. */
export function catalogSearch(rules: readonly CatalogRule[]): Search {
  const index = new MiniSearch<{ id: string; name: string; text: string }>({
    fields: ['name', 'text'],
    searchOptions: {
      boost: { name: 3 },
      // The word being typed matches by its start; a longer word forgives a typo or two.
      prefix: (term) => term.length >= 2,
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      maxFuzzy: 2,
      combineWith: 'AND',
    },
  });
  index.addAll(rules.map((r) => ({ id: r.id, name: r.name, text: stepText(r) })));
  return (query) => (query.trim() ? index.search(query).map((hit) => String(hit.id)) : rules.map((r) => r.id));
}

/**
 * The baseline the benchmark measures beside it: every rule whose name or step text contains the
 * query, case-insensitively, scanned in full on every keystroke.
 */
export function naiveSearch(rules: readonly CatalogRule[]): Search {
  const texts = rules.map((r) => `${r.name}\n${stepText(r)}`.toLowerCase());
  return (query) => {
    const q = query.trim().toLowerCase();
    return rules.filter((_, i) => texts[i]!.includes(q)).map((r) => r.id);
  };
}
