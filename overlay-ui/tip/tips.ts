/**
 * Tips: a beacon beside an element that opens a short card. One tip is open at a time; "Don't show
 * again" closes a tip for good (the background remembers it).
 */

import type { OverlayHost } from '../../overlay/bridge';
import { elementOf } from '../../overlay/expertise';
import type { ActiveRule, Rule, Step, UsageEvent } from '../../rules/engine';
import { stepId } from '../walkthrough/walkthrough';

export interface TipView {
  rule: Rule;
  step: Step;
  target: Element;
  open: boolean;
  vote?: 'helpful' | 'unhelpful';
}

export interface TipHooks {
  record(ruleId: string, event: UsageEvent, stepId?: string): void;
  changed(): void;
  announce(text: string): void;
}

export class Tips {
  /** The tips whose targets are on the page, in priority order. */
  views: TipView[] = [];
  /** Whether the open tip shows its detail (closed again for the next tip). */
  detailOpen = false;
  #openId: string | null = null;
  readonly #votes = new Map<string, 'helpful' | 'unhelpful'>();
  readonly #shown = new Set<string>();

  readonly #host: OverlayHost;
  readonly #hooks: TipHooks;

  constructor(host: OverlayHost, hooks: TipHooks) {
    this.#host = host;
    this.#hooks = hooks;
  }

  /** Recomputes which beacons show; returns true when that changed. */
  sync(active: readonly ActiveRule[]): boolean {
    const views: TipView[] = [];
    for (const { rule, target } of active) {
      if (rule.kind !== 'tip' || !rule.steps[0] || this.#host.state.dismissedTips.includes(rule.id)) continue;
      const element = elementOf(target);
      if (!element) continue;
      views.push({
        rule,
        step: rule.steps[0],
        target: element,
        open: this.#openId === rule.id,
        vote: this.#votes.get(rule.id),
      });
    }
    if (this.#openId && !views.some((v) => v.rule.id === this.#openId)) this.#openId = null;
    const changed =
      views.length !== this.views.length ||
      views.some((v, i) => v.target !== this.views[i]?.target || v.open !== this.views[i]?.open);
    this.views = views;
    return changed;
  }

  /** Opens the tip for `ruleId` (closing any other), or closes it. */
  toggle(ruleId: string): void {
    this.#openId = this.#openId === ruleId ? null : ruleId;
    this.detailOpen = false;
    const view = this.views.find((v) => v.rule.id === ruleId);
    if (this.#openId && view) {
      if (!this.#shown.has(ruleId)) {
        this.#shown.add(ruleId);
        this.#hooks.record(ruleId, 'shown', stepId(view.step, 0));
      }
      this.#hooks.announce(`Tip: ${view.step.title}`);
    }
    this.#refresh();
  }

  toggleDetail(): void {
    this.detailOpen = !this.detailOpen;
    this.#hooks.changed();
  }

  close(): void {
    this.#openId = null;
    this.#refresh();
  }

  /** "Don't show again". */
  dismiss(ruleId: string): void {
    const state = this.#host.state;
    if (!state.dismissedTips.includes(ruleId)) state.dismissedTips.push(ruleId);
    this.#host.send({ type: 'tip.dismissed', ruleId }).catch((error) => console.warn('Stepwise:', error));
    this.#hooks.record(ruleId, 'dismissed', '0');
    this.#openId = null;
    this.views = this.views.filter((v) => v.rule.id !== ruleId);
    this.#hooks.changed();
  }

  rate(ruleId: string, helpful: boolean): void {
    if (this.#votes.has(ruleId)) return;
    const vote = helpful ? 'helpful' : 'unhelpful';
    this.#votes.set(ruleId, vote);
    this.#hooks.record(ruleId, vote, '0');
    this.#refresh();
  }

  /** What the person wrote after "Helpful? No" (under the step id its vote was counted under). */
  comment(ruleId: string, text: string): Promise<unknown> {
    return this.#host.send({ type: 'help.comment', ruleId, stepId: '0', text, url: this.#host.url() });
  }

  #refresh(): void {
    this.views = this.views.map((v) => ({ ...v, open: v.rule.id === this.#openId, vote: this.#votes.get(v.rule.id) }));
    this.#hooks.changed();
  }
}
