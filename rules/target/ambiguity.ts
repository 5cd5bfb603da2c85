/**
 * The ambiguity report: targets whose selector matches more than one element on a page, each with
 * the count, the selector that matched and where in the pack it is (a JSON path). Several matches
 * silently mean the first in page order; the report says so, and how to say which one is meant
 * (`nth`) or to narrow the match (`text`, `ariaLabel`). A target with an `nth` beyond its matches is
 * reported too, since it then finds nothing.
 */
import type { Condition, Problem, Rule, Target } from '../model';
import { type DeepQuery, deepQuerier, resolveTarget } from './resolve';

/** One target of a rule, where it sits in the pack. */
interface PlacedTarget {
  path: string;
  target: Target;
}

function conditionTargets(condition: Condition, path: string, out: PlacedTarget[]): void {
  if ('exists' in condition) out.push({ path: `${path}.exists`, target: condition.exists });
  else if ('absent' in condition) out.push({ path: `${path}.absent`, target: condition.absent });
  else if ('value' in condition) out.push({ path: `${path}.value.target`, target: condition.value.target });
  else if ('not' in condition) conditionTargets(condition.not, `${path}.not`, out);
  else if ('all' in condition)
    for (const [i, c] of condition.all.entries()) conditionTargets(c, `${path}.all[${i}]`, out);
  else if ('any' in condition)
    for (const [i, c] of condition.any.entries()) conditionTargets(c, `${path}.any[${i}]`, out);
}

/** Every target of `rule`, with its JSON path under `prefix` (e.g. `rules[3]`). */
export function ruleTargets(rule: Rule, prefix: string): PlacedTarget[] {
  const out: PlacedTarget[] = [];
  if (rule.where.when) conditionTargets(rule.where.when, `${prefix}.where.when`, out);
  if (typeof rule.start === 'object') out.push({ path: `${prefix}.start.target`, target: rule.start.target });
  rule.steps.forEach((step, i) => {
    if (step.target) out.push({ path: `${prefix}.steps[${i}].target`, target: step.target });
    if (typeof step.advance === 'object' && 'appear' in step.advance) {
      out.push({ path: `${prefix}.steps[${i}].advance.appear`, target: step.advance.appear });
    }
  });
  return out;
}

/** A target the report names: where it is, what matched and how often. */
export interface AmbiguousTarget extends Problem {
  ruleId: string;
  /** The selector (or fallback) that found the elements. */
  selector: string;
  count: number;
}

/**
 * The targets of `rules` that match more than one element in `doc` (and those whose `nth` is
 * beyond their matches). `rules` are the pack's, in its order: paths read `rules[i]…`. `page` names
 * the page in the messages (its address, say).
 */
export function ambiguousTargets(
  rules: readonly Rule[],
  doc: Document,
  page = 'this page',
  query: DeepQuery = deepQuerier(),
): AmbiguousTarget[] {
  const found: AmbiguousTarget[] = [];
  rules.forEach((rule, i) => {
    for (const { path, target } of ruleTargets(rule, `rules[${i}]`)) {
      const { elements, via } = resolveTarget(doc, target, query);
      if (!via) continue;
      const count = elements.length;
      const matches = `selector ${JSON.stringify(via)} matches ${count} element${count === 1 ? '' : 's'} on ${page}`;
      if (target.nth === undefined && count > 1) {
        found.push({
          ruleId: rule.id,
          path,
          selector: via,
          count,
          message: `${matches}; the first is used. Say which one with "nth" (1 to ${count}, in page order), or narrow it with "text" or "ariaLabel".`,
        });
      } else if (target.nth !== undefined && target.nth > count) {
        found.push({
          ruleId: rule.id,
          path: `${path}.nth`,
          selector: via,
          count,
          message: `is ${target.nth}, but the ${matches}, so the target finds nothing: write 1 to ${count}.`,
        });
      }
    }
  });
  return found;
}
