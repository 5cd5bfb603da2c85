/**
 * The engine (indexed and naive alike) on a saved CRM form: how targets resolve, how conditions
 * and URLs decide which rules apply, the pattern engine's loading, priorities and step pointers.
 * Changes to the page: engine-mutations.test.ts; whole-view re-renders: engine-big-pages.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveRule, MatchEngine } from '../../../rules/engine-api';
import type { Condition, Rule, Step, Target } from '../../../rules/model';
import { createLinearTester } from '../../../rules/regex/linear';
import { type Fixture, fixture, URLPatternImpl } from './dom';
import { describeResolution, ENGINES, FORM_URL, rule } from './engine-cases';

describe.each(ENGINES)('%s', (_name, create) => {
  let page: Fixture;
  afterEach(() => page?.close());

  const start = async (rules: Rule[], url = FORM_URL, name = 'opportunity-form') => {
    page = await fixture(name, url);
    return create({ root: page.document, url, rules, URLPattern: URLPatternImpl, testPattern: createLinearTester() });
  };
  const target = (engine: MatchEngine, id: string) => describeResolution(engine.get(id)?.target);

  it.each<[string, Target, unknown]>([
    ['an id', { selector: '#opp-amount' }, { found: ['opp-amount'], via: '#opp-amount' }],
    [
      'a fallback when the selector finds nothing',
      { selector: '#gone', fallbacks: ['#nope', 'input[name=amount]'] },
      { found: ['opp-amount'], via: 'input[name=amount]' },
    ],
    [
      'several elements',
      { selector: '.actions button' },
      { ambiguous: ['save-opportunity', 'button'], via: '.actions button' },
    ],
    ['nothing', { selector: '#gone', fallbacks: ['.nope'] }, 'not-found'],
    [
      'the first of several, named (nth)',
      { selector: '.actions button', nth: 1 },
      { found: ['save-opportunity'], via: '.actions button' },
    ],
    [
      'the second of several in page order (nth)',
      { selector: '.actions button', nth: 2 },
      { found: ['button'], via: '.actions button' },
    ],
    ['an nth beyond the matches', { selector: '.actions button', nth: 3 }, 'not-found'],
    [
      'nth counts after the text filter',
      { selector: 'button', text: 'SAVE', textMatch: 'contains', nth: 2 },
      { found: ['button'], via: 'button' },
    ],
    [
      'exact text, whitespace and case ignored',
      { selector: 'button', text: 'save as  DRAFT' },
      { found: ['button'], via: 'button' },
    ],
    [
      'exact text that is only part of it',
      { selector: 'button', text: 'save' },
      { found: ['save-opportunity'], via: 'button' },
    ],
    [
      'contained text',
      { selector: 'button', text: 'SAVE', textMatch: 'contains' },
      { ambiguous: ['save-opportunity', 'button'], via: 'button' },
    ],
    ['an aria-label', { selector: 'input', ariaLabel: 'contact e-mail' }, { found: ['opp-email'], via: 'input' }],
    [
      'an aria-labelledby label',
      { selector: 'select', ariaLabel: 'Deal stage' },
      { found: ['opp-stage'], via: 'select' },
    ],
    ['a <label for>', { selector: 'input', ariaLabel: 'Amount (USD)' }, { found: ['opp-amount'], via: 'input' }],
    // The accessible name, not only aria-label: a button's text, an iframe's title.
    ['a name from content', { selector: 'button', ariaLabel: 'save as draft' }, { found: ['button'], via: 'button' }],
    ['a title', { selector: 'iframe', ariaLabel: 'Internal notes' }, { found: ['notes-frame'], via: 'iframe' }],
    [
      'a field inside an open shadow root',
      { selector: 'input[name=street]' },
      { found: ['street'], via: 'input[name=street]' },
    ],
    [
      'fields in the document and a shadow root, in order',
      { selector: 'input[id]', text: '' },
      { ambiguous: ['opp-name', 'opp-amount', 'opp-email', 'street', 'postal-code'], via: 'input[id]' },
    ],
    [
      'a field inside a same-origin iframe',
      { frame: '#notes-frame', selector: 'textarea' },
      { found: ['notes'], via: 'textarea' },
    ],
    ['no such iframe', { frame: '#gone', selector: 'textarea' }, 'not-found'],
  ])('resolves %s', async (_what, t, expected) => {
    const engine = await start([rule('r', { target: t })]);
    expect(target(engine, 'r')).toEqual(expected);
  });

  it.each<[string, Condition, boolean]>([
    ['exists', { exists: { selector: '#opp-amount' } }, true],
    ['exists (missing)', { exists: { selector: '#gone' } }, false],
    ['absent', { absent: { selector: '.modal' } }, true],
    ['url', { url: 'https://crm.example.com/opportunities/:id' }, true],
    ['url (other)', { url: 'https://crm.example.com/accounts/:id' }, false],
    ['value', { value: { target: { selector: '#opp-amount' }, matches: '^\\d+$' } }, true],
    ['value (no match)', { value: { target: { selector: '#opp-amount' }, matches: '^\\d{5}$' } }, false],
    ['value in a shadow root', { value: { target: { selector: '#postal-code' }, matches: '^\\d{4}$' } }, true],
    [
      'value in an iframe',
      { value: { target: { frame: 'iframe', selector: '#notes' }, matches: 'monday', flags: 'i' } },
      true,
    ],
    ['value of an element without one: its text', { value: { target: { selector: 'h1' }, matches: '^New opp' } }, true],
    ['all', { all: [{ exists: { selector: '#opp-name' } }, { absent: { selector: '#gone' } }] }, true],
    ['all (one fails)', { all: [{ exists: { selector: '#opp-name' } }, { exists: { selector: '#gone' } }] }, false],
    ['all of nothing', { all: [] }, true],
    ['any', { any: [{ exists: { selector: '#gone' } }, { exists: { selector: '#opp-name' } }] }, true],
    ['any of nothing', { any: [] }, false],
    ['not', { not: { exists: { selector: '#gone' } } }, true],
  ])('evaluates %s', async (_what, when, applies) => {
    const engine = await start([rule('r', { when })]);
    expect(engine.get('r') !== undefined).toBe(applies);
  });

  it('holds a rule that tests a pattern until the pattern engine is loaded, and asks for it', async () => {
    const typed = { value: { target: { selector: '#opp-amount' }, matches: '^\\d+$' } };
    page = await fixture('opportunity-form', FORM_URL);
    const engine = create({
      root: page.document,
      url: FORM_URL,
      URLPattern: URLPatternImpl,
      rules: [
        rule('typed', { when: typed }),
        rule('untyped', { when: { not: typed } }),
        rule('plain'),
        // A pattern that need not be tested: its field is not on the page, or another part decides.
        rule('no-field', { when: { value: { target: { selector: '#gone' }, matches: 'x' } } }),
        rule('decided', { when: { any: [{ exists: { selector: '#opp-name' } }, typed] } }),
      ],
    });
    expect(engine.active().map((a) => a.rule.id)).toEqual(['plain', 'decided']);
    expect(engine.wantsPatterns?.()).toBe(true);
    expect(engine.setPatternTester?.(createLinearTester())).toEqual({ entered: ['typed'], left: [], targets: [] });
    expect(engine.active().map((a) => a.rule.id)).toEqual(['typed', 'plain', 'decided']);
    expect(engine.wantsPatterns?.()).toBe(false);
  });

  it('does not ask for the pattern engine while no rule whose URL matches tests a pattern', async () => {
    page = await fixture('opportunity-form', FORM_URL);
    const engine = create({
      root: page.document,
      url: FORM_URL,
      URLPattern: URLPatternImpl,
      rules: [
        rule('elsewhere', {
          where: {
            urls: ['https://crm.example.com/accounts/*'],
            when: { value: { target: { selector: '#opp-amount' }, matches: '^\\d+$' } },
          },
        }),
      ],
    });
    expect(engine.wantsPatterns?.()).toBe(false);
    engine.setUrl('https://crm.example.com/accounts/7');
    expect(engine.wantsPatterns?.()).toBe(true);
  });

  it('applies rules by URL: include, exclude, hash routes', async () => {
    const engine = await start([
      rule('any', {}),
      rule('new', { where: { urls: ['https://crm.example.com/opportunities/new'] } }),
      rule('excluded', { where: { urls: ['https://crm.example.com/*'], excludeUrls: ['*://*/opportunities/*'] } }),
      rule('pipeline', { where: { urls: ['https://crm.example.com/reports#/pipeline'] } }),
      rule('elsewhere', { where: { urls: ['https://other.example.com/*'] } }),
    ]);
    const ids = () => engine.active().map((a) => a.rule.id);
    expect(ids()).toEqual(['any', 'new']);
    expect(engine.setUrl('https://crm.example.com/reports#/pipeline')).toEqual({
      entered: ['excluded', 'pipeline'],
      left: ['new'],
      targets: [],
    });
    expect(ids()).toEqual(['any', 'excluded', 'pipeline']);
    expect(engine.setUrl('https://crm.example.com/reports#/forecast')).toEqual({
      entered: [],
      left: ['pipeline'],
      targets: [],
    });
    expect(engine.setUrl('not a url')).toEqual({ entered: [], left: ['any', 'excluded'], targets: [] });
    expect(engine.matchesUrl('https://crm.example.com/*')).toBe(false);
    engine.setUrl(FORM_URL);
    expect(engine.matchesUrl({ pathname: '/opportunities/:id' })).toBe(true);
  });

  it('orders active rules by priority, then as given', async () => {
    const engine = await start([
      rule('a'),
      rule('b', { priority: 5 }),
      rule('c'),
      rule('d', { priority: -1 }),
      rule('e', { priority: 5 }),
    ]);
    expect(engine.active().map((a) => a.rule.id)).toEqual(['b', 'e', 'a', 'c', 'd']);
  });

  it('follows the step pointer and reports the target that changed', async () => {
    const steps: Step[] = [
      { title: '1', brief: 'b', target: { selector: '#opp-name' } },
      { title: '2', brief: 'b', target: { selector: '#opp-amount' }, advance: { appear: { selector: '.saved' } } },
      { title: '3', brief: 'b' },
    ];
    const engine = await start([rule('w', { steps })]);
    expect(target(engine, 'w')).toEqual({ found: ['opp-name'], via: '#opp-name' });
    expect(engine.setStep('w', 1)).toEqual({ entered: [], left: [], targets: ['w'] });
    const view = engine.get('w') as ActiveRule;
    expect([view.stepIndex, describeResolution(view.target), describeResolution(view.advanceTarget)]).toEqual([
      1,
      { found: ['opp-amount'], via: '#opp-amount' },
      'not-found',
    ]);
    expect(engine.setStep('w', 1)).toEqual({ entered: [], left: [], targets: [] });
    engine.setStep('w', 99);
    expect(engine.get('w')?.stepIndex).toBe(2);
    expect(engine.get('w')?.target).toBeNull();
    expect(engine.setStep('nope', 1)).toEqual({ entered: [], left: [], targets: [] });
  });

  it('keeps a step pointer set before the rule applies', async () => {
    const engine = await start([
      rule('w', {
        where: { urls: ['https://crm.example.com/accounts/*'] },
        steps: [
          { title: '1', brief: 'b' },
          { title: '2', brief: 'b' },
        ],
      }),
    ]);
    engine.setStep('w', 1);
    engine.setUrl('https://crm.example.com/accounts/7');
    expect(engine.get('w')?.stepIndex).toBe(1);
  });

  it('watches the start target', async () => {
    const engine = await start([rule('s', { start: { on: 'focus', target: { selector: '#postal-code' } } })]);
    expect(describeResolution(engine.get('s')?.startTarget)).toEqual({ found: ['postal-code'], via: '#postal-code' });
  });

  it('keeps the first of two rules with the same id', async () => {
    const engine = await start([rule('r', { priority: 1 }), rule('r', { priority: 2 })]);
    expect(engine.active().map((a) => a.rule.priority)).toEqual([1]);
  });

  it('replaces the rule set and reports what entered and left', async () => {
    const engine = await start([rule('a'), rule('b')]);
    expect(engine.setRules([rule('b'), rule('c')])).toEqual({ entered: ['c'], left: ['a'], targets: [] });
  });
});
