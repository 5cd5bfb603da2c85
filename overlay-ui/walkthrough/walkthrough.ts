/**
 * One running walkthrough: its step pointer, the wait for the step's target, what advances it,
 * and what it reports. A model instance per run (no module-level tour state); its listeners and
 * timers end with the run, or with the content script.
 */

import type { OverlayChange, OverlayHost } from '../../overlay/bridge';
import { elementOf, isExpert } from '../../overlay/expertise';
import type { Rule, Step, UsageEvent } from '../../rules/engine';
import { childController } from '../child-controller';

/** How long a step waits for its target before it reports `target-missing` and offers to skip. */
export const TARGET_TIMEOUT_MS = 8_000;

/** `ready`: shown (anchored, or unanchored when the step has no target); `waiting`: hidden until the
 * target appears; `missing`: waited too long, shown unanchored with Skip. */
export type StepStatus = 'ready' | 'waiting' | 'missing';

export interface WalkthroughHooks {
  record(event: UsageEvent, stepId?: string): void;
  /** Something the card shows changed. */
  changed(): void;
  /** The run is over (the controller forgets it). */
  ended(run: Walkthrough, status: 'completed' | 'dismissed'): void;
  announce(text: string): void;
}

/** The id usage is counted under: the step's own, or its position. */
export const stepId = (step: Step, index: number) => step.id ?? String(index);

export class Walkthrough {
  index = 0;
  status: StepStatus = 'waiting';
  target: Element | null = null;
  detailOpen: boolean;
  vote: 'helpful' | 'unhelpful' | undefined;
  /** Increases each time a step is shown anew, so the card knows to announce and scroll. */
  shownCount = 0;
  /** The step's `validate` message while the value typed into its target does not match. */
  invalid: string | null = null;
  readonly #run = new AbortController();
  #targetListeners: AbortController | null = null;
  #cancelMissing: (() => void) | null = null;
  /** Steps shown in this run (which can span pages and reloads: it is saved with the progress). */
  readonly #shown: Set<number>;
  /** Inside `#goTo`, which saves the progress once the step is shown (or waits for its target). */
  #moving = false;
  readonly #reported = new Set<number>();
  #over = false;
  /** The current step was drawn (announced) on this page. */
  #announced = false;

  readonly #host: OverlayHost;
  readonly #hooks: WalkthroughHooks;
  readonly #timeoutMs: number;

  constructor(
    host: OverlayHost,
    readonly rule: Rule,
    start: number,
    hooks: WalkthroughHooks,
    timeoutMs = TARGET_TIMEOUT_MS,
    /** Carries on the run the saved progress describes (its shown steps are not counted again). */
    resume = false,
  ) {
    this.#host = host;
    this.#hooks = hooks;
    this.#timeoutMs = timeoutMs;
    const saved = resume ? host.state.progress[rule.id] : undefined;
    this.#shown = new Set(saved?.status === 'active' ? (saved.shown ?? []) : []);
    host.ctx.signal.addEventListener('abort', () => this.stop(), { once: true, signal: this.#run.signal });
    // Newcomers see the detail; a user who has mastered the walkthrough gets the brief form.
    this.detailOpen = !isExpert(rule.id, host.state);
    this.#goTo(Math.min(Math.max(start, 0), rule.steps.length - 1));
  }

  get step(): Step {
    return this.rule.steps[this.index] as Step;
  }

  get total(): number {
    return this.rule.steps.length;
  }

  get active(): boolean {
    return !this.#over;
  }

  /** Re-reads the engine and the page after a change. */
  refresh(change?: OverlayChange): void {
    if (this.#over) return;
    const step = this.step;
    const advance = step.advance;
    if (typeof advance === 'object') {
      const engine = this.#host.engine;
      const appeared = engine.get(this.rule.id)?.advanceTarget;
      if ('url' in advance ? engine.matchesUrl(advance.url) : appeared && appeared.status !== 'not-found') {
        this.next(this.index);
        return;
      }
    }
    const before = `${this.status}|${this.shownCount}`;
    const element = step.target ? this.#resolveTarget() : null;
    if (element !== this.target) this.#bind(element);
    if (!step.target || element) {
      this.#cancelMissing?.();
      this.#cancelMissing = null;
      this.status = 'ready';
    } else if (this.status !== 'missing') {
      this.status = 'waiting';
      this.#cancelMissing ??= this.#host.ctx.timers.timeout(() => this.#missing(), this.#timeoutMs);
    }
    if (this.status !== 'waiting' && !this.#announced) {
      this.#announced = true;
      this.shownCount++;
      this.#hooks.announce(`Step ${this.index + 1} of ${this.total}: ${step.title}`);
      // Counted once per step per run, however often the run comes back to this page.
      if (!this.#shown.has(this.index)) {
        this.#shown.add(this.index);
        this.#hooks.record('shown', stepId(step, this.index));
        if (!this.#moving) this.#save('active');
      }
    }
    if (`${this.status}|${this.shownCount}` !== before || change?.targets.includes(this.rule.id)) this.#hooks.changed();
  }

  /** Moves on when the current step advances on a URL the page is at now (also outside the rule's pages). */
  advanceOnUrl(): void {
    const advance = this.step.advance;
    if (this.#over || typeof advance !== 'object' || !('url' in advance)) return;
    if (this.#host.engine.matchesUrl(advance.url)) this.next(this.index);
  }

  /** Next (or Done on the last step). `from` guards against a stale button: it must be the current step. */
  next(from = this.index): void {
    if (this.#over || from !== this.index) return;
    if (this.index >= this.total - 1) this.#end('completed');
    else this.#goTo(this.index + 1);
  }

  back(from = this.index): void {
    if (!this.#over && from === this.index && this.index > 0) this.#goTo(this.index - 1);
  }

  /** Skips the step (e.g. its target is missing); skipping the last one finishes the walkthrough. */
  skip(from = this.index): void {
    this.next(from);
  }

  close(): void {
    this.#end('dismissed');
  }

  /** "I know this": no more auto-starts for this user, and this run ends. */
  know(): void {
    if (this.#over) return;
    if (!this.#host.state.known.includes(this.rule.id)) this.#host.state.known.push(this.rule.id);
    this.#host.send({ type: 'rule.known', ruleId: this.rule.id, known: true }).catch(warn);
    this.#end('dismissed');
  }

  toggleDetail(): void {
    this.detailOpen = !this.detailOpen;
    this.#hooks.changed();
  }

  rate(helpful: boolean): void {
    if (this.#over || this.vote) return;
    this.vote = helpful ? 'helpful' : 'unhelpful';
    this.#hooks.record(this.vote, stepId(this.step, this.index));
    this.#hooks.changed();
  }

  /** What the person wrote after "Helpful? No", for the help's authors. */
  comment(text: string): Promise<unknown> {
    const step = stepId(this.step, this.index);
    return this.#host.send({ type: 'help.comment', ruleId: this.rule.id, stepId: step, text, url: this.#host.url() });
  }

  /** Stops listening (the rule no longer applies here, or the page is going); progress stays. */
  stop(): void {
    this.#targetListeners?.abort();
    this.#cancelMissing?.();
    this.#run.abort();
  }

  #goTo(index: number): void {
    this.index = index;
    this.vote = undefined;
    this.invalid = null;
    this.#announced = false;
    this.status = 'waiting';
    this.#cancelMissing?.();
    this.#cancelMissing = null;
    this.#bind(null);
    this.#host.engine.setStep(this.rule.id, index);
    this.#moving = true;
    try {
      this.refresh();
    } finally {
      this.#moving = false;
    }
    // The refresh may have finished the step already (its URL or element was there).
    if (this.index === index && !this.#over) this.#save('active');
    this.#hooks.changed();
  }

  #resolveTarget(): Element | null {
    return elementOf(this.#host.engine.get(this.rule.id)?.target);
  }

  /** Listens on the target for what advances the step. */
  #bind(element: Element | null): void {
    this.#targetListeners?.abort();
    this.#targetListeners = null;
    this.target = element;
    const advance = this.step.advance;
    if (!element || (advance !== 'click-target' && advance !== 'input-target')) return;
    const listeners = childController(this.#run.signal);
    this.#targetListeners = listeners;
    const from = this.index;
    // Capture on the target itself: the app's own handlers (even ones that stop propagation) still run.
    const options = { capture: true, passive: true, signal: listeners.signal };
    if (advance === 'click-target') element.addEventListener('click', () => this.next(from), options);
    // `change` is the end of an input (blur or Enter for text, at once for selects and boxes).
    else element.addEventListener('change', () => this.#typed(from, element), options);
  }

  /** The end of an input on a typing step: it moves on, or with `validate`, only on a valid value. */
  #typed(from: number, element: Element): void {
    const validate = this.step.validate;
    if (!validate) {
      this.next(from);
      return;
    }
    const value = fieldValue(element);
    this.#host.patterns().then(
      (test) => {
        if (this.#over || from !== this.index) return;
        if (test(validate.matches, validate.flags, value)) {
          this.next(from);
          return;
        }
        this.invalid = validate.message;
        this.#hooks.announce(validate.message);
        this.#hooks.changed();
      },
      (error) => console.warn('Stepwise: could not load the pattern engine', error),
    );
  }

  #missing(): void {
    this.#cancelMissing = null;
    if (this.#over || this.status !== 'waiting') return;
    this.status = 'missing';
    if (!this.#reported.has(this.index)) {
      this.#reported.add(this.index);
      this.#hooks.record('target-missing', stepId(this.step, this.index));
    }
    this.refresh();
    this.#hooks.changed();
  }

  #end(status: 'completed' | 'dismissed'): void {
    if (this.#over) return;
    this.#over = true;
    this.stop();
    this.#save(status);
    this.#hooks.record(status, stepId(this.step, this.index));
    if (status === 'completed') {
      const completions = this.#host.state.completions;
      completions[this.rule.id] = (completions[this.rule.id] ?? 0) + 1;
      this.#hooks.announce(`${this.rule.name}: done`);
    }
    this.#hooks.ended(this, status);
  }

  #save(status: 'active' | 'completed' | 'dismissed'): void {
    const shown = [...this.#shown];
    this.#host.state.progress[this.rule.id] = { stepIndex: this.index, status, updatedAt: Date.now(), shown };
    const url = this.#host.url();
    const message = { type: 'progress.update', ruleId: this.rule.id, stepIndex: this.index, status, url } as const;
    this.#host.send(status === 'active' ? { ...message, shown } : message).catch(warn);
  }
}

function fieldValue(element: Element): string {
  const value = (element as HTMLInputElement).value;
  return typeof value === 'string' ? value : (element.textContent ?? '');
}

const warn = (error: unknown) => console.warn('Stepwise:', error);
