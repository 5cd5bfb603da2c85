/**
 * Checks across fields that a schema cannot express, run on a rule that passed the schema.
 */
import type { Problem, Rule } from '../model';

/** Problems with paths relative to the rule (`steps[1].validate`). */
export function ruleProblems(rule: Rule): Problem[] {
  const problems: Problem[] = [];
  if (rule.kind !== 'walkthrough' && rule.steps.length !== 1) {
    problems.push({
      path: 'steps',
      message: `a ${rule.kind} has exactly one step (this one has ${rule.steps.length})`,
    });
  }
  const ids = new Map<string, number>();
  rule.steps.forEach((step, i) => {
    if (rule.kind !== 'walkthrough' && !step.target) {
      problems.push({ path: `steps[${i}].target`, message: `is required: a ${rule.kind} sits beside an element` });
    }
    if (step.validate && rule.kind === 'tip') {
      problems.push({
        path: `steps[${i}].validate`,
        message: 'is for hints, and for walkthrough steps that advance on "input-target"',
      });
    }
    if (step.validate && rule.kind === 'walkthrough' && step.advance !== 'input-target') {
      problems.push({
        path: `steps[${i}].validate`,
        message:
          'checks what is typed: give the step "advance": "input-target" (it then moves on only on a valid value)',
      });
    }
    if (step.id !== undefined) {
      const first = ids.get(step.id);
      if (first !== undefined) {
        problems.push({ path: `steps[${i}].id`, message: `"${step.id}" is already the id of steps[${first}]` });
      } else ids.set(step.id, i);
    }
  });
  return problems;
}
