/**
 * What each engine computes for one rule: whether it applies and where its due step's targets are.
 */
import { type ConditionContext, conditionTargets, evaluateCondition, PATTERNS_PENDING } from '../conditions';
import type { ActiveRule, EngineChange, Resolution } from '../engine-api';
import type { Rule, Target } from '../model';
import { sameResolution } from './resolution';

/** The due step, with the pointer clamped to the rule's steps. */
export const dueStep = (rule: Rule, pointer: number | undefined): number =>
  Math.max(0, Math.min(pointer ?? 0, rule.steps.length - 1));

/** Every target the engine must watch for a rule at a step; those whose content is read go to `content`. */
export function watchedTargets(rule: Rule, stepIndex: number, content?: Set<Target>): Target[] {
  const out = rule.where.when ? conditionTargets(rule.where.when, [], content) : [];
  const step = rule.steps[stepIndex];
  if (step?.target) out.push(step.target);
  if (typeof rule.start === 'object' && rule.start.target) out.push(rule.start.target);
  if (step?.advance && typeof step.advance === 'object' && 'appear' in step.advance) out.push(step.advance.appear);
  return out;
}

/**
 * The rule as it stands, or `null` when its `when` condition does not hold; `undefined` while the
 * condition waits for the pattern engine (the rule does not apply yet).
 */
export function viewRule(rule: Rule, stepIndex: number, ctx: ConditionContext): ActiveRule | null | undefined {
  try {
    if (rule.where.when && !evaluateCondition(rule.where.when, ctx)) return null;
  } catch (e) {
    if (e === PATTERNS_PENDING) return undefined;
    throw e;
  }
  const step = rule.steps[stepIndex];
  const view: ActiveRule = { rule, stepIndex, target: step?.target ? ctx.resolve(step.target) : null };
  if (typeof rule.start === 'object' && rule.start.target) view.startTarget = ctx.resolve(rule.start.target);
  if (step?.advance && typeof step.advance === 'object' && 'appear' in step.advance) {
    view.advanceTarget = ctx.resolve(step.advance.appear);
  }
  return view;
}

function sameView(a: ActiveRule, b: ActiveRule): boolean {
  return (
    a.stepIndex === b.stepIndex &&
    sameResolution(a.target, b.target) &&
    sameResolution(a.startTarget, b.startTarget) &&
    sameResolution(a.advanceTarget, b.advanceTarget)
  );
}

/** Adds one rule's change between two views to `change`. */
export function diffView(
  id: string,
  before: ActiveRule | null | undefined,
  after: ActiveRule | null | undefined,
  change: EngineChange,
): void {
  if (!before && after) change.entered.push(id);
  else if (before && !after) change.left.push(id);
  else if (before && after && !sameView(before, after)) change.targets.push(id);
}

export const emptyChange = (): EngineChange => ({ entered: [], left: [], targets: [] });

/** Active rules, highest priority first, then in the order they were given. */
export function byPriority(views: Iterable<ActiveRule>, order: ReadonlyMap<string, number>): ActiveRule[] {
  return [...views].sort(
    (a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || order.get(a.rule.id)! - order.get(b.rule.id)!,
  );
}

export type { Resolution };
