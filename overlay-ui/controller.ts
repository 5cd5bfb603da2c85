/**
 * Decides what the overlay shows on this page: at most one walkthrough (resumed, started by
 * itself, or started by its trigger), tip beacons and field hints. It listens to the runtime's
 * changes and tells the view when to draw again.
 */

import type { PageContext, TargetState } from '../messaging/areas/panel';
import { insideModal } from '../overlay/app-modal';
import type { OverlayChange, OverlayHost } from '../overlay/bridge';
import { elementOf, resumes, startsByItself } from '../overlay/expertise';
import type { ActiveRule, Rule } from '../rules/engine';
import { childController } from './child-controller';
import { Hints } from './hint/hints';
import { MissingTargets } from './missing';
import { CardLayout } from './placement';
import { Tips } from './tip/tips';
import { UsageReporter } from './usage';
import { stepId, TARGET_TIMEOUT_MS, Walkthrough } from './walkthrough/walkthrough';

export class OverlayController {
  walkthrough: Walkthrough | null = null;
  readonly tips: Tips;
  readonly hints: Hints;
  /** The latest text for the live region. */
  announcement = '';
  /** The app's own modal dialog, while one is open: help for anything outside it steps back. */
  modal: Element | null = null;
  /** Where the open cards are, so that none covers another. */
  readonly layout = new CardLayout();
  readonly usage: UsageReporter;
  /** Walkthroughs that ended on this page: they do not start again until the next page load. */
  readonly #ended = new Set<string>();
  readonly #triggers = new Map<string, { element: Element; listeners: AbortController }>();
  readonly #listeners = new Set<() => void>();
  readonly #missing: MissingTargets;

  readonly #timeoutMs: number | undefined;

  constructor(
    readonly host: OverlayHost,
    timeoutMs?: number,
  ) {
    this.#timeoutMs = timeoutMs;
    this.usage = new UsageReporter(host.ctx, host.send);
    const record = (ruleId: string, event: Parameters<UsageReporter['record']>[0]['event'], stepId?: string) =>
      this.usage.record({ ruleId, stepId, event });
    const hooks = { record, changed: () => this.#notify(), announce: (text: string) => this.#announce(text) };
    this.tips = new Tips(host, hooks);
    this.hints = new Hints(host.ctx.signal, hooks, host.patterns);
    this.#missing = new MissingTargets(
      host.ctx.timers,
      (ruleId, step) => record(ruleId, 'target-missing', step),
      timeoutMs ?? TARGET_TIMEOUT_MS,
    );
    host.subscribe((change) => this.update(change));
    host.panel = { start: (ruleId) => this.startFromPanel(ruleId), context: () => this.context() };
    this.update();
  }

  /** "Start" or "Show me" in the side panel: the walkthrough from its first step, whatever it did before. */
  startFromPanel(ruleId: string): boolean {
    const active = this.host.engine.get(ruleId);
    if (active?.rule.kind !== 'walkthrough') return false;
    this.#ended.delete(ruleId);
    this.startWalkthrough(active.rule, 0);
    return true;
  }

  /** Where the person is, for an "I'm stuck" request: the help on screen and the last events. */
  context(): PageContext {
    const context: PageContext = { url: this.host.url(), events: this.usage.recent() };
    const run = this.walkthrough;
    const tip = this.tips.views.find((t) => t.open);
    const rule = run?.rule ?? tip?.rule;
    if (!rule) return context;
    const index = run?.index ?? 0;
    const step = rule.steps[index]!;
    const resolution = this.host.engine.get(rule.id)?.target;
    let target: TargetState = 'none';
    if (step.target) {
      target = resolution?.status === 'found' ? 'found' : resolution?.status === 'ambiguous' ? 'ambiguous' : 'missing';
      if (target === 'missing' && run?.status === 'waiting') target = 'waiting';
    }
    context.active = { ruleId: rule.id, stepIndex: index, stepId: stepId(step, index), target };
    return context;
  }

  /** Calls `listener` whenever what is shown changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Whether help anchored to `target` (null: not anchored) may show now: always, unless an app
   * modal is open and the target is not inside it.
   */
  shows(target: Element | null): boolean {
    return !this.modal || (target !== null && insideModal(this.modal, target));
  }

  /** Follows a change from the runtime (or the first look at the page). */
  update(change?: OverlayChange): void {
    const active = this.host.engine.active();
    let changed = false;
    const modal = this.host.appModal();
    if (modal !== this.modal) {
      this.modal = modal;
      changed = true;
    }
    const run = this.walkthrough;
    if (run && !active.some((a) => a.rule.id === run.rule.id)) {
      // A step that advances on a URL is done when the app goes there, also outside the rule's
      // pages (a Save that opens the saved record). Otherwise: pause (its progress stays active).
      run.advanceOnUrl();
      run.stop();
      if (this.walkthrough === run) this.walkthrough = null;
      changed = true;
    }
    if (this.walkthrough) this.walkthrough.refresh(change);
    else if (this.#start(active)) changed = true;
    if (this.tips.sync(active)) changed = true;
    if (this.hints.sync(active)) changed = true;
    const dismissed = this.host.state.dismissedTips;
    this.#missing.follow(
      active.filter(({ rule }) => rule.kind === 'hint' || (rule.kind === 'tip' && !dismissed.includes(rule.id))),
    );
    if (changed) this.#notify();
  }

  /**
   * Starts `rule` (e.g. from the catalog), replacing any running walkthrough. With `resume`, it
   * carries on the run its saved progress describes.
   */
  startWalkthrough(rule: Rule, index = 0, resume = false): void {
    this.walkthrough?.stop();
    this.walkthrough = new Walkthrough(
      this.host,
      rule,
      index,
      {
        record: (event, stepId) => this.usage.record({ ruleId: rule.id, stepId, event }),
        changed: () => this.#notify(),
        announce: (text) => this.#announce(text),
        ended: (ended) => {
          this.#ended.add(rule.id);
          if (this.walkthrough === ended) this.walkthrough = null;
          this.#notify();
          // Another walkthrough may be waiting for its turn on this page.
          this.update();
        },
      },
      this.#timeoutMs,
      resume,
    );
    this.#notify();
  }

  #start(active: readonly ActiveRule[]): boolean {
    const state = this.host.state;
    const walkthroughs = active.filter((a) => a.rule.kind === 'walkthrough' && !this.#ended.has(a.rule.id));
    const resume = walkthroughs.find((a) => resumes(a.rule, state));
    if (resume) {
      this.startWalkthrough(resume.rule, state.progress[resume.rule.id]?.stepIndex ?? 0, true);
      return true;
    }
    for (const { rule } of walkthroughs) {
      if (!startsByItself(rule, state)) continue;
      if (rule.start === 'auto') {
        this.startWalkthrough(rule, 0);
        return true;
      }
      if (typeof rule.start === 'object' && this.#watchTrigger(rule)) return true;
    }
    return false;
  }

  /** A walkthrough that starts when its target appears, is clicked or is focused. */
  #watchTrigger(rule: Rule): boolean {
    if (typeof rule.start !== 'object') return false;
    const { on } = rule.start;
    const element = elementOf(this.host.engine.get(rule.id)?.startTarget);
    if (!element) return false;
    if (on === 'appear') {
      this.startWalkthrough(rule, 0);
      return true;
    }
    const existing = this.#triggers.get(rule.id);
    if (existing?.element === element) return false;
    existing?.listeners.abort();
    const listeners = childController(this.host.ctx.signal);
    this.#triggers.set(rule.id, { element, listeners });
    element.addEventListener(
      on === 'click' ? 'click' : 'focus',
      () => {
        listeners.abort();
        this.#triggers.delete(rule.id);
        if (!this.walkthrough && !this.#ended.has(rule.id)) this.startWalkthrough(rule, 0);
      },
      { capture: true, passive: true, signal: listeners.signal },
    );
    return false;
  }

  #announce(text: string): void {
    // The same words twice would not be read again: a zero-width change makes them new.
    this.announcement = text === this.announcement ? `${text}\u200b` : text;
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
