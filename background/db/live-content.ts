/**
 * What pages may get: the published rules and the checklists of the packs that are on. An
 * unreadable rule is set aside in the quarantine, and the rest still shows.
 */
import type { Checklist, Rule } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { StoreHealth } from './health';
import { readAllRuleRecords } from './pack-rules';
import { quarantine } from './quarantine';
import type { RuleRecord } from './records';
import { ruleRevision } from './user-state';

function readableRule(record: RuleRecord): boolean {
  const rule = record.rule;
  return (
    typeof rule?.id === 'string' &&
    Array.isArray(rule.steps) &&
    Array.isArray(rule.where?.urls) &&
    (rule.kind === 'walkthrough' || rule.kind === 'tip' || rule.kind === 'hint')
  );
}

/** What may show on pages: published rules and the checklists of the packs that are on. */
export async function liveContent(
  db: StepwiseDatabase,
  health: StoreHealth,
): Promise<{ rules: Rule[]; checklists: Checklist[]; packs: number; revisions: Map<string, string> }> {
  // The rules a page at a time: all 10,000 of a big pack in one read would hold the background.
  const [packs, records] = await db.transaction('r', [db.packs, db.rules], async () => [
    await db.packs.toArray(),
    await readAllRuleRecords(db),
  ]);
  const on = new Set(packs.filter((p) => p.enabled !== false).map((p) => p.id));
  const unreadable = records.filter((r) => !readableRule(r));
  if (unreadable.length) {
    const moved = await quarantine(
      db,
      'rules',
      unreadable.map((r) => ({ key: r.id, value: r, reason: 'not a rule' })),
    );
    if (moved) health.reportCorrupt('rules', moved, ['rule', 'rules']);
  }
  const live = records.filter((r) => on.has(r.packId) && r.status === 'published' && readableRule(r));
  const rules = live.map((r) => r.rule);
  const versions = new Map(packs.map((p) => [p.id, p.version]));
  const revisions = new Map(live.map((r) => [r.id, ruleRevision(versions.get(r.packId) ?? 0, r.rule)]));
  const checklists = packs
    .filter((p) => on.has(p.id) && Array.isArray(p.pack?.checklists))
    .flatMap((p) => p.pack.checklists);
  return { rules, checklists, packs: on.size, revisions };
}
