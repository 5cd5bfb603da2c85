/**
 * Tips and hints whose target never comes: like a walkthrough step, each waits for its element
 * (`TARGET_TIMEOUT_MS`) and is then counted once as `target-missing`, so content health sees it.
 * Such a tip or hint is neither shown nor counted as shown.
 */
import { elementOf } from '../overlay/expertise';
import type { SignalTimers } from '../overlay/timers';
import type { ActiveRule } from '../rules/engine';
import { stepId } from './walkthrough/walkthrough';

export class MissingTargets {
  /** Rule ids waiting for their target, with the cancel of their timer. */
  readonly #waiting = new Map<string, () => void>();
  /** Counted on this page already. */
  readonly #reported = new Set<string>();

  constructor(
    private readonly timers: SignalTimers,
    private readonly report: (ruleId: string, stepId: string) => void,
    private readonly timeoutMs: number,
  ) {}

  /** Follows the targets of the tips and hints in `rules` (those that could show); others stop waiting. */
  follow(rules: readonly ActiveRule[]): void {
    const seen = new Set<string>();
    for (const { rule, target } of rules) {
      const id = rule.id;
      seen.add(id);
      if (elementOf(target) || this.#reported.has(id)) {
        this.#waiting.get(id)?.();
        this.#waiting.delete(id);
        continue;
      }
      if (this.#waiting.has(id) || !rule.steps[0]) continue;
      const step = stepId(rule.steps[0], 0);
      const cancel = this.timers.timeout(() => {
        this.#waiting.delete(id);
        this.#reported.add(id);
        this.report(id, step);
      }, this.timeoutMs);
      this.#waiting.set(id, cancel);
    }
    for (const [id, cancel] of this.#waiting) {
      if (seen.has(id)) continue;
      cancel();
      this.#waiting.delete(id);
    }
  }
}
