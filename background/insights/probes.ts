/**
 * Content health from pages people already visit: when the overlay starts on a page whose origin
 * has rules, and some of them were not probed there lately, the background injects the probe
 * bundle (`entrypoints/overlay-probe`) into that frame. It asks which rules are due, checks their
 * URL and condition on the page, looks for each step's target in idle time and reports.
 */
import type { ProbeRule } from '../../messaging/messages';
import { type Rule, ruleMatchesUrl } from '../../rules/index';
import type { ProbeResult } from '../db/probes';

/** A rule is probed again on the same page (URL without the query) after this long. */
export const PROBE_INTERVAL_MS = 10 * 60 * 1000;
/** At most this many rules are probed on one page load (the rest on later visits). */
export const MAX_RULES_PER_PROBE = 40;

/** Past this many (rule, page) marks, the expired ones are forgotten. */
const MAX_MARKS = 20_000;

export interface ProbeSender {
  tab?: { id?: number };
  frameId?: number;
}

/** The steps a probe looks for: every one with a target (a miss where it is not expected is dropped). */
export function probeSteps(rule: Rule): ProbeRule['steps'] {
  return rule.steps.flatMap((step, i) => (step.target ? [{ id: step.id ?? String(i), target: step.target }] : []));
}

/** Whether a rule's URL patterns look at the hash (an app that routes in it: `/reports#/forecast`). */
export function routesInHash(rule: Pick<Rule, 'where'>): boolean {
  return rule.where.urls.some((p) => (typeof p === 'string' ? p.includes('#') : p.hash !== undefined));
}

/**
 * The page a rule's probe interval is kept for: origin and path, without the query, and with the
 * hash where the rule's patterns look at it, so a hash-routed app's routes (`/reports#/pipeline`,
 * `/reports#/forecast`) are pages of their own while an anchor (`/accounts#row-3`) is not.
 */
export function pageKey(url: string, withHash: boolean): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${withHash ? u.hash : ''}`;
  } catch {
    return url;
  }
}

/** What one frame was asked to probe: each rule's mark, with the time it had before (put back if skipped). */
interface Asked {
  at: number;
  before: Map<string, { mark: string; last: number | undefined }>;
}

/**
 * Decides which rules a page probes, and keeps reports to the rules it was asked about. A rule is
 * due on a page its URL patterns match, once per interval; it counts as probed there only once a
 * report has results for it (a probe skips a rule whose condition does not hold on the page).
 */
export class ProbePlanner {
  readonly #lastProbe = new Map<string, number>();
  readonly #asked = new Map<string, Asked>();
  /** Off: no page is probed (the test builds' switch, for the page benchmark's figure with and without). */
  enabled = true;
  /** How many times a page was handed rules to probe. */
  taken = 0;

  constructor(
    private readonly now: () => number,
    private readonly intervalMs = PROBE_INTERVAL_MS,
    private readonly matchesUrl: (rule: Rule, url: string) => boolean = ruleMatchesUrl,
  ) {}

  #mark(rule: Rule, url: string): string {
    return `${rule.id}\u0000${pageKey(url, routesInHash(rule))}`;
  }

  #due(rule: Rule, url: string, now: number): boolean {
    const last = this.#lastProbe.get(this.#mark(rule, url));
    return (
      (last === undefined || now - last >= this.intervalMs) && probeSteps(rule).length > 0 && this.matchesUrl(rule, url)
    );
  }

  /** Whether the page at `url` has rules due for a probe (the background then injects the bundle). */
  wants(rules: readonly Rule[], url: string): boolean {
    if (!this.enabled) return false;
    const now = this.now();
    return rules.some((rule) => this.#due(rule, url, now));
  }

  /** The due rules for the sender's page, marked as probed there until the report says otherwise. */
  take(rules: readonly Rule[], url: string, sender: ProbeSender): ProbeRule[] {
    const key = senderKey(sender);
    this.#putBack(this.#asked.get(key), new Set());
    const now = this.now();
    if (this.#lastProbe.size > MAX_MARKS) this.#forget(now);
    const due = this.enabled ? rules.filter((rule) => this.#due(rule, url, now)).slice(0, MAX_RULES_PER_PROBE) : [];
    if (due.length) this.taken++;
    const before: Asked['before'] = new Map();
    for (const rule of due) {
      const mark = this.#mark(rule, url);
      before.set(rule.id, { mark, last: this.#lastProbe.get(mark) });
      this.#lastProbe.set(mark, now);
    }
    this.#asked.set(key, { at: now, before });
    return due.map((rule) => ({ id: rule.id, where: rule.where, steps: probeSteps(rule) }));
  }

  /**
   * The results for rules this sender was asked to probe; a report is taken once. The rules it has
   * no result for were skipped there (their condition did not hold): they are due again.
   */
  accept(results: readonly ProbeResult[], sender: ProbeSender): ProbeResult[] {
    const key = senderKey(sender);
    const asked = this.#asked.get(key);
    this.#asked.delete(key);
    if (!asked) return [];
    const accepted = results.filter((r) => asked.before.has(r.ruleId));
    this.#putBack(asked, new Set(accepted.map((r) => r.ruleId)));
    return accepted;
  }

  /** Forgets every mark: each rule is due again everywhere. */
  forgetAll(): void {
    this.#lastProbe.clear();
  }

  /** Forgets the marks that are no longer within an interval (pages seen once, long ago). */
  #forget(now: number): void {
    for (const [mark, at] of this.#lastProbe) if (now - at >= this.intervalMs) this.#lastProbe.delete(mark);
  }

  /** Puts back the marks of the asked rules that were not probed (unless a later probe marked them). */
  #putBack(asked: Asked | undefined, probed: ReadonlySet<string>): void {
    if (!asked) return;
    for (const [ruleId, { mark, last }] of asked.before) {
      if (probed.has(ruleId) || this.#lastProbe.get(mark) !== asked.at) continue;
      if (last === undefined) this.#lastProbe.delete(mark);
      else this.#lastProbe.set(mark, last);
    }
  }
}

const senderKey = (sender: ProbeSender) => `${sender.tab?.id ?? -1}:${sender.frameId ?? 0}`;
