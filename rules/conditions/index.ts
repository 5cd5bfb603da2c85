/**
 * Conditions on the page, one kind per file, combined with all / any / not.
 */
import type { Condition, ConditionKindName, Target } from '../model';
import { absent } from './absent';
import { all } from './all';
import { any } from './any';
import { exists } from './exists';
import { not } from './not';
import type { ConditionContext, ConditionKind } from './types';
import { url } from './url';
import { value } from './value';

export { type ConditionContext, PATTERNS_PENDING } from './types';

/** Every kind of condition, by its key (`test/unit/registry.test.ts` holds it to the model's list). */
export const CONDITIONS = { exists, absent, url, value, all, any, not } satisfies Record<
  ConditionKindName,
  ConditionKind<never>
>;

const KINDS = CONDITIONS as Record<string, ConditionKind<Condition>>;

function kindOf(condition: Condition): ConditionKind<Condition> | undefined {
  for (const key in condition) {
    if (Object.hasOwn(KINDS, key)) return KINDS[key];
  }
  return undefined;
}

/** Evaluates a condition; an unknown kind never holds. */
export function evaluateCondition(condition: Condition, ctx: ConditionContext): boolean {
  const evaluate = (c: Condition): boolean => kindOf(c)?.evaluate(c, ctx, evaluate) ?? false;
  return evaluate(condition);
}

/**
 * Every target a condition looks at, nested ones included. Targets whose text or value is read
 * (not only whether they are there) are also added to `content`.
 */
export function conditionTargets(condition: Condition, out: Target[] = [], content?: Set<Target>): Target[] {
  const parts = kindOf(condition)?.parts(condition);
  for (const target of parts?.targets ?? []) {
    out.push(target);
    if (parts?.content) content?.add(target);
  }
  for (const child of parts?.children ?? []) conditionTargets(child, out, content);
  return out;
}

/** Whether a condition looks at the URL anywhere. */
export function conditionUsesUrl(condition: Condition): boolean {
  return Object.hasOwn(condition, 'url') || (kindOf(condition)?.parts(condition).children ?? []).some(conditionUsesUrl);
}
