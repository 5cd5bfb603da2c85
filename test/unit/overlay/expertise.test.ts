import { describe, expect, it } from 'vitest';
import { isExpert, startsByItself, wantsUi } from '../../../overlay/expertise';
import type { ActiveRule } from '../../../rules/engine-api';
import type { Rule } from '../../../rules/model';
import { state, step, walkthrough } from './fakes';

const tour = walkthrough('tour', [step('One')]);
const manual = walkthrough('manual', [step('One')], { start: 'manual' });
const tip: Rule = { ...tour, id: 'tip', kind: 'tip' };
const active = (...rules: Rule[]): ActiveRule[] => rules.map((rule) => ({ rule, stepIndex: 0, target: null }));

describe('expertise', () => {
  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [9, 0, false], // 0 turns the expert form off
  ])('%i completions with expertAfter %i: expert %s', (count, after, expected) => {
    expect(isExpert('tour', state({ completions: { tour: count }, settings: { expertAfter: after } }))).toBe(expected);
  });

  it.each([
    ['a new walkthrough', tour, {}, true],
    ['a manual one', manual, {}, false],
    ['one marked known', tour, { known: ['tour'] }, false],
    ['one mastered', tour, { completions: { tour: 3 } }, false],
    ['one completed less than expertAfter times', tour, { completions: { tour: 2 } }, true],
    [
      'one the user closed',
      tour,
      { progress: { tour: { stepIndex: 0, status: 'dismissed' as const, updatedAt: 0 } } },
      false,
    ],
  ])('%s starts by itself: %s', (_name, rule, overrides, expected) => {
    expect(startsByItself(rule, state(overrides))).toBe(expected);
  });

  it('loads the UI only when an active rule can show something', () => {
    expect(wantsUi(active(), state())).toBe(false);
    expect(wantsUi(active(manual), state())).toBe(false);
    expect(
      wantsUi(active(manual), state({ progress: { manual: { stepIndex: 1, status: 'active', updatedAt: 0 } } })),
    ).toBe(true);
    expect(wantsUi(active(tip), state({ dismissedTips: ['tip'] }))).toBe(false);
    expect(wantsUi(active(tip), state())).toBe(true);
  });
});
