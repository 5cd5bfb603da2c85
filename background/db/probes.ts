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
}

/** Adds probe results to the day's counts and moves each step's state on. */
export async function recordProbes(db: StepwiseDatabase, results: readonly ProbeResult[], now: number): Promise<void> {
  if (!results.length) return;
  const day = utcDay(now);
  await db.transaction('rw', [db.probes, db.probeStates], async () => {
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
  });
}
