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
  readonly #run = new AbortController();
  #targetListeners: AbortController | null = null;
  #cancelMissing: (() => void) | null = null;
  readonly #shown = new Set<number>();
  readonly #reported = new Set<number>();
  #over = false;

  readonly #host: OverlayHost;
  readonly #hooks: WalkthroughHooks;
  readonly #timeoutMs: number;

  constructor(
    host: OverlayHost,
    readonly rule: Rule,
    start: number,
    hooks: WalkthroughHooks,
    timeoutMs = TARGET_TIMEOUT_MS,
  ) {
    this.#host = host;
    this.#hooks = hooks;
    this.#timeoutMs = timeoutMs;
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
    if (this.status !== 'waiting' && !this.#shown.has(this.index)) {
      this.#shown.add(this.index);
      this.shownCount++;
      this.#hooks.record('shown', stepId(step, this.index));
      this.#hooks.announce(`Step ${this.index + 1} of ${this.total}: ${step.title}`);
    }
    if (`${this.status}|${this.shownCount}` !== before || change?.targets.includes(this.rule.id)) this.#hooks.changed();
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
    this.status = 'waiting';
    this.#cancelMissing?.();
    this.#cancelMissing = null;
    this.#bind(null);
    this.#host.engine.setStep(this.rule.id, index);
    this.#save('active');
    this.refresh();
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
    else element.addEventListener('change', () => this.next(from), options);
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
    const progress = { stepIndex: this.index, status, updatedAt: Date.now() };
    this.#host.state.progress[this.rule.id] = progress;
    const url = this.#host.url();
    this.#host.send({ type: 'progress.update', ruleId: this.rule.id, stepIndex: this.index, status, url }).catch(warn);
  }
}

const warn = (error: unknown) => console.warn('Stepwise:', error);
