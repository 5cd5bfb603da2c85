/** Rules and checklists of rule packs, as the insights need them (the background's and the server's). */
import type { RuleInfo } from './model';

/** A pack as stored: its id and name, and its body (read loosely: an old or damaged body is skipped in part). */
export interface StoredPack {
  id: string;
  name: string;
  pack: { rules?: unknown; checklists?: unknown } | null | undefined;
}

interface LooseRule {
  id?: unknown;
  name?: unknown;
  kind?: RuleInfo['kind'];
  steps?: { id?: string; title: string; target?: { selector?: string } }[];
}

/** Every rule with its pack's name (a rule id reused by a later pack is left out), and every checklist. */
export function ruleInfosOf(packs: readonly StoredPack[]): {
  rules: RuleInfo[];
  checklists: { id: string; packId: string }[];
} {
  const rules: RuleInfo[] = [];
  const checklists: { id: string; packId: string }[] = [];
  const seen = new Set<string>();
  for (const record of packs) {
    const pack = record.pack;
    for (const rule of (Array.isArray(pack?.rules) ? pack.rules : []) as LooseRule[]) {
      if (typeof rule?.id !== 'string' || !Array.isArray(rule.steps) || seen.has(rule.id)) continue;
      seen.add(rule.id);
      rules.push({
        id: rule.id,
        name: typeof rule.name === 'string' ? rule.name : rule.id,
        kind: rule.kind ?? 'tip',
        packId: record.id,
        packName: record.name,
        steps: rule.steps.map((step, i) => ({
          id: step.id ?? String(i),
          title: step.title,
          ...(step.target?.selector && { selector: step.target.selector }),
        })),
      });
    }
    for (const checklist of (Array.isArray(pack?.checklists) ? pack.checklists : []) as { id?: unknown }[]) {
      if (typeof checklist?.id === 'string') checklists.push({ id: checklist.id, packId: record.id });
    }
  }
  return { rules, checklists };
}
