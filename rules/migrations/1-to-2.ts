/**
 * Format 1 → 2: a condition holds one kind (`{ exists }`, …) and combines with all / any / not;
 * `where.when` is one condition instead of a list that all had to hold. Everything else carries
 * over (format 2 only adds optional fields).
 *
 * The input is not validated yet, so anything not shaped as expected is passed on untouched for
 * the format 2 validation to report.
 */
import type { Condition, Rule, RulePack } from '../model';
import type { ChecklistV1, ConditionV1, PackV1, RuleV1, WhereV1 } from './format-1';

const KINDS = ['exists', 'absent', 'url', 'value'] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function condition(c: ConditionV1): Condition {
  if (!isObject(c)) return c as unknown as Condition;
  const kinds = KINDS.filter((k) => Object.hasOwn(c, k));
  const one = (k: (typeof KINDS)[number]) => ({ [k]: c[k] }) as Condition;
  if (kinds.length !== 1) return kinds.length ? { all: kinds.map(one) } : (c as unknown as Condition);
  const others = Object.keys(c).filter((k) => k !== kinds[0]);
  // Unknown keys stay, so the validation can name them.
  return others.length ? (c as unknown as Condition) : one(kinds[0]!);
}

function where(w: WhereV1): Rule['where'] {
  if (!isObject(w) || !Array.isArray(w.when)) return w as unknown as Rule['where'];
  const { when, ...rest } = w;
  if (when.length === 0) return rest;
  return { ...rest, when: when.length === 1 ? condition(when[0]!) : { all: when.map(condition) } };
}

function rule(r: RuleV1): Rule {
  return isObject(r) ? ({ ...r, where: where(r.where) } as Rule) : (r as unknown as Rule);
}

function checklist(c: ChecklistV1): RulePack['checklists'][number] {
  if (!isObject(c)) return c as unknown as RulePack['checklists'][number];
  const items = Array.isArray(c.items)
    ? c.items.map((item) => (isObject(item) ? { ...item, doneWhen: condition(item.doneWhen) } : item))
    : c.items;
  return { ...c, where: where(c.where), items } as RulePack['checklists'][number];
}

export function migrate(pack: PackV1): RulePack {
  return {
    ...pack,
    format: 2,
    rules: Array.isArray(pack.rules) ? pack.rules.map(rule) : pack.rules,
    checklists: Array.isArray(pack.checklists) ? pack.checklists.map(checklist) : pack.checklists,
  };
}
