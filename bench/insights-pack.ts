/** The insights benchmarks' pack: `rules` three-step walkthroughs (open, fill, save) on one app. */
export const BENCH_STEPS = ['open', 'fill', 'save'];

export function insightsBenchPack(rules: number) {
  return {
    format: 2,
    id: 'bench',
    name: 'Bench',
    version: 1,
    rules: Array.from({ length: rules }, (_, i) => ({
      id: `w${i}`,
      name: `Walkthrough ${i}`,
      kind: 'walkthrough',
      status: 'published',
      where: { urls: ['https://crm.example.com/*'] },
      start: 'manual',
      steps: BENCH_STEPS.map((id) => ({ id, target: { selector: `#${id}-${i}` }, title: id, brief: 'b' })),
    })),
    checklists: [],
  };
}
