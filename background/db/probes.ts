/**
 * What idle probes found for rules' targets: counts per (rule, step, day) and the latest state per
 * (rule, step), written together in one transaction.
 */
import type { StepwiseDatabase } from './database';
import type { ProbeRecord, ProbeStateRecord } from './records';
import { utcDay } from './usage';

/** One probed target. */
export interface ProbeResult {
  ruleId: string;
  stepId: string;
  status: 'found' | 'ambiguous' | 'missing';
  /** The way that found it: the selector, a fallback, or `text:…`. */
  via?: string;
  /** Which of the rule's URL patterns matched the page. */
  pattern: number;
}

/**
 * Whether a step's target belongs on pages of a rule's URL pattern before any probe found it
 * there: a tip's or hint's wherever the rule applies, a walkthrough's first step on its first
 * pattern. A walkthrough's later steps are expected only where they were found before (a step
 * may be on the next page): a miss elsewhere says nothing.
 */
export type ExpectedAt = (ruleId: string, stepId: string, pattern: number) => boolean;

/**
 * Adds probe results to the day's counts and moves each step's state on. A miss counts only where
 * the target is expected (`expectedAt`, or found there before); returns how many results counted.
 */
export async function recordProbes(
  db: StepwiseDatabase,
  all: readonly ProbeResult[],
  now: number,
  expectedAt: ExpectedAt,
): Promise<number> {
  if (!all.length) return 0;
  const day = utcDay(now);
  return db.transaction('rw', [db.probes, db.probeStates], async () => {
    const known = await db.probeStates.bulkGet(all.map((r) => [r.ruleId, r.stepId] as [string, string]));
    const results = all.filter(
      (r, i) =>
        r.status !== 'missing' || known[i]?.seenOn?.includes(r.pattern) || expectedAt(r.ruleId, r.stepId, r.pattern),
    );
    const keys = results.map((r) => [r.ruleId, r.stepId, day] as [string, string, string]);
    const stateKeys = results.map((r) => [r.ruleId, r.stepId] as [string, string]);
    const [rows, states] = await Promise.all([db.probes.bulkGet(keys), db.probeStates.bulkGet(stateKeys)]);
    const counts = new Map<string, ProbeRecord>();
    const next = new Map<string, ProbeStateRecord>();
    results.forEach((result, i) => {
      const key = JSON.stringify(stateKeys[i]);
      const row = counts.get(key) ??
        rows[i] ?? { ruleId: result.ruleId, stepId: result.stepId, day, found: 0, ambiguous: 0, missing: 0, via: {} };
      row[result.status] = (Number.isSafeInteger(row[result.status]) ? row[result.status] : 0) + 1;
      if (result.via) row.via = { ...row.via, [result.via]: (row.via?.[result.via] ?? 0) + 1 };
      counts.set(key, row);
      const before = next.get(key) ?? states[i];
      const state: ProbeStateRecord = { ruleId: result.ruleId, stepId: result.stepId, lastProbeAt: now };
      const seenOn = new Set(Array.isArray(before?.seenOn) ? before.seenOn : []);
      if (result.status !== 'missing') seenOn.add(result.pattern);
      if (seenOn.size) state.seenOn = [...seenOn].sort((a, b) => a - b);
      if (result.status === 'missing') {
        if (before?.lastFoundAt !== undefined) state.lastFoundAt = before.lastFoundAt;
        state.missingSince = before?.missingSince ?? now;
        if (before?.lastVia) state.lastVia = before.lastVia;
      } else {
        state.lastFoundAt = now;
        if (result.via) state.lastVia = result.via;
      }
      next.set(key, state);
    });
    await db.probes.bulkPut([...counts.values()]);
    await db.probeStates.bulkPut([...next.values()]);
    return results.length;
  });
}
