import { describe, expect, it } from 'vitest';
import {
  buildReport,
  daysOf,
  FAILING_SHARE,
  HINT_CORRECTED,
  healthOf,
  type InsightsInput,
  lastDays,
} from '../../../insights/aggregate';
import type { CounterRow, ProbeRow, RuleInfo } from '../../../insights/model';

const walkthrough: RuleInfo = {
  id: 'new-opp',
  name: 'New opportunity',
  kind: 'walkthrough',
  packId: 'acme',
  packName: 'Acme',
  steps: [
    { id: 'open', title: 'Open the form', selector: '#new-opportunity' },
    { id: 'amount', title: 'Amount', selector: 'input[name=amount]' },
    { id: 'save', title: 'Save', selector: 'button[type=submit]' },
  ],
};
const hint: RuleInfo = {
  id: 'amount-hint',
  name: 'Amount hint',
  kind: 'hint',
  packId: 'acme',
  packName: 'Acme',
  steps: [{ id: '0', title: 'Amount', selector: 'input[name=amount]' }],
};
const otherPack: RuleInfo = { ...walkthrough, id: 'other', name: 'Other', packId: 'b', packName: 'B' };

const row = (ruleId: string, stepId: string, event: string, day: string, count: number): CounterRow => ({
  ruleId,
  stepId,
  event,
  day,
  count,
});

const range = { from: '2026-11-01', to: '2026-11-03' };

function input(overrides: Partial<InsightsInput> = {}): InsightsInput {
  return {
    rules: [walkthrough, hint, otherPack],
    counters: [
      row('new-opp', 'open', 'shown', '2026-11-01', 6),
      row('new-opp', 'open', 'shown', '2026-11-02', 4),
      row('new-opp', 'amount', 'shown', '2026-11-01', 9),
      row('new-opp', 'save', 'shown', '2026-11-02', 3),
      row('new-opp', 'save', 'completed', '2026-11-02', 2),
      row('new-opp', 'amount', 'dismissed', '2026-11-01', 6),
      row('new-opp', 'save', 'dismissed', '2026-11-02', 1),
      row('new-opp', 'amount', 'unhelpful', '2026-11-01', 1),
      row('new-opp', 'open', 'helpful', '2026-11-03', 2),
      // Outside the range: left out of every figure.
      row('new-opp', 'save', 'completed', '2026-10-31', 50),
      row('amount-hint', '0', 'shown', '2026-11-03', 5),
      row('amount-hint', '0', HINT_CORRECTED, '2026-11-03', 3),
      row('other', 'open', 'shown', '2026-11-01', 1),
    ],
    probes: [],
    probeStates: [],
    comments: [{ ruleId: 'new-opp', stepId: 'amount', text: 'Which currency?', at: Date.parse('2026-11-01T10:00Z') }],
    stuck: [
      { ruleId: 'new-opp', stepId: 'save', text: 'Save is grey', at: Date.parse('2026-11-02T10:00Z') },
      { ruleId: 'new-opp', text: 'too old', at: Date.parse('2026-10-01T10:00Z') },
    ],
    outgrow: [
      { ruleId: 'new-opp', runs: 3, people: 2 },
      { ruleId: 'new-opp', runs: 1, people: 1 },
    ],
    now: Date.parse('2026-11-03T12:00Z'),
    ...overrides,
  };
}

describe('days', () => {
  it('lists every day of a range across a month end, and the last n days', () => {
    expect(daysOf({ from: '2026-10-30', to: '2026-11-02' })).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    expect(daysOf({ from: '2026-11-02', to: '2026-11-01' })).toEqual([]);
    expect(lastDays(7, Date.parse('2026-11-03T23:59Z'))).toEqual({ from: '2026-10-28', to: '2026-11-03' });
  });
});

describe('walkthrough funnel', () => {
  const report = buildReport(input(), { range });
  const funnel = report.funnels.find((f) => f.ruleId === 'new-opp')!;

  it('counts shown, each step reached and completed, in the range only', () => {
    expect(funnel.stages.map((s) => [s.key, s.count])).toEqual([
      ['open', 10],
      ['amount', 9],
      ['save', 3],
      ['completed', 2],
    ]);
    expect(funnel.started).toBe(10);
    expect(funnel.completed).toBe(2);
    expect(funnel.abandoned).toBe(7);
    expect(funnel.completionRate).toBeCloseTo(0.2);
  });

  it('marks the step after which most runs were lost', () => {
    expect(funnel.dropOff).toEqual({ stepIndex: 1, stepId: 'amount', title: 'Amount', lost: 6 });
    expect(funnel.steps[1]).toMatchObject({ reached: 9, abandoned: 6, unhelpful: 1 });
  });

  it('has starts and completions per day, helpfulness, comments, stuck requests and runs to outgrow', () => {
    expect(funnel.daily).toEqual([
      { day: '2026-11-01', started: 6, completed: 0 },
      { day: '2026-11-02', started: 4, completed: 2 },
      { day: '2026-11-03', started: 0, completed: 0 },
    ]);
    expect([funnel.helpful, funnel.unhelpful]).toEqual([2, 1]);
    expect(funnel.comments.map((c) => c.text)).toEqual(['Which currency?']);
    expect(funnel.stuck.map((c) => c.text)).toEqual(['Save is grey']);
    expect(funnel.outgrow).toEqual([
      { runs: 1, people: 1 },
      { runs: 3, people: 2 },
    ]);
  });

  it('has no drop-off when nobody was lost, and a zero rate when nothing started', () => {
    const none = buildReport(input({ counters: [] }), { range }).funnels[0]!;
    expect(none.dropOff).toBeNull();
    expect(none.completionRate).toBe(0);
    const resumed = buildReport(
      input({
        counters: [
          row('new-opp', 'open', 'shown', '2026-11-01', 1),
          row('new-opp', 'amount', 'shown', '2026-11-01', 4),
        ],
      }),
      { range },
    ).funnels.find((f) => f.ruleId === 'new-opp')!;
    // More reached step 2 than step 1 (runs resumed there): that is not a negative loss.
    expect(resumed.dropOff).toEqual({ stepIndex: 1, stepId: 'amount', title: 'Amount', lost: 4 });
  });
});

describe('outcomes', () => {
  it('counts completions, abandons and corrected hints per day, for the filtered rules', () => {
    const { outcomes } = buildReport(input(), { range, packId: 'acme' });
    expect(outcomes).toMatchObject({
      completed: 2,
      abandoned: 7,
      hintsCorrected: 3,
      helpful: 2,
      unhelpful: 1,
      stuck: 1,
    });
    expect(outcomes.daily.map((d) => [d.day, d.completed, d.abandoned, d.hintsCorrected])).toEqual([
      ['2026-11-01', 0, 6, 0],
      ['2026-11-02', 2, 1, 0],
      ['2026-11-03', 0, 0, 3],
    ]);
  });

  it('filters by pack and by rule', () => {
    expect(buildReport(input(), { range, packId: 'b' }).funnels.map((f) => f.ruleId)).toEqual(['other']);
    const one = buildReport(input(), { range, ruleId: 'amount-hint' });
    expect(one.funnels).toEqual([]);
    expect(one.health.map((h) => h.ruleId)).toEqual(['amount-hint']);
    expect(one.outcomes.completed).toBe(0);
    // The filter lists still name everything.
    expect(one.packs.map((p) => p.id).sort()).toEqual(['acme', 'b']);
  });
});

describe('content health', () => {
  const probe = (stepId: string, p: Partial<ProbeRow>): ProbeRow => ({
    ruleId: 'new-opp',
    stepId,
    day: '2026-11-02',
    found: 0,
    ambiguous: 0,
    missing: 0,
    via: {},
    ...p,
  });

  it('is unchecked until a probe or a run says something', () => {
    expect(healthOf(walkthrough, [], new Map(), undefined).status).toBe('unchecked');
  });

  it('is working when every step is found by its selector', () => {
    const health = healthOf(
      walkthrough,
      walkthrough.steps.map((s) => probe(s.id, { found: 4, via: { [s.selector!]: 4 } })),
      new Map([['open', { ruleId: 'new-opp', stepId: 'open', lastFoundAt: 5, lastProbeAt: 5 }]]),
      undefined,
    );
    expect(health).toMatchObject({ status: 'working', lastWorkedAt: 5 });
    expect(health.steps.every((s) => s.suggestion === undefined)).toBe(true);
  });

  it('fails on the step whose target is missing on a share of pages, since when, with the fallback that worked', () => {
    const health = healthOf(
      walkthrough,
      [
        probe('open', { found: 2, missing: 3, via: { '#new-opportunity': 0, 'a[href$="/opportunities/new"]': 2 } }),
        probe('amount', { found: 5, via: { 'input[name=amount]': 5 } }),
      ],
      new Map([
        ['open', { ruleId: 'new-opp', stepId: 'open', lastFoundAt: 10, missingSince: 20, lastProbeAt: 30 }],
        ['amount', { ruleId: 'new-opp', stepId: 'amount', lastFoundAt: 30, lastProbeAt: 30 }],
      ]),
      undefined,
    );
    expect(health.status).toBe('failing');
    expect(health.step).toMatchObject({
      stepId: 'open',
      missing: 3,
      probes: 5,
      missingShare: 0.6,
      suggestion: { via: 'a[href$="/opportunities/new"]', pages: 2 },
    });
    expect(health.brokenSince).toBe(20);
    expect(health.lastWorkedAt).toBe(30);
  });

  it('counts a run that could not find the target as a miss', () => {
    const counts = buildReport(
      input({
        counters: [row('new-opp', 'amount', 'target-missing', '2026-11-02', 1)],
        probes: [probe('amount', { found: Math.floor(1 / FAILING_SHARE) - 1, via: { 'input[name=amount]': 3 } })],
      }),
      { range, ruleId: 'new-opp' },
    ).health[0]!;
    expect(counts.status).toBe('failing');
    expect(counts.step?.stepId).toBe('amount');
  });

  it('is ambiguous when the target matches several elements on a share of pages', () => {
    const health = healthOf(walkthrough, [probe('save', { found: 1, ambiguous: 3 })], new Map(), undefined);
    expect(health.status).toBe('ambiguous');
    expect(health.step?.stepId).toBe('save');
  });

  it('lists failing rules first', () => {
    const report = buildReport(input({ probes: [probe('open', { missing: 1 })] }), { range });
    expect(report.health[0]).toMatchObject({ ruleId: 'new-opp', status: 'failing' });
  });
});
