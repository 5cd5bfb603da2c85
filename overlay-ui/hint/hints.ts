/**
 * Field hints: a hint shown while a field has focus, and a validation mark (pass or fail, with the
 * rule's message) when the user leaves a field whose value must match a pattern. Hints only watch:
 * they never block the app's own submit or its own validation.
 */

import { plainText } from '../../components/markdown';
import { elementOf } from '../../overlay/expertise';
import type { ActiveRule, PatternTester, Rule, Step, UsageEvent } from '../../rules/engine';
import { childController } from '../child-controller';
import { stepId } from '../walkthrough/walkthrough';

export interface HintView {
  rule: Rule;
  step: Step;
  target: Element;
  focused: boolean;
  /** The last check of the value on blur; absent before the first, or when the field is empty. */
  result?: { ok: boolean; message: string };
}

export interface HintHooks {
  record(ruleId: string, event: UsageEvent, stepId?: string): void;
  changed(): void;
  announce(text: string): void;
}

interface Binding {
  view: HintView;
  listeners: AbortController;
}

export class Hints {
  readonly #bindings = new Map<string, Binding>();
  readonly #shown = new Set<string>();
  /** The engine's linear-time tester (bounded input; a pattern that does not compile matches nothing). */
  #test: PatternTester | undefined;
  readonly #patterns: () => Promise<PatternTester>;

  readonly #signal: AbortSignal;
  readonly #hooks: HintHooks;

  constructor(signal: AbortSignal, hooks: HintHooks, patterns: () => Promise<PatternTester>) {
    this.#signal = signal;
    this.#hooks = hooks;
    this.#patterns = patterns;
  }

  /** Hints to draw: the focused field's hint, and every field's validation mark. */
  get views(): HintView[] {
    return [...this.#bindings.values()].map((b) => b.view).filter((v) => v.focused || v.result);
  }

  /** Follows the active hint rules' fields as they come and go. */
  sync(active: readonly ActiveRule[]): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const { rule, target } of active) {
      if (rule.kind !== 'hint' || !rule.steps[0]) continue;
      const element = elementOf(target);
      if (!element) continue;
      seen.add(rule.id);
      const existing = this.#bindings.get(rule.id);
      if (existing?.view.target === element) continue;
      existing?.listeners.abort();
      this.#bindings.set(rule.id, this.#bind(rule, rule.steps[0], element));
      changed = true;
    }
    for (const [id, binding] of this.#bindings) {
      if (seen.has(id)) continue;
      binding.listeners.abort();
      this.#bindings.delete(id);
      changed = true;
    }
    return changed;
  }

  #bind(rule: Rule, step: Step, target: Element): Binding {
    const listeners = childController(this.#signal);
    const binding: Binding = {
      view: { rule, step, target, focused: target.ownerDocument.activeElement === target },
      listeners,
    };
    // Loaded ahead of the first blur, so the mark shows at once.
    if (step.validate) this.#loadPatterns();
    const options = { passive: true, signal: listeners.signal };
    target.addEventListener(
      'focus',
      () => {
        binding.view = { ...binding.view, focused: true };
        if (!this.#shown.has(rule.id)) {
          this.#shown.add(rule.id);
          this.#hooks.record(rule.id, 'shown', stepId(step, 0));
        }
        this.#hooks.announce(`${step.title}: ${plainText(step.brief)}`);
        this.#hooks.changed();
      },
      options,
    );
    target.addEventListener(
      'blur',
      () => {
        this.#setResult(binding, this.#check(binding), { focused: false });
        const result = binding.view.result;
        if (result && !result.ok) this.#hooks.announce(plainText(result.message));
        this.#hooks.changed();
      },
      options,
    );
    // Once a value failed, typing a fix turns the mark to a pass without waiting for blur.
    target.addEventListener(
      'input',
      () => {
        if (binding.view.result?.ok !== false) return;
        this.#setResult(binding, this.#check(binding));
        this.#hooks.changed();
      },
      options,
    );
    return binding;
  }

  /**
   * Sets the field's mark; a failed value made right counts `hint-corrected` (an outcome: the hint
   * shown on an invalid value, the field valid afterwards), once per failure.
   */
  #setResult(binding: Binding, result: HintView['result'], view: Partial<HintView> = {}): void {
    const before = binding.view.result;
    binding.view = { ...binding.view, ...view, result };
    if (before?.ok === false && result?.ok === true) {
      this.#hooks.record(binding.view.rule.id, 'hint-corrected', stepId(binding.view.step, 0));
    }
  }

  #check(binding: Binding): HintView['result'] {
    const { view } = binding;
    const validate = view.step.validate;
    const value = fieldValue(view.target);
    if (!validate || !value) return undefined;
    if (!this.#test) {
      // Not loaded yet: the mark follows as soon as it is, unless the user is back in the field.
      this.#loadPatterns(() => {
        if (binding.listeners.signal.aborted || binding.view.focused) return;
        this.#setResult(binding, this.#check(binding));
        this.#hooks.changed();
      });
      return view.result;
    }
    const ok = this.#test(validate.matches, validate.flags, value);
    return { ok, message: ok ? 'Looks right' : validate.message };
  }

  #loadPatterns(then?: () => void): void {
    this.#patterns().then(
      (tester) => {
        this.#test = tester;
        then?.();
      },
      (error) => console.warn('Stepwise: could not load the pattern engine', error),
    );
  }
}

function fieldValue(element: Element): string {
  const value = (element as HTMLInputElement).value;
  return typeof value === 'string' ? value : (element.textContent ?? '');
}
