import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchFromRecords, createEngine } from '../../../rules/engine';
import type { ActiveRule, CreateEngine, MatchEngine, MutationBatch, Resolution } from '../../../rules/engine-api';
import type { Condition, Rule, Step, Target } from '../../../rules/model';
import { createNaiveEngine } from '../../../rules/naive-engine';
import { createLinearTester } from '../../../rules/regex/linear';
import { HEAVY_TEST_MS } from '../../budget';
import { type Fixture, fixture, forgetMatchCaches, URLPatternImpl } from './dom';

const FORM_URL = 'https://crm.example.com/opportunities/new';

function rule(id: string, over: Partial<Rule> & { target?: Target; when?: Condition } = {}): Rule {
  const { target, when, ...rest } = over;
  return {
    id,
    name: id,
    kind: 'walkthrough',
    status: 'published',
    where: { urls: ['https://crm.example.com/*'], ...(when && { when }) },
    start: 'auto',
    steps: [{ title: 'Step', brief: 'Do it.', ...(target && { target }) }],
    ...rest,
  };
}

/** What a resolution says, in a comparable form. */
function describeResolution(r: Resolution | null | undefined): unknown {
  if (!r) return r;
  if (r.status === 'not-found') return 'not-found';
  const els = r.status === 'found' ? [r.element] : r.elements;
  return { [r.status]: els.map((e) => e.id || e.getAttribute('name') || e.localName), via: r.via };
}

const ENGINES: [string, CreateEngine][] = [
  ['indexed engine', createEngine],
  ['naive engine', createNaiveEngine],
];

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

  describe('on mutations', () => {
    let records: MutationRecord[] = [];
    let engine: MatchEngine;
    const observed = new Set<Node>();
    const observe = () => {
      for (const root of [page.document, ...engine.roots()]) {
        if (observed.has(root)) continue;
        observed.add(root);
        new page.window.MutationObserver((r) => records.push(...(r as unknown as MutationRecord[]))).observe(
          root as never,
          { childList: true, subtree: true, attributes: true, characterData: true },
        );
      }
    };
    const change = async (mutate: () => void, extra: Partial<MutationBatch> = {}) => {
      mutate();
      await new Promise((r) => setTimeout(r, 0));
      for (const root of [page.document, ...engine.roots()]) forgetMatchCaches(root.querySelectorAll('*'));
      const batch = batchFromRecords(records);
      records = [];
      const result = engine.update({ ...batch, changed: [...(batch.changed ?? []), ...(extra.changed ?? [])] });
      observe();
      return result;
    };
    const setup = async (rules: Rule[]) => {
      observed.clear();
      records = [];
      engine = await start(rules);
      observe();
    };
    const $ = (s: string) => page.document.querySelector(s)!;

    it('sees a target appear, move and go away', async () => {
      await setup([
        rule('r', { target: { selector: '.toast' } }),
        rule('other', { target: { selector: '#opp-name' } }),
      ]);
      expect(target(engine, 'r')).toBe('not-found');
      expect(
        await change(() => $('main').insertAdjacentHTML('beforeend', '<div class="toast" id="t">Saved</div>')),
      ).toEqual({ entered: [], left: [], targets: ['r'] });
      expect(target(engine, 'r')).toEqual({ found: ['t'], via: '.toast' });
      expect(await change(() => $('form').append($('#t')))).toEqual({ entered: [], left: [], targets: [] });
      expect(await change(() => $('#t').remove())).toEqual({ entered: [], left: [], targets: ['r'] });
      expect(target(engine, 'r')).toBe('not-found');
    });

    it('follows attribute changes on the element and its ancestors', async () => {
      await setup([
        rule('r', { target: { selector: 'form.editing #opp-name' } }),
        rule('s', { target: { selector: '.big' } }),
      ]);
      expect(await change(() => $('form').classList.add('editing'))).toEqual({ entered: [], left: [], targets: ['r'] });
      expect(await change(() => $('#opp-name').classList.add('big'))).toEqual({
        entered: [],
        left: [],
        targets: ['s'],
      });
      expect(await change(() => $('#opp-name').removeAttribute('class'))).toEqual({
        entered: [],
        left: [],
        targets: ['s'],
      });
      expect(await change(() => $('form').classList.remove('editing'))).toEqual({
        entered: [],
        left: [],
        targets: ['r'],
      });
    });

    it('follows text changes for a text filter', async () => {
      await setup([rule('r', { target: { selector: 'button', text: 'Submit' } })]);
      expect(
        await change(() => {
          $('#save-opportunity').textContent = 'Submit';
        }),
      ).toEqual({ entered: [], left: [], targets: ['r'] });
      expect(
        await change(() => {
          $('#save-opportunity').firstChild!.nodeValue = 'Save';
        }),
      ).toEqual({ entered: [], left: [], targets: ['r'] });
    });

    it('follows a value typed into a field, reported as changed', async () => {
      await setup([rule('r', { when: { value: { target: { selector: '#opp-amount' }, matches: '^\\d+$' } } })]);
      const amount = $('#opp-amount') as HTMLInputElement;
      expect(
        await change(
          () => {
            amount.value = '12x';
          },
          { changed: [amount] },
        ),
      ).toEqual({ entered: [], left: ['r'], targets: [] });
      expect(
        await change(
          () => {
            amount.value = '12';
          },
          { changed: [amount] },
        ),
      ).toEqual({ entered: ['r'], left: [], targets: [] });
    });

    it('sees changes inside an open shadow root', async () => {
      await setup([rule('r', { target: { selector: '#street' } })]);
      expect(await change(() => $('acme-address-editor').shadowRoot!.querySelector('#street')!.remove())).toEqual({
        entered: [],
        left: [],
        targets: ['r'],
      });
      const host = page.document.createElement('div');
      await change(() => $('main').append(host));
      // A shadow root attached to a host already in the page is found when the host is next reported.
      await change(() => {
        host.attachShadow({ mode: 'open' }).innerHTML = '<p>x</p>';
        host.setAttribute('data-ready', '');
      });
      expect([...engine.roots()]).toContain(host.shadowRoot);
      const street = page.document.createElement('input');
      street.id = 'street';
      expect(await change(() => host.shadowRoot!.append(street))).toEqual({ entered: [], left: [], targets: ['r'] });
    });

    it('sees changes inside a same-origin iframe', async () => {
      await setup([rule('r', { target: { frame: '#notes-frame', selector: '.mention' } })]);
      const frameDoc = ($('#notes-frame') as HTMLIFrameElement).contentDocument!;
      expect([...engine.roots()]).toContain(frameDoc);
      expect(await change(() => frameDoc.body.insertAdjacentHTML('beforeend', '<b class="mention">@ana</b>'))).toEqual({
        entered: [],
        left: [],
        targets: ['r'],
      });
    });

    it('sees sibling and structural selectors change', async () => {
      await setup([
        rule('r', { target: { selector: 'label + input.flag' } }),
        rule('s', { target: { selector: '.actions > :first-child' } }),
      ]);
      expect(await change(() => $('#opp-name').classList.add('flag'))).toEqual({
        entered: [],
        left: [],
        targets: ['r'],
      });
      expect(await change(() => $('.actions').prepend(page.document.createElement('span')))).toEqual({
        entered: [],
        left: [],
        targets: ['s'],
      });
    });

    it('moves rules in and out through their conditions', async () => {
      await setup([rule('r', { when: { absent: { selector: '.modal' } } })]);
      expect(await change(() => $('body').insertAdjacentHTML('beforeend', '<div class="modal"></div>'))).toEqual({
        entered: [],
        left: ['r'],
        targets: [],
      });
      expect(await change(() => $('.modal').remove())).toEqual({ entered: ['r'], left: [], targets: [] });
    });
  });
});

describe('createEngine', () => {
  it('keeps going when a pattern cannot compile here, and says why', async () => {
    const page = await fixture('accounts');
    const rules = [
      rule('needs-urlpattern', { where: { urls: ['https://crm.example.com/accounts/:id'] } }),
      rule('match-pattern', { where: { urls: ['https://*.example.com/accounts/*'] } }),
    ];
    const engine = createEngine({ root: page.document, url: 'https://crm.example.com/accounts/7', rules });
    expect(engine.active().map((a) => a.rule.id)).toEqual(['match-pattern']);
    expect(engine.problems?.()).toEqual([
      'rule "needs-urlpattern": "https://crm.example.com/accounts/:id" URLPattern is not available here: pass one to the engine (urlpattern-polyfill provides it)',
    ]);
    expect(engine.matchesUrl('https://crm.example.com/:x/:id')).toBe(false);
    await page.close();
  });

  it(
    'walks a page nested deeper than the call stack',
    async () => {
      const page = await fixture('accounts');
      const engine = createEngine({
        root: page.document,
        url: 'https://crm.example.com/accounts',
        rules: [rule('deep', { target: { selector: '.deepest' } })],
        URLPattern: URLPatternImpl,
        // The walk is what is tested here: happy-dom's own getElementsByTagName and querySelectorAll
        // recurse (Chromium's do not), so the path for big changes stays off.
        requeryAbove: Number.POSITIVE_INFINITY,
      });
      const chain = (parent: Element, depth: number) => {
        const levels = [parent];
        for (let i = 0; i < depth; i++) levels.push(levels[i]!.appendChild(page.document.createElement('div')));
        levels[depth]!.className = 'deepest';
        return levels;
      };
      // happy-dom recurses when it connects, disconnects or closes a deep subtree: take it apart leaf first.
      const dismantle = (levels: Element[]) => {
        for (let i = levels.length - 1; i > 0; i--) levels[i]!.remove();
      };
      const outer = page.document.body.appendChild(page.document.createElement('section'));
      const inside = chain(outer, 20_000);
      expect(engine.update({ added: [outer], removed: [], parents: [page.document.body] })).toEqual({
        entered: [],
        left: [],
        targets: ['deep'],
      });
      // A deep subtree that left the page: walked to drop what it held (detached, so built freely).
      const gone = page.document.createElement('section');
      const detached = chain(gone, 20_000);
      expect(() => engine.update({ added: [], removed: [gone], parents: [page.document.body] })).not.toThrow();
      dismantle(inside);
      dismantle(detached);
      await page.close();
    },
    HEAVY_TEST_MS,
  );
});

describe('a big change: an app re-rendering its whole view', () => {
  it(
    'queries each watched selector again instead of testing every element, with the naive answer',
    async () => {
      const page = await fixture('accounts');
      const doc = page.document;
      const url = 'https://crm.example.com/accounts';
      const rules = [
        rule('row', { target: { selector: 'tr[data-account-id="700"] a' } }),
        rule('vip', { target: { selector: 'tr.vip td:first-child' } }),
        rule('owner', { target: { selector: 'td', text: 'Owner 1999' } }),
        rule('search', { target: { selector: '#account-search' } }),
      ];
      const make = (requeryAbove?: number) =>
        createEngine({
          root: doc,
          url,
          rules,
          URLPattern: URLPatternImpl,
          testPattern: createLinearTester(),
          requeryAbove,
        });
      const engines = { big: make(), walked: make(Number.POSITIVE_INFINITY) };
      const rerender = () => {
        const old = doc.querySelector('tbody')!;
        const fresh = doc.createElement('tbody');
        for (let i = 0; i < 2000; i++) {
          const tr = fresh.appendChild(doc.createElement('tr'));
          tr.dataset.accountId = String(i);
          if (i % 100 === 0) tr.className = 'vip';
          tr.innerHTML = `<td><a href="/accounts/${i}">Account ${i}</a></td><td>Energy</td><td>Owner ${i}</td>`;
        }
        old.replaceWith(fresh);
        return { added: [fresh], removed: [old], parents: [fresh.parentNode!] };
      };
      const batch = rerender();
      // Work counted: how many times an element is tested against a selector, and how many queries run.
      const proto = page.window.Element.prototype as unknown as Element;
      const work = (engine: MatchEngine) => {
        const m = vi.spyOn(proto, 'matches');
        const q = vi.spyOn(page.window.Document.prototype as unknown as Document, 'querySelectorAll');
        const change = engine.update(batch);
        const tested = m.mock.calls.length;
        const queried = q.mock.calls.length;
        m.mockRestore();
        q.mockRestore();
        return { change, tested, queried };
      };
      const big = work(engines.big);
      const walked = work(engines.walked);
      expect(walked.tested).toBeGreaterThan(2000);
      expect(big.tested).toBeLessThan(50);
      expect(big.queried).toBeLessThanOrEqual(rules.length);
      const ids = (c: { targets: string[] }) => [...c.targets].sort();
      expect(ids(big.change)).toEqual(ids(walked.change));
      const naive = createNaiveEngine({ root: doc, url, rules, URLPattern: URLPatternImpl });
      const answer = (e: MatchEngine) => e.active().map((a) => [a.rule.id, describeResolution(a.target)]);
      expect(answer(engines.big)).toEqual(answer(naive));
      expect(answer(engines.walked)).toEqual(answer(naive));
      await page.close();
    },
    HEAVY_TEST_MS,
  );
});
