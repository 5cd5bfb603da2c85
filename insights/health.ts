/** Content health: whether each rule's targets are found, from probes and real runs. */
import type { RuleCounts } from './aggregate';
import type { HealthStatus, ProbeRow, ProbeState, RuleHealth, RuleInfo, StepHealth } from './model';

/** A step whose target was missing on at least this share of the pages probed is failing. */
export const FAILING_SHARE = 0.2;
/** …and ambiguous (several matches) on at least this share. */
export const AMBIGUOUS_SHARE = 0.2;

/** Worst first. */
export const STATUS_ORDER: Record<HealthStatus, number> = { failing: 0, ambiguous: 1, working: 2, unchecked: 3 };

/**
 * One rule's content health from its probes in the range, the latest probe state, and the
 * `target-missing` counts of real runs (a run that could not find a step's target is a miss too).
 */
export function healthOf(
  rule: RuleInfo,
  probes: readonly ProbeRow[],
  states: ReadonlyMap<string, ProbeState>,
  counts: RuleCounts | undefined,
): RuleHealth {
  const steps: StepHealth[] = rule.steps.map((step) => {
    let found = 0;
    let ambiguous = 0;
    let missing = counts?.step(step.id, 'target-missing') ?? 0;
    // A run that showed the step found its target (or the step has none).
    const shown = counts?.step(step.id, 'shown') ?? 0;
    const via = new Map<string, number>();
    for (const p of probes) {
      if (p.stepId !== step.id) continue;
      found += p.found;
      ambiguous += p.ambiguous;
      missing += p.missing;
      for (const [way, n] of Object.entries(p.via)) via.set(way, (via.get(way) ?? 0) + n);
    }
    const probesTotal = found + ambiguous + missing;
    const state = states.get(step.id);
    const missingShare = probesTotal ? missing / probesTotal : 0;
    let status: HealthStatus;
    if (!step.selector && !probesTotal) status = shown ? 'working' : 'unchecked';
    else if (!probesTotal) status = 'unchecked';
    else if (missingShare >= FAILING_SHARE || state?.missingSince !== undefined) status = 'failing';
    else if (ambiguous / probesTotal >= AMBIGUOUS_SHARE) status = 'ambiguous';
    else status = 'working';
    let suggestion: StepHealth['suggestion'];
    for (const [way, pages] of via) {
      if (way === step.selector) continue;
      if (!suggestion || pages > suggestion.pages) suggestion = { via: way, pages };
    }
    return {
      stepId: step.id,
      title: step.title,
      status,
      probes: probesTotal,
      found,
      ambiguous,
      missing,
      missingShare,
      lastFoundAt: state?.lastFoundAt,
      missingSince: state?.missingSince,
      suggestion,
    };
  });
  const worst = [...steps].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])[0];
  const checked = steps.filter((s) => s.status !== 'unchecked');
  const status: HealthStatus = worst && checked.length ? worst.status : 'unchecked';
  const lastWorkedAt = steps.reduce<number | undefined>(
    (latest, s) =>
      s.lastFoundAt !== undefined && (latest === undefined || s.lastFoundAt > latest) ? s.lastFoundAt : latest,
    undefined,
  );
  return {
    ruleId: rule.id,
    name: rule.name,
    kind: rule.kind,
    packId: rule.packId,
    status,
    step: status === 'failing' || status === 'ambiguous' ? worst : undefined,
    steps,
    lastWorkedAt,
    brokenSince: status === 'failing' ? worst?.missingSince : undefined,
  };
}
