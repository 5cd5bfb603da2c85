/**
 * Chunking by expertise: who gets the brief form of a walkthrough, and when one starts by itself.
 * Shared by the runtime (to decide whether the UI is needed at all) and the UI's controller.
 */

import type { OverlayState } from '../messaging/messages';
import type { ActiveRule, Resolution, Rule } from '../rules/engine';

/**
 * The state as it arrived, with its per-rule maps rebuilt without a prototype: a rule id such as
 * `__proto__` or `constructor` is then a key like any other, read and written as its own.
 */
export function ownState<S extends Pick<OverlayState, 'progress' | 'completions'>>(state: S): S {
  const own = <T>(record: Record<string, T> | undefined): Record<string, T> =>
    Object.assign(Object.create(null), record);
  return {
    ...state,
    progress: own(state.progress),
    completions: own(state.completions),
  };
}

/** True once the user has completed `ruleId` `settings.expertAfter` times: brief form, no auto-start. */
export function isExpert(ruleId: string, state: OverlayState): boolean {
  const after = state.settings.expertAfter;
  return after > 0 && (state.completions[ruleId] ?? 0) >= after;
}

/** True when a walkthrough the user left mid-way should pick up where they were. */
export function resumes(rule: Rule, state: OverlayState): boolean {
  return rule.kind === 'walkthrough' && state.progress[rule.id]?.status === 'active';
}

/**
 * True when a walkthrough may start by itself (on load, or when its start target is met): not
 * marked "I know this", not yet mastered, not closed by the user the last time, and not finished
 * already (the background leaves out a completion of an earlier version of the rule).
 */
export function startsByItself(rule: Rule, state: OverlayState): boolean {
  if (rule.kind !== 'walkthrough' || rule.start === 'manual') return false;
  if (state.known.includes(rule.id) || isExpert(rule.id, state)) return false;
  const status = state.progress[rule.id]?.status;
  return status !== 'dismissed' && status !== 'completed';
}

/** True when some active rule can show something (or a draft is tested here), so the UI bundle is worth loading. */
export function wantsUi(active: readonly ActiveRule[], state: OverlayState): boolean {
  return (
    !!state.testing ||
    active.some(({ rule }) => {
      if (rule.kind === 'tip') return !state.dismissedTips.includes(rule.id);
      if (rule.kind === 'hint') return true;
      return resumes(rule, state) || startsByItself(rule, state);
    })
  );
}

/**
 * The element a resolution points at. Several matches: the first in document order, the one the
 * author most likely meant.
 */
export function elementOf(resolution: Resolution | null | undefined): Element | null {
  if (resolution?.status === 'found') return resolution.element;
  return resolution?.status === 'ambiguous' ? (resolution.elements[0] ?? null) : null;
}
