/**
 * Rules as an author makes them: a new tip or hint on a picked element, and the checks a rule in
 * the making gets as it is edited — the same checks and JSON paths as importing a pack.
 */
import type { Problem, Rule, RuleKind, Target } from '../model';
import { parsePack } from '../parse-pack';
import { suggestUrlPattern } from './where';

/** A rule id from its name: lower case words, and a short random part so two tips never collide. */
export function ruleIdFor(name: string, random: string): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${words || 'rule'}-${random}`;
}

export interface NewRuleInput {
  kind: RuleKind;
  /** The picked element's target. */
  target: Target;
  /** The page it was picked on. */
  url: string;
  /** Words for the element ("the Amount field"), for a first title. */
  elementName?: string;
  /** A random part for the id (`crypto.randomUUID().slice(0, 8)`). */
  random: string;
  /** ISO date-time. */
  now: string;
}

const WORDS: Record<RuleKind, string> = { tip: 'Tip', hint: 'Hint', walkthrough: 'Walkthrough' };

/**
 * A new draft on one element, on the pages like the one it was picked on: a tip or hint on it, or
 * a walkthrough whose first step is on it. A walkthrough starts from the help catalog until its
 * author says otherwise: one that starts by itself before it is written would get in the way.
 */
export function newRule({ kind, target, url, elementName, random, now }: NewRuleInput): Rule {
  const name = elementName ? `${WORDS[kind]}: ${elementName}` : `New ${kind}`;
  return {
    id: ruleIdFor(name, random),
    name,
    kind,
    status: 'draft',
    where: { urls: [suggestUrlPattern(url)] },
    start: kind === 'walkthrough' ? 'manual' : 'auto',
    steps: [{ id: 'step-1', target, title: '', brief: '' }],
    updatedAt: now,
  };
}

/**
 * Every problem with one rule, as importing it in a pack would report it, with paths from the
 * rule itself (`steps[0].target.selector`, `where.urls[0]`). An empty list: the rule is valid.
 */
export function ruleProblems(rule: unknown): Problem[] {
  const { problems } = parsePack({ format: 2, id: 'draft', name: 'Draft', version: 1, rules: [rule], checklists: [] });
  return problems.map((p) => ({ ...p, path: p.path.replace(/^rules\[0\]\.?/, '') }));
}
