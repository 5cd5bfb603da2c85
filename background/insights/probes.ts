/**
 * Content health from pages people already visit: when the overlay starts on a page whose origin
 * has rules, and some of them were not probed there lately, the background injects the probe
 * bundle (`entrypoints/overlay-probe`) into that frame. It asks which rules are due, checks their
 * URL and condition on the page, looks for each step's target in idle time and reports.
 */
import type { ProbeRule } from '../../messaging/messages';
import type { Rule } from '../../rules/index';
import type { ProbeResult } from '../db/probes';

/** A rule is probed again on the same page (URL without query and hash) after this long. */
export const PROBE_INTERVAL_MS = 10 * 60 * 1000;
/** At most this many rules are probed on one page load (the rest on later visits). */
export const MAX_RULES_PER_PROBE = 40;

export interface ProbeSender {
  tab?: { id?: number };
  frameId?: number;
}

/** The steps a probe looks for: every one with a target (a miss where it is not expected is dropped). */
export function probeSteps(rule: Rule): ProbeRule['steps'] {
  return rule.steps.flatMap((step, i) => (step.target ? [{ id: step.id ?? String(i), target: step.target }] : []));
}

const pageKey = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
};

/** Decides which rules a page probes, and keeps reports to the rules it was asked about. */
export class ProbePlanner {
  readonly #lastProbe = new Map<string, number>();
  readonly #asked = new Map<string, Set<string>>();

  constructor(
    private readonly now: () => number,
    private readonly intervalMs = PROBE_INTERVAL_MS,
  ) {}

  #due(rule: Rule, url: string, now: number): boolean {
    const last = this.#lastProbe.get(`${rule.id}\u0000${pageKey(url)}`);
    return probeSteps(rule).length > 0 && (last === undefined || now - last >= this.intervalMs);
  }

  /** Whether the page at `url` has rules due for a probe (the background then injects the bundle). */
  wants(rules: readonly Rule[], url: string): boolean {
    const now = this.now();
    return rules.some((rule) => this.#due(rule, url, now));
  }

  /** The due rules for the sender's page, now marked as probed there. */
  take(rules: readonly Rule[], url: string, sender: ProbeSender): ProbeRule[] {
    const now = this.now();
    const due = rules.filter((rule) => this.#due(rule, url, now)).slice(0, MAX_RULES_PER_PROBE);
    for (const rule of due) this.#lastProbe.set(`${rule.id}\u0000${pageKey(url)}`, now);
    this.#asked.set(senderKey(sender), new Set(due.map((r) => r.id)));
    return due.map((rule) => ({ id: rule.id, where: rule.where, steps: probeSteps(rule) }));
  }

  /** The results for rules this sender was asked to probe; a report is taken once. */
  accept(results: readonly ProbeResult[], sender: ProbeSender): ProbeResult[] {
    const key = senderKey(sender);
    const asked = this.#asked.get(key);
    this.#asked.delete(key);
    return asked ? results.filter((r) => asked.has(r.ruleId)) : [];
  }
}

const senderKey = (sender: ProbeSender) => `${sender.tab?.id ?? -1}:${sender.frameId ?? 0}`;
