/**
 * A site's part of the packs, as the side panel lists and searches it: the published walkthroughs
 * and tips that may apply on the site, its checklists, and each rule's searchable words. Worked out
 * once per version of the packs (a new `LiveContent` after any change) and site: testing a
 * thousand rules' patterns and copying them for the catalog took a third of the panel's answer,
 * and a panel asks again each time its page changes.
 */
import type { CatalogRule, CatalogText } from '../../messaging/areas/catalog';
import type { Checklist, Rule } from '../../rules/index';
import type { LiveContent } from '../store';
import { checklistsById } from './checklists';
import type { OriginFilter } from './store';

export interface SitePart {
  rules: Rule[];
  catalog: CatalogRule[];
  checklists: Checklist[];
  /** The catalog's searchable words, worked out when first asked for. */
  texts(): CatalogText[];
}

const startOf = (rule: Rule): CatalogRule['start'] => (typeof rule.start === 'object' ? 'trigger' : rule.start);

/** A rule as the catalog lists it (its words for the search come apart: `catalogText`). */
export function catalogRule(rule: Rule): CatalogRule {
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    start: startOf(rule),
    urls: rule.where.urls,
    steps: rule.steps.length,
  };
}

/** A rule's searchable words besides its name: its steps' titles, brief texts and details. */
export function catalogText(rule: Rule): CatalogText {
  return {
    id: rule.id,
    text: rule.steps.map((s) => [s.title, s.brief, s.detail ?? ''].join('\n')).join('\n'),
  };
}

/** The rules of `rules` that the catalog lists on `url`'s site. */
export const catalogRules = (rules: readonly Rule[], url: string, mayApply: OriginFilter): Rule[] =>
  rules.filter((r) => r.kind !== 'hint' && mayApply(r, url));

/** Sites' parts of the packs, kept for the packs' current version. */
export class SiteParts {
  private readonly parts = new WeakMap<LiveContent, { ids: Set<string>; sites: Map<string, SitePart> }>();

  constructor(private readonly mayApply: OriginFilter) {}

  /** `url`'s site's part of `content`, and the ids of all of `content`'s rules. */
  of(content: LiveContent, url: string): { ids: ReadonlySet<string>; part: SitePart } {
    let byContent = this.parts.get(content);
    if (!byContent) {
      byContent = { ids: new Set(content.rules.map((r) => r.id)), sites: new Map() };
      this.parts.set(content, byContent);
    }
    const origin = new URL(url).origin;
    let part = byContent.sites.get(origin);
    if (!part) {
      const rules = catalogRules(content.rules, url, this.mayApply);
      let texts: CatalogText[] | undefined;
      part = {
        rules,
        catalog: rules.map(catalogRule),
        checklists: [...checklistsById(content.checklists.filter((c) => this.mayApply(c, url))).values()],
        texts: () => {
          texts ??= rules.map(catalogText);
          return texts;
        },
      };
      byContent.sites.set(origin, part);
    }
    return { ids: byContent.ids, part };
  }
}
