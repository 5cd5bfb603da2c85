/**
 * The benchmark's rule pack: 1,000 rules for the demo CRM, of which 20 apply to the accounts
 * page. The rest are spread over other paths, as a real team's packs are.
 */
import type { Rule, RulePack } from '../rules/index';

export const BENCH_RULES = 1_000;
export const BENCH_MATCHING = 20;
/** The walkthrough whose step target the benchmark inserts and removes. */
export const BENCH_TARGET_ID = 'bench-target';

export function benchPack(): RulePack {
  const rules: Rule[] = [];
  const base = (i: number): Pick<Rule, 'id' | 'name' | 'status' | 'start'> => ({
    id: `bench-${i}`,
    name: `Bench rule ${i}`,
    status: 'published',
    start: 'auto',
  });
  rules.push({
    ...base(0),
    kind: 'walkthrough',
    where: { urls: [{ pathname: '/accounts' }] },
    steps: [
      {
        title: 'Benchmark step',
        brief: 'Shown when the benchmark inserts its **target**.',
        target: { selector: `#${BENCH_TARGET_ID}` },
      },
      { title: 'Second step', brief: 'Never reached.' },
    ],
  });
  for (let i = 1; i < BENCH_MATCHING; i++) {
    // Tips and hints on the accounts page whose targets are rows, links or fields that may come and
    // go, with text filters and fallbacks, written as rule authors write them (ids, data and ARIA
    // attributes), so every mutation has something to be checked against.
    rules.push({
      ...base(i),
      kind: i % 2 ? 'tip' : 'hint',
      where: { urls: [{ pathname: '/accounts' }] },
      steps: [
        {
          title: `Bench ${i}`,
          brief: 'A tip the benchmark never shows.',
          target: {
            selector: `tr[data-account-id="${5000 + i}"] a`,
            fallbacks: [`#bench-field-${i}`, `[aria-label="Bench ${i}"]`],
            ...(i % 3 === 0 ? { text: `Account ${i}` } : {}),
          },
        },
      ],
    });
  }
  for (let i = BENCH_MATCHING; i < BENCH_RULES; i++) {
    rules.push({
      ...base(i),
      kind: (['walkthrough', 'tip', 'hint'] as const)[i % 3] as Rule['kind'],
      where: { urls: [`http://127.0.0.1/area-${i % 97}/section-${i}/*`] },
      steps: [
        {
          title: `Elsewhere ${i}`,
          brief: 'Applies on another page.',
          target: { selector: `.area-${i} [name="f${i}"]` },
        },
      ],
    });
  }
  return {
    format: 2,
    id: 'bench-1000',
    name: 'Benchmark: 1,000 rules',
    version: 1,
    rules,
    checklists: [],
  };
}
