import { describe, expect, it } from 'vitest';
import { entryFromText, entryOf, entryProblems } from '../../../pages/editor/form/draft-text';
import {
  addStep,
  advanceChoice,
  duplicateStep,
  type EditableRule,
  fieldId,
  moveStep,
  numberFrom,
  otherProblems,
  patternFromText,
  patternText,
  problemsAt,
  removeStep,
  rolesText,
  startChoice,
  stepKeys,
  updateStep,
  withAdvance,
  withRoles,
  withStart,
} from '../../../pages/editor/form/rule-edit';
import type { Rule } from '../../../rules/index';
import { ruleProblems } from '../../../rules/index';

const walkthrough = (): Rule => ({
  id: 'new-deal',
  name: 'New deal',
  kind: 'walkthrough',
  status: 'draft',
  where: { urls: [{ pathname: '/accounts/:id' }] },
  start: 'manual',
  steps: [
    { id: 'step-1', title: 'Open', brief: 'Click **New**.', target: { selector: '#new' }, advance: 'click-target' },
    { id: 'step-2', title: 'Amount', brief: 'Type it.', target: { selector: 'input[name="amount"]' } },
    { id: 'step-3', title: 'Save', brief: 'Save it.' },
  ],
});

const titles = (rule: EditableRule) => rule.steps?.map((s) => s.title);

describe('steps: reorder, duplicate, delete, add', () => {
  it('moves a step, within the list, leaving the rule it came from as it was', () => {
    const rule = walkthrough();
    const moved = moveStep(rule, 2, 0);
    expect(titles(moved)).toEqual(['Save', 'Open', 'Amount']);
    expect(titles(rule)).toEqual(['Open', 'Amount', 'Save']);
    expect(titles(moveStep(rule, 0, 1))).toEqual(['Amount', 'Open', 'Save']);
    expect(titles(moveStep(rule, 2, 9))).toEqual(['Open', 'Amount', 'Save']);
    expect(moveStep(rule, 5, 0)).toBe(rule);
  });

  it('duplicates a step right after it, deep, with an id of its own (so the rule stays valid)', () => {
    const rule = walkthrough();
    const copied = duplicateStep(rule, 0);
    expect(titles(copied)).toEqual(['Open', 'Open', 'Amount', 'Save']);
    expect(copied.steps?.[1]?.id).toBe('step-4');
    expect(copied.steps?.[1]?.target).toEqual({ selector: '#new' });
    expect(copied.steps?.[1]?.target).not.toBe(rule.steps[0]?.target);
    expect(ruleProblems(copied)).toEqual([]);
  });

  it('deletes and adds steps; a new step has a fresh id and is empty, so the checks name its fields', () => {
    const rule = walkthrough();
    expect(titles(removeStep(rule, 1))).toEqual(['Open', 'Save']);
    const added = addStep(removeStep(rule, 1));
    expect(added.steps?.[2]).toEqual({ id: 'step-4', title: '', brief: '' });
    expect(ruleProblems(added).map((p) => p.path)).toEqual(['steps[2].title', 'steps[2].brief']);
  });

  it('keys steps by id while unique, else by place', () => {
    expect(stepKeys([{ id: 'a' }, { id: 'b' }, {}])).toEqual(['id:a', 'id:b', '#2']);
    expect(stepKeys([{ id: 'a' }, { id: 'a' }])).toEqual(['#0', '#1']);
  });
});

describe('fields to and from the rule', () => {
  it('advance: the choice from the rule, and the rule from the choice', () => {
    expect(
      ['next', 'click-target', 'input-target', { url: '/x' }, { appear: { selector: 'a' } }, undefined].map(
        advanceChoice,
      ),
    ).toEqual(['next', 'click-target', 'input-target', 'url', 'appear', 'next']);
    const step = walkthrough().steps[0]!;
    expect(withAdvance(step, 'next')).not.toHaveProperty('advance');
    expect(withAdvance(step, 'url', { pathname: '/deals/:id' }).advance).toEqual({ url: { pathname: '/deals/:id' } });
    expect(withAdvance(step, 'appear').advance).toEqual({ appear: { selector: '#new' } });
    expect(withAdvance(step, 'click-target')).toBe(step);
  });

  it('start: a trigger takes the first step’s element, and keeps its own when changed', () => {
    const rule = walkthrough();
    const onClick = withStart(rule, 'click');
    expect(onClick.start).toEqual({ on: 'click', target: { selector: '#new' } });
    expect(startChoice(onClick.start)).toBe('click');
    const edited = { ...onClick, start: { on: 'click' as const, target: { selector: '#other' } } };
    expect(withStart(edited, 'focus').start).toEqual({ on: 'focus', target: { selector: '#other' } });
    expect(withStart(edited, 'auto').start).toBe('auto');
    expect(startChoice('nonsense')).toBe('auto');
  });

  it('roles as words separated by commas; none leaves the audience out', () => {
    const rule = withRoles(walkthrough(), ' sales ,support,, ');
    expect(rule.audience).toEqual({ roles: ['sales', 'support'] });
    expect(rolesText(rule)).toBe('sales, support');
    expect(withRoles(rule, ' ')).not.toHaveProperty('audience');
  });

  it('numbers: empty leaves the field out, text that is no number is kept for the checks to name', () => {
    expect(numberFrom('')).toBeUndefined();
    expect(numberFrom(' 5 ')).toBe(5);
    expect(numberFrom('5x')).toBe('5x');
    const paths = ruleProblems({ ...walkthrough(), priority: numberFrom('5x') }).map((p) => p.path);
    expect(paths).toEqual(['priority']);
  });

  it('URL patterns as one line: a path and hash route as URL parts, a whole pattern as written', () => {
    expect(patternText({ pathname: '/reports', hash: '/pipeline' })).toBe('/reports#/pipeline');
    expect(patternText('https://crm.example.com/*')).toBe('https://crm.example.com/*');
    expect(patternFromText('/accounts/:id')).toEqual({ pathname: '/accounts/:id' });
    expect(patternFromText('/reports#/deals/:id')).toEqual({ pathname: '/reports', hash: '/deals/:id' });
    expect(patternFromText('https://crm.example.com/accounts/*')).toBe('https://crm.example.com/accounts/*');
    expect(patternFromText('*://crm.example.com/*')).toBe('*://crm.example.com/*');
    // The parts the line does not show are kept; an empty line stays empty (and is refused).
    expect(patternFromText('/deals', { hostname: 'crm.example.com', pathname: '/x' })).toEqual({
      hostname: 'crm.example.com',
      pathname: '/deals',
    });
    expect(patternFromText('  ')).toBe('');
    expect([
      ...new Set(ruleProblems({ ...walkthrough(), where: { urls: [patternFromText('')] } }).map((p) => p.path)),
    ]).toEqual(['where.urls[0]']);
  });

  it('changes one step, leaving the others and the rule before as they were', () => {
    const rule = walkthrough();
    const next = updateStep(rule, 1, (s) => ({ ...s, title: 'Value' }));
    expect(titles(next)).toEqual(['Open', 'Value', 'Save']);
    expect(next.steps?.[0]).toBe(rule.steps[0]);
    expect(rule.steps[1]?.title).toBe('Amount');
  });
});

describe('problems by field', () => {
  const problems = ruleProblems({
    ...walkthrough(),
    name: '',
    steps: [{ id: 'a', title: 'T', brief: '', placment: 'top', target: { selector: 'div >> span' } }],
  });

  it('each problem at its field’s path, as import words it', () => {
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['name', 'steps[0].brief', 'steps[0].placment', 'steps[0].target.selector'].sort(),
    );
    expect(problemsAt(problems, 'steps[0].brief')).toHaveLength(1);
    expect(problemsAt(problems, 'steps[0].target')).toHaveLength(0);
    expect(problemsAt(problems, 'steps[0].target', true)).toHaveLength(1);
    expect(fieldId('steps[0].target.selector')).toBe('field-steps-0-target-selector');
  });

  it('lists on their own the problems at fields the form has no control for', () => {
    const shown = ['title', 'brief', 'target'];
    expect(otherProblems(problems, 'steps[0]', shown).map((p) => p.path)).toEqual(['steps[0].placment']);
    expect(otherProblems(problems, '', ['steps', 'where']).map((p) => p.path)).toEqual(['name']);
  });
});

describe('the draft as JSON text', () => {
  it('keeps JSON that does not parse as typed, and says so; parses the rest', () => {
    expect(entryFromText('{ "id": ')).toEqual({ value: '{ "id": ', text: '{ "id": ' });
    expect(entryProblems(entryFromText('{ "id": '))[0]?.message).toMatch(/^not valid JSON/);
    const rule = walkthrough();
    expect(entryFromText(JSON.stringify(rule)).value).toEqual(rule);
    expect(entryProblems(entryOf(rule))).toEqual([]);
    expect(entryOf('{ broken').text).toBe('{ broken');
  });
});
