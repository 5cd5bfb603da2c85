import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../rules/model';
import { formatProblem, parsePack } from '../../../rules/parse-pack';

const rule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'welcome',
  name: 'Welcome',
  kind: 'walkthrough',
  status: 'published',
  where: { urls: ['https://crm.example.com/accounts/:id'] },
  start: 'auto',
  steps: [{ title: 'Start', brief: 'Click **New**.', target: { selector: '#new' } }],
  ...over,
});
const pack = (rules: unknown[], over: Record<string, unknown> = {}) => ({
  format: 2,
  id: 'acme',
  name: 'Acme',
  version: 1,
  rules,
  ...over,
});
const step = (over: Record<string, unknown>) => ({ title: 'T', brief: 'B', target: { selector: '#x' }, ...over });

/** A pack with one broken rule (and a valid one), and the problem it must report. */
const PROBLEMS: [string, Record<string, unknown>, string][] = [
  [
    'an invalid selector',
    rule({ steps: [step({}), step({ target: { selector: 'div >> span' } })] }),
    'rules[0].steps[1].target.selector: "div >> span" is not a valid CSS selector (unexpected ">" after ">")',
  ],
  [
    'an invalid fallback',
    rule({ steps: [step({ target: { selector: '#a', fallbacks: ['#b', 'p:contains(x)'] } })] }),
    'rules[0].steps[0].target.fallbacks[1]: "p:contains(x)" is not a valid CSS selector',
  ],
  [
    'a misspelt field',
    rule({ steps: [step({ breif: 'x' })] }),
    'rules[0].steps[0].breif: is not a known field: did you mean "brief"?',
  ],
  [
    'an unknown kind',
    rule({ kind: 'tour' }),
    'rules[0].kind: must be one of "walkthrough", "tip", "hint" (got "tour")',
  ],
  ['a missing name', rule({ name: undefined }), 'rules[0].name: is required'],
  ['a wrong type', rule({ priority: 'high' }), 'rules[0].priority: must be a number (got "high")'],
  ['a fractional priority', rule({ priority: 1.5 }), 'rules[0].priority: must be a whole number'],
  ['no steps', rule({ steps: [] }), 'rules[0].steps: must have at least 1 item'],
  ['no URLs', rule({ where: { urls: [] } }), 'rules[0].where.urls: must have at least 1 item'],
  [
    'a bad URL pattern',
    rule({ where: { urls: ['htps//x'] } }),
    'rules[0].where.urls[0]: "htps//x" is not a valid URL pattern',
  ],
  [
    'a condition with two kinds',
    rule({
      where: { urls: ['https://a.example/*'], when: { exists: { selector: '#a' }, absent: { selector: '#b' } } },
    }),
    'rules[0].where.when: holds exists and absent: one kind per condition',
  ],
  [
    'an unknown condition',
    rule({ where: { urls: ['https://a.example/*'], when: { visible: { selector: '#a' } } } }),
    'rules[0].where.when: "visible" is not a condition',
  ],
  [
    'a deep bad selector',
    rule({
      where: { urls: ['https://a.example/*'], when: { all: [{ any: [{ not: { exists: { selector: 'a:is(' } } }] }] } },
    }),
    'rules[0].where.when.all[0].any[0].not.exists.selector: "a:is(" is not a valid CSS selector',
  ],
  [
    'a pattern with lookahead',
    rule({
      where: {
        urls: ['https://a.example/*'],
        when: { value: { target: { selector: '#a' }, matches: '^(?=.*\\d).{8,}$' } },
      },
    }),
    'rules[0].where.when.value.matches: /^(?=.*\\d).{8,}$/ cannot be used: lookahead ((?=…) or (?!…)) is not supported',
  ],
  [
    'a pattern too large to run quickly',
    rule({ kind: 'hint', steps: [step({ validate: { matches: '(a{1,30}){1,30}$', message: 'm' } })] }),
    'rules[0].steps[0].validate.matches: /(a{1,30}){1,30}$/ cannot be used: it is too large to run quickly',
  ],
  [
    'an invalid regular expression',
    rule({ kind: 'hint', steps: [step({ validate: { matches: '[a-', message: 'm' } })] }),
    'rules[0].steps[0].validate.matches: /[a-/ is not a valid regular expression',
  ],
  [
    'a stateful flag',
    rule({ kind: 'hint', steps: [step({ validate: { matches: 'a', flags: 'g', message: 'm' } })] }),
    'rules[0].steps[0].validate.matches: flags "g" are not allowed',
  ],
  [
    'a tip with two steps',
    rule({ kind: 'tip', steps: [step({}), step({})] }),
    'rules[0].steps: a tip has exactly one step (this one has 2)',
  ],
  [
    'a hint without a target',
    rule({ kind: 'hint', steps: [{ title: 'T', brief: 'B' }] }),
    'rules[0].steps[0].target: is required: a hint sits beside an element',
  ],
  [
    'validation on a tip',
    rule({ kind: 'tip', steps: [step({ validate: { matches: 'a', message: 'm' } })] }),
    'rules[0].steps[0].validate: is for hints, and for walkthrough steps that advance on "input-target"',
  ],
  [
    'validation on a walkthrough step that does not advance on input',
    rule({ steps: [step({ validate: { matches: 'a', message: 'm' }, advance: 'click-target' })] }),
    'rules[0].steps[0].validate: checks what is typed: give the step "advance": "input-target"',
  ],
  [
    'a repeated step id',
    rule({ steps: [step({ id: 's' }), step({ id: 's' })] }),
    'rules[0].steps[1].id: "s" is already the id of steps[0]',
  ],
  [
    'a bad timestamp',
    rule({ updatedAt: 'yesterday' }),
    'rules[0].updatedAt: must be a date and time like 2025-05-01T09:30:00Z',
  ],
  [
    'a bad start',
    rule({ start: { on: 'hover', target: { selector: '#a' } } }),
    'rules[0].start: must be "auto", "manual" or { "on"',
  ],
  ['control characters', rule({ name: 'A\u0000B' }), 'rules[0].name: must not contain control characters'],
  ['a huge string', rule({ name: 'x'.repeat(100_000) }), 'rules[0].name: is too long (at most 200 characters)'],
  [
    'deep nesting',
    rule({ where: { urls: ['https://a.example/*'], when: nest(60) } }),
    'nests too deeply (more than 40 levels)',
  ],
  ['not an object', 42 as unknown as Record<string, unknown>, 'rules[0]: must be an object (got 42)'],
];

function nest(depth: number): unknown {
  let c: unknown = { exists: { selector: '#a' } };
  for (let i = 0; i < depth; i++) c = { not: c };
  return c;
}

describe('parsePack', () => {
  it.each(PROBLEMS)('reports %s and keeps the other rules', (_what, broken, expected) => {
    const good = rule({ id: 'good' });
    const result = parsePack(pack([broken, good]));
    const messages = result.problems.map(formatProblem);
    expect(
      messages.some((m) => m.includes(expected)),
      `${expected}\nin\n${messages.join('\n')}`,
    ).toBe(true);
    expect(result.pack?.rules.map((r) => r.id)).toEqual(['good']);
    expect(result.skipped).toBe(1);
  });

  it('accepts a valid pack without problems and returns exactly its content', () => {
    const r = rule({ priority: 5, updatedAt: '2025-05-01T09:30:00Z' });
    const result = parsePack(pack([r], { description: 'Help for Acme' }));
    expect(result.problems).toEqual([]);
    expect(result.pack).toEqual({ ...pack([r]), description: 'Help for Acme', checklists: [] });
  });

  it('lists every unknown field, not only the first', () => {
    const result = parsePack(pack([rule({ colour: 'red', size: 2 })]));
    expect(result.problems.map((p) => p.path)).toEqual(['rules[0].colour', 'rules[0].size']);
  });

  it('skips a repeated rule id and names the first', () => {
    const result = parsePack(pack([rule(), rule()]));
    expect(result.problems.map(formatProblem)).toEqual(['rules[1].id: "welcome" is already the id of rules[0]']);
    expect(result.pack?.rules).toHaveLength(1);
  });

  it.each([
    [null, '', 'a rule pack must be a JSON object'],
    [[], '', 'a rule pack must be a JSON object (got a list)'],
    ['pack', '', 'a rule pack must be a JSON object (got string)'],
    [{ id: 'x' }, 'format', 'must be the pack format, 2 for this version'],
    [{ format: 9, id: 'x' }, 'format', 'the pack was made for a newer Stepwise (format 9)'],
    [pack([], { id: undefined }), 'id', 'is required'],
    [pack([], { id: '' }), 'id', 'must not be empty'],
    [pack([], { version: -1 }), 'version', 'must be at least 0'],
    [pack([], { rules: 'all' }), 'rules', 'must be a list'],
  ])('refuses an unusable pack %j', (input, path, message) => {
    const result = parsePack(input);
    expect(result.pack).toBeNull();
    expect(result.problems).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('keeps a pack whose optional fields are wrong, dropping them', () => {
    const result = parsePack(pack([rule()], { description: 7, colour: 'red' }));
    expect(result.pack?.rules).toHaveLength(1);
    expect(result.pack?.description).toBeUndefined();
    expect(result.problems.map((p) => p.path)).toEqual(['description', 'colour']);
  });

  it('checks checklists, and drops a link to a rule that is not there', () => {
    const checklist = (id: string, doneWhen: unknown, startsRule?: string) => ({
      id,
      title: 'Deal',
      where: { urls: ['https://crm.example.com/*'] },
      items: [{ id: 'i', title: 'Amount', doneWhen, ...(startsRule && { startsRule }) }],
    });
    const result = parsePack(
      pack([rule()], {
        checklists: [
          checklist('a', { value: { target: { selector: '#amount' }, matches: '^\\d+$' } }, 'welcome'),
          checklist('b', { exists: { selector: '#x' } }, 'gone'),
          checklist('c', { exists: { selector: '>>' } }),
          checklist('a', { exists: { selector: '#x' } }),
        ],
      }),
    );
    expect(result.problems.map(formatProblem)).toEqual([
      'checklists[1].items[0].startsRule: no rule "gone" in this pack (or it was skipped); the item is kept without it',
      'checklists[2].items[0].doneWhen.exists.selector: ">>" is not a valid CSS selector (unexpected ">")',
      'checklists[3].id: "a" is already the id of checklists[0]',
    ]);
    expect(result.pack?.checklists.map((c) => c.id)).toEqual(['a', 'b']);
    expect(result.pack?.checklists[1]?.items[0]).not.toHaveProperty('startsRule');
    expect(result.skipped).toBe(2);
  });

  it('keeps "done when seen once", refuses a second item with the same id and a "Show me" that is not a walkthrough', () => {
    const tip = { ...rule(), id: 'tip', kind: 'tip' };
    const result = parsePack(
      pack([rule(), tip], {
        checklists: [
          {
            id: 'week',
            title: 'First week',
            where: { urls: ['https://crm.example.com/*'] },
            items: [
              { id: 'saved', title: 'Save one', doneWhen: { exists: { selector: '#saved' } }, once: true },
              { id: 'saved', title: 'Again', doneWhen: { exists: { selector: '#x' } } },
              { id: 'tip', title: 'Read the tip', doneWhen: { exists: { selector: '#y' } }, startsRule: 'tip' },
              { id: 'bad', title: 'Bad', doneWhen: { exists: { selector: '#z' } }, once: 'yes' },
            ],
          },
        ],
      }),
    );
    expect(result.problems.map(formatProblem)).toEqual([
      'checklists[0].items[3].once: must be true or false (got "yes")',
    ]);
    const fixed = parsePack(
      pack([rule(), tip], {
        checklists: [
          {
            id: 'week',
            title: 'First week',
            where: { urls: ['https://crm.example.com/*'] },
            items: [
              { id: 'saved', title: 'Save one', doneWhen: { exists: { selector: '#saved' } }, once: true },
              { id: 'saved', title: 'Again', doneWhen: { exists: { selector: '#x' } } },
              { id: 'tip', title: 'Read the tip', doneWhen: { exists: { selector: '#y' } }, startsRule: 'tip' },
            ],
          },
        ],
      }),
    );
    expect(fixed.problems.map(formatProblem)).toEqual([
      'checklists[0].items[1].id: "saved" is already the id of items[0]',
      'checklists[0].items[2].startsRule: "tip" is a tip, not a walkthrough; the item is kept without it',
    ]);
    expect(fixed.pack?.checklists[0]?.items).toEqual([
      { id: 'saved', title: 'Save one', doneWhen: { exists: { selector: '#saved' } }, once: true },
      { id: 'tip', title: 'Read the tip', doneWhen: { exists: { selector: '#y' } } },
    ]);
  });

  it('never lets __proto__ or constructor keys reach a prototype', () => {
    const input = JSON.parse(
      '{"format":2,"id":"p","name":"P","version":1,"__proto__":{"polluted":1},' +
        '"rules":[{"id":"r","name":"R","kind":"tip","status":"published","start":"auto",' +
        '"where":{"urls":["https://a.example/*"],"__proto__":{"polluted":2}},' +
        '"steps":[{"title":"T","brief":"B","target":{"selector":"#a","constructor":{"prototype":{"polluted":3}}}}]}]}',
    );
    const result = parsePack(input);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.pack)).toBe(Object.prototype);
    expect(result.problems.map((p) => p.path).sort()).toEqual([
      '__proto__',
      'rules[0].steps[0].target.constructor',
      'rules[0].where.__proto__',
    ]);
    expect(result.pack?.rules).toEqual([]);
  });

  it('returns a typed rule the engine can use', () => {
    const r: Rule | undefined = parsePack(pack([rule()])).pack?.rules[0];
    expect(r?.steps[0]?.target?.selector).toBe('#new');
  });
});
