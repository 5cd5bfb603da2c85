// @vitest-environment happy-dom
/**
 * The page condition (`where.when`) in the editor's form: the pure mapping of its fields to the
 * condition, and the fields themselves, rendered, with the problems import gives at their paths.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ConditionFields } from '../../../pages/editor/form/ConditionFields';
import {
  conditionKind,
  conditionOfKind,
  withListItem,
  withNewItem,
  withValuePart,
} from '../../../pages/editor/form/condition-edit';
import { FormContext } from '../../../pages/editor/form/context';
import type { EditableRule } from '../../../pages/editor/form/rule-edit';
import type { Condition, Rule } from '../../../rules/index';
import { ruleProblems } from '../../../rules/index';

const tip = (when?: unknown): Rule =>
  ({
    id: 'call-tip',
    name: 'Calls',
    kind: 'tip',
    status: 'draft',
    where: { urls: [{ pathname: '/accounts/:id' }], ...(when !== undefined && { when }) },
    start: 'auto',
    steps: [{ id: 'step-1', title: 'Calls', brief: 'Log each one.', target: { selector: '#log-call' } }],
  }) as Rule;

describe('a page condition’s kind', () => {
  it.each([
    [{ exists: { selector: '#a' } }, 'exists'],
    [{ absent: { selector: '#a' } }, 'absent'],
    [{ url: { pathname: '/x' } }, 'url'],
    [{ value: { target: { selector: '#a' }, matches: 'x' } }, 'value'],
    [{ all: [] }, 'all'],
    [{ any: [] }, 'any'],
    [{ not: { exists: { selector: '#a' } } }, 'not'],
    // What the form cannot show: the checks name it, choosing a kind replaces it.
    ['text', null],
    [{}, null],
    [{ exists: { selector: '#a' }, absent: { selector: '#b' } }, null],
    [{ exsits: { selector: '#a' } }, null],
    [[{ exists: { selector: '#a' } }], null],
  ])('%j is %s', (value, kind) => {
    expect(conditionKind(value)).toBe(kind);
  });
});

describe('changing a condition’s kind keeps what still fits', () => {
  const there = { exists: { selector: '#save', text: 'Save' } };

  it('keeps the element between "is there", "is not there" and a field’s value', () => {
    expect(conditionOfKind('absent', there)).toEqual({ absent: { selector: '#save', text: 'Save' } });
    const value = conditionOfKind('value', there);
    expect(value).toEqual({ value: { target: { selector: '#save', text: 'Save' }, matches: '' } });
    expect(conditionOfKind('exists', value)).toEqual(there);
  });

  it('wraps what was there in "not", "all" and "any", and unwraps it again', () => {
    const not = conditionOfKind('not', there);
    expect(not).toEqual({ not: there });
    expect(conditionOfKind('exists', not)).toEqual(there);
    const all = conditionOfKind('all', there);
    expect(all).toEqual({ all: [there] });
    expect(conditionOfKind('any', all)).toEqual({ any: [there] });
    expect(conditionOfKind('absent', all)).toEqual({ absent: there.exists });
  });

  it('starts empty where nothing fits, which the checks then name at the field’s path', () => {
    expect(conditionOfKind('url', there)).toEqual({ url: '' });
    expect(conditionOfKind('exists', 'junk')).toEqual({ exists: { selector: '' } });
    expect(conditionOfKind('not', 'junk')).toEqual({ not: { exists: { selector: '' } } });
    expect(ruleProblems(tip(conditionOfKind('all', { url: '' })))).toEqual([
      expect.objectContaining({ path: 'where.when.all[0].url', message: 'must not be empty' }),
      expect.objectContaining({ path: 'where.when.all[0].url' }),
    ]);
  });

  it('returns the same condition when the kind does not change', () => {
    expect(conditionOfKind('exists', there)).toBe(there);
  });
});

describe('lists and field checks', () => {
  it('adds, changes and removes the conditions of "all" and "any"', () => {
    let any: unknown = { any: [{ url: { pathname: '/a' } }] };
    any = withNewItem(any);
    expect(any).toEqual({ any: [{ url: { pathname: '/a' } }, { exists: { selector: '' } }] });
    any = withListItem(any, 1, { exists: { selector: '#b' } });
    expect(any).toEqual({ any: [{ url: { pathname: '/a' } }, { exists: { selector: '#b' } }] });
    expect(withListItem(any, 0, undefined)).toEqual({ any: [{ exists: { selector: '#b' } }] });
    expect(ruleProblems(tip(any))).toEqual([]);
  });

  it('writes a field check part by part; empty flags are left out', () => {
    let value: unknown = conditionOfKind('value', { exists: { selector: 'input[name="zip"]' } });
    value = withValuePart(value, 'matches', '^\\d{5}$');
    value = withValuePart(value, 'flags', 'q');
    expect(ruleProblems(tip(value))).toEqual([
      { path: 'where.when.value.matches', message: 'flags "q" are not allowed (use any of i, m, s, u, once each)' },
    ]);
    value = withValuePart(value, 'flags', '');
    expect(value).toEqual({ value: { target: { selector: 'input[name="zip"]' }, matches: '^\\d{5}$' } });
    expect(ruleProblems(tip(value as Condition))).toEqual([]);
  });
});

describe('the condition’s fields', () => {
  let scratch: HTMLElement | undefined;
  afterEach(() => {
    if (scratch) render(null, scratch);
    scratch?.remove();
  });

  /** Renders the fields of `rule.where.when` as the form does; returns what each change made. */
  function show(rule: EditableRule) {
    const changes: { condition: unknown; group?: string }[] = [];
    scratch = document.createElement('div');
    document.body.append(scratch);
    const when = (rule.where as { when?: unknown }).when;
    act(() => {
      render(
        <FormContext.Provider value={{ rule, problems: ruleProblems(rule), edit: () => {}, pageUrl: '' }}>
          <ConditionFields
            path="where.when"
            label="What must hold"
            value={when}
            onChange={(condition, group) => changes.push({ condition, ...(group && { group }) })}
          />
        </FormContext.Provider>,
        scratch!,
      );
    });
    return { root: scratch!, changes };
  }

  it('gives each field the id of its JSON path and the import’s problem beside it', () => {
    const { root } = show(tip({ all: [{ url: { pathname: '/accounts/:id' } }, { exists: { selector: 'div >> a' } }] }));
    const kind = root.querySelector<HTMLSelectElement>('#field-where-when')!;
    expect(kind.value).toBe('all');
    expect(root.querySelector<HTMLSelectElement>('#field-where-when-all-1')!.value).toBe('exists');
    expect(root.querySelector<HTMLInputElement>('#field-where-when-all-0-url')!.value).toBe('/accounts/:id');
    const selector = root.querySelector<HTMLInputElement>('#field-where-when-all-1-exists-selector')!;
    expect(selector.value).toBe('div >> a');
    expect(selector.getAttribute('aria-invalid')).toBe('true');
    const described = root.querySelector(`#${selector.getAttribute('aria-describedby')!.split(' ').at(-1)}`);
    expect(described?.textContent).toBe(
      'where.when.all[1].exists.selector: "div >> a" is not a valid CSS selector (unexpected ">" after ">")',
    );
  });

  it('says when the form cannot show a condition, and a kind chosen replaces it', () => {
    const { root, changes } = show(tip({ exists: { selector: '#a' }, absent: { selector: '#b' } }));
    expect(root.textContent).toContain('The form cannot show this condition');
    expect(root.querySelector('#field-where-when-problems')?.textContent).toContain(
      'holds exists and absent: one kind per condition (combine them with "all")',
    );
    const kind = root.querySelector<HTMLSelectElement>('#field-where-when')!;
    act(() => {
      kind.value = 'absent';
      kind.dispatchEvent(new Event('change'));
    });
    expect(changes).toEqual([{ condition: { absent: { selector: '' } }, group: 'where.when' }]);
  });

  it('types into a field check’s pattern as one run of typing', () => {
    const { root, changes } = show(tip({ value: { target: { selector: '#zip' }, matches: '' } }));
    const matches = root.querySelector<HTMLInputElement>('#field-where-when-value-matches')!;
    act(() => {
      matches.value = '^\\d';
      matches.dispatchEvent(new Event('input'));
    });
    expect(changes).toEqual([
      { condition: { value: { target: { selector: '#zip' }, matches: '^\\d' } }, group: 'where.when.value.matches' },
    ]);
  });
});
