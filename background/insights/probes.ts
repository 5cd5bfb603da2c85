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

/**
 * The page a probe interval is kept for: origin, path and hash, without the query. An app that
 * routes in the hash (`/reports#/pipeline`, `/reports#/forecast`) has one page per route.
 */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.hash}`;
  } catch {
    return url;
  }
}

/** What one frame was asked to probe: each rule with the mark it had before (to put back if skipped). */
interface Asked {
  page: string;
  at: number;
  before: Map<string, number | undefined>;
}

/**
 * Decides which rules a page probes, and keeps reports to the rules it was asked about. A rule is
 * due on a page its URL patterns match, once per interval; it counts as probed there only once a
 * report has results for it (a probe skips a rule whose condition does not hold on the page).
 */
export class ProbePlanner {
  readonly #lastProbe = new Map<string, number>();
  readonly #asked = new Map<string, Asked>();

  constructor(
    private readonly now: () => number,
    private readonly intervalMs = PROBE_INTERVAL_MS,
    private readonly matchesUrl: (rule: Rule, url: string) => boolean = ruleMatchesUrl,
  ) {}

  #due(rule: Rule, page: string, url: string, now: number): boolean {
    const last = this.#lastProbe.get(`${rule.id}\u0000${page}`);
    return (
      (last === undefined || now - last >= this.intervalMs) && probeSteps(rule).length > 0 && this.matchesUrl(rule, url)
    );
  }

  /** Whether the page at `url` has rules due for a probe (the background then injects the bundle). */
  wants(rules: readonly Rule[], url: string): boolean {
    const now = this.now();
    const page = pageKey(url);
    return rules.some((rule) => this.#due(rule, page, url, now));
  }

  /** The due rules for the sender's page, marked as probed there until the report says otherwise. */
  take(rules: readonly Rule[], url: string, sender: ProbeSender): ProbeRule[] {
    const key = senderKey(sender);
    this.#putBack(this.#asked.get(key), new Set());
    const now = this.now();
    if (this.#lastProbe.size > MAX_MARKS) this.#forget(now);
    const page = pageKey(url);
    const due = rules.filter((rule) => this.#due(rule, page, url, now)).slice(0, MAX_RULES_PER_PROBE);
    const before = new Map<string, number | undefined>();
    for (const rule of due) {
      const mark = `${rule.id}\u0000${page}`;
      before.set(rule.id, this.#lastProbe.get(mark));
      this.#lastProbe.set(mark, now);
    }
    this.#asked.set(key, { page, at: now, before });
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

  /** Forgets the marks that are no longer within an interval (pages seen once, long ago). */
  #forget(now: number): void {
    for (const [mark, at] of this.#lastProbe) if (now - at >= this.intervalMs) this.#lastProbe.delete(mark);
  }

  /** Puts back the marks of the asked rules that were not probed (unless a later probe marked them). */
  #putBack(asked: Asked | undefined, probed: ReadonlySet<string>): void {
    if (!asked) return;
    for (const [ruleId, before] of asked.before) {
      const mark = `${ruleId}\u0000${asked.page}`;
      if (probed.has(ruleId) || this.#lastProbe.get(mark) !== asked.at) continue;
      if (before === undefined) this.#lastProbe.delete(mark);
      else this.#lastProbe.set(mark, before);
    }
  }
}

const senderKey = (sender: ProbeSender) => `${sender.tab?.id ?? -1}:${sender.frameId ?? 0}`;
