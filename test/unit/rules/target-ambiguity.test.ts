import { afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../../rules/model';
import { formatProblem, parsePack } from '../../../rules/parse-pack';
import { ambiguousTargets } from '../../../rules/target/ambiguity';
import { type Fixture, fixture } from './dom';

const URL = 'https://crm.example.com/opportunities/new';

function rule(id: string, over: Partial<Rule> = {}): Rule {
  return {
    id,
    name: id,
    kind: 'walkthrough',
    status: 'published',
    where: { urls: ['https://crm.example.com/*'] },
    start: 'auto',
    steps: [{ title: 'Step', brief: 'Do it.', target: { selector: '#opp-amount' } }],
    ...over,
  };
}

describe('the ambiguity report', () => {
  let page: Fixture;
  afterEach(() => page?.close());

  it('names each target that matches several elements: where in the pack, which selector, how many', async () => {
    page = await fixture('opportunity-form', URL);
    const rules = [
      rule('clear'),
      rule('tour', {
        where: { urls: ['https://crm.example.com/*'], when: { all: [{ exists: { selector: '.actions button' } }] } },
        start: { on: 'click', target: { selector: '#gone', fallbacks: ['.actions button'] } },
        steps: [
          { title: 'One', brief: 'x', target: { selector: '#opp-amount' } },
          { title: 'Two', brief: 'x', target: { selector: 'button', text: 'save', textMatch: 'contains' } },
          { title: 'Three', brief: 'x', target: { selector: '.actions button', nth: 2 } },
        ],
      }),
    ];
    const report = ambiguousTargets(rules, page.document, URL);
    expect(report.map(({ path, selector, count, ruleId }) => ({ path, selector, count, ruleId }))).toEqual([
      { path: 'rules[1].where.when.all[0].exists', selector: '.actions button', count: 2, ruleId: 'tour' },
      { path: 'rules[1].start.target', selector: '.actions button', count: 2, ruleId: 'tour' },
      { path: 'rules[1].steps[1].target', selector: 'button', count: 2, ruleId: 'tour' },
    ]);
    expect(formatProblem(report[2]!)).toBe(
      `rules[1].steps[1].target: selector "button" matches 2 elements on ${URL}; the first is used. Say which one with "nth" (1 to 2, in page order), or narrow it with "text" or "ariaLabel".`,
    );
  });

  it('reports an nth beyond the matches, which then find nothing', async () => {
    page = await fixture('opportunity-form', URL);
    const rules = [
      rule('tour', { steps: [{ title: 'T', brief: 'x', target: { selector: '.actions button', nth: 5 } }] }),
    ];
    expect(ambiguousTargets(rules, page.document).map(formatProblem)).toEqual([
      'rules[0].steps[0].target.nth: is 5, but the selector ".actions button" matches 2 elements on this page, so the target finds nothing: write 1 to 2.',
    ]);
  });

  it('has nothing to say when each target finds one element or none', async () => {
    page = await fixture('opportunity-form', URL);
    const rules = [rule('one'), rule('none', { steps: [{ title: 'T', brief: 'x', target: { selector: '#gone' } }] })];
    expect(ambiguousTargets(rules, page.document)).toEqual([]);
  });
});

describe('nth in a pack', () => {
  const pack = (nth: unknown) => ({
    format: 2,
    id: 'acme',
    name: 'Acme',
    version: 1,
    rules: [
      {
        id: 'tour',
        name: 'Tour',
        kind: 'walkthrough',
        status: 'published',
        where: { urls: ['https://crm.example.com/*'] },
        start: 'auto',
        steps: [{ title: 'T', brief: 'B', target: { selector: '.row button', nth } }],
      },
    ],
  });

  it('is kept when it is a whole number from 1', () => {
    const result = parsePack(pack(3));
    expect(result.problems).toEqual([]);
    expect(result.pack?.rules[0]?.steps[0]?.target?.nth).toBe(3);
  });

  it.each<[unknown, string]>([
    [0, 'must be at least 1 (got 0)'],
    [-2, 'must be at least 1 (got -2)'],
    [1.5, 'must be a whole number (got 1.5)'],
    ['2', 'must be a number (got "2")'],
    [5000, 'must be at most 1000 (got 5000)'],
  ])('refuses %j with words at its JSON path', (nth, words) => {
    const problems = parsePack(pack(nth)).problems.map(formatProblem);
    expect(problems).toEqual([`rules[0].steps[0].target.nth: ${words}`]);
  });
});
