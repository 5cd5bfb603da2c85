// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatalogRule } from '../../../messaging/areas/catalog';
import { Catalog, FIRST } from '../../../pages/sidepanel/Catalog';
import { CatalogIndex, catalogSearch, queryWords } from '../../../pages/sidepanel/search';

/** The words `catalog.texts` sends for each rule, by id (as the background writes them). */
const TEXTS = new Map<string, string>();

const rule = (id: string, name: string, ...briefs: string[]): CatalogRule => {
  TEXTS.set(id, briefs.map((brief, i) => `Step ${i + 1}\n${brief}\n`).join('\n'));
  return { id, name, kind: 'walkthrough', start: 'manual', urls: ['http://127.0.0.1/*'], steps: briefs.length };
};

const RULES = [
  rule('log-call', 'Log a call', 'Click **Log a call** to write down what the customer said.'),
  rule('forecast', 'Reading the forecast', 'The forecast column sums the weighted amounts.'),
  rule('merge', 'Merge two accounts', 'Pick the account to keep, then confirm the merge.'),
];

describe('catalog matching', () => {
  const search = catalogSearch(RULES, TEXTS);

  it('finds a rule by a misspelt longer word (one edit)', () => {
    expect(search('forcast')).toEqual(['forecast']);
    expect(search('custmer')).toEqual(['log-call']);
  });

  it('finds a rule by the start of a word being typed, from two letters', () => {
    expect(search('cust')).toEqual(['log-call']);
    expect(search('fo')).toEqual(['forecast']);
    // Every word is needed, each by its start.
    expect(search('acc conf')).toEqual(['merge']);
  });

  it('finds nothing for noise, and forgives no typo in a short word', () => {
    expect(search('zzzz')).toEqual([]);
    expect(search('qxjv wpl')).toEqual([]);
    // "cell" is one edit from "call", but four letters are too few to be forgiving.
    expect(search('cell')).toEqual([]);
  });

  it('lists the whole catalog, in order, until a word has two letters', () => {
    expect(search('')).toEqual(['log-call', 'forecast', 'merge']);
    expect(search('a')).toEqual(['log-call', 'forecast', 'merge']);
    expect(queryWords('Log a call!')).toEqual(['log', 'call']);
  });

  it('builds the index in slices once asked, and a search before it is done still sees every rule', async () => {
    const many = Array.from({ length: 300 }, (_, i) => rule(`r${i}`, `Rule ${i}`, `Word${i} here`));
    const early = new CatalogIndex(many, TEXTS);
    expect(early.ready).toBe(false);
    early.prepare();
    // Asked at once, before the slices ran: it finishes the index first.
    expect(early.search('word299')[0]).toBe('r299');
    expect(early.ready).toBe(true);

    const idle = new CatalogIndex(many, TEXTS);
    idle.prepare();
    // Not all at once: the first slice waits for a task of its own.
    expect(idle.ready).toBe(false);
    await vi.waitFor(() => expect(idle.ready).toBe(true), { timeout: 60_000, interval: 5 });
    expect(idle.search('word7')[0]).toBe('r7');
  });
});

describe('catalog list', () => {
  let box: HTMLElement | undefined;
  afterEach(() => {
    if (box) render(null, box);
    document.body.innerHTML = '';
  });

  /** The catalog's words as `catalog.texts` sends them. */
  const textsOf = (rules: CatalogRule[], contentKey = 'k') => ({
    contentKey,
    rules: rules.map((r) => ({ id: r.id, text: TEXTS.get(r.id) ?? '' })),
  });

  const mount = async (rules: CatalogRule[], loadTexts = async () => textsOf(rules), here = new Set<string>()) => {
    box = document.createElement('div');
    document.body.append(box);
    const into = box;
    await act(() => {
      render(
        <Catalog
          rules={rules}
          contentKey="k"
          loadTexts={loadTexts}
          here={here}
          known={new Set()}
          completions={{}}
          expertAfter={3}
          pageUrl="http://127.0.0.1/accounts"
          onStart={async () => ({ started: true })}
          onUndoKnown={() => undefined}
          onGo={() => undefined}
        />,
        into,
      );
    });
    // The words, asked for once the list is drawn, come in.
    await act(async () => undefined);
    return into;
  };
  const type = async (into: HTMLElement, text: string) => {
    const input = into.querySelector<HTMLInputElement>('#catalog-search')!;
    await act(() => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  const names = (into: HTMLElement) => [...into.querySelectorAll('.rule-name')].map((n) => n.textContent);

  it('caps a group with its count, and "Show all" moves the focus to the first row it brought in', async () => {
    const many = Array.from({ length: 30 }, (_, i) => rule(`r${i}`, `Task number ${i}`, 'Open the form.'));
    const into = await mount(many);
    expect(into.querySelectorAll('li.rule')).toHaveLength(FIRST);
    expect([...into.querySelectorAll('h3')].map((h) => h.textContent)).toEqual([
      'On this page (0)',
      'Elsewhere in this app (30)',
    ]);
    const more = into.querySelector<HTMLButtonElement>('button.more')!;
    expect(more.textContent).toBe('Show all 30');
    more.focus();
    await act(() => more.click());
    await act(() => undefined);
    expect(into.querySelectorAll('li.rule')).toHaveLength(30);
    expect(into.querySelector('button.more')).toBeNull();
    const focused = document.activeElement as HTMLElement;
    expect(focused.tagName).toBe('LI');
    expect(focused.querySelector('.rule-name')!.textContent).toBe(`Task number ${FIRST}`);
  });

  it('keeps the rows a keystroke does not change, and says when a query is too short', async () => {
    const into = await mount(RULES);
    await type(into, 'a');
    expect(names(into)).toEqual(['Log a call', 'Reading the forecast', 'Merge two accounts']);
    expect(into.querySelector('#catalog-count')!.textContent).toBe('Type 2 letters or more to search.');
    await type(into, 'acc');
    const row = into.querySelector('li.rule')!;
    expect(names(into)).toEqual(['Merge two accounts']);
    await type(into, 'acco');
    // The same element: the row was not drawn anew.
    expect(into.querySelector('li.rule')).toBe(row);
    expect(into.querySelector('#catalog-count')!.textContent).toBe('1 result');
    await type(into, 'zzzz');
    expect(into.textContent).toContain('Nothing matches “zzzz”.');
  });

  it('puts another rule in a row’s element after a keystroke, and what a start said stays with its rule', async () => {
    const into = await mount(RULES, undefined, new Set(RULES.map((r) => r.id)));
    const first = into.querySelector('li.rule')!;
    await act(() => into.querySelector<HTMLButtonElement>('button[aria-label="Start Log a call"]')!.click());
    await act(async () => undefined);
    expect(first.textContent).toContain('Started on the page.');
    await type(into, 'merge');
    // The same element, rewritten: the other rule's words, not the first one's outcome.
    expect(into.querySelector('li.rule')).toBe(first);
    expect(names(into)).toEqual(['Merge two accounts']);
    expect(first.textContent).not.toContain('Started on the page.');
    await type(into, '');
    expect(names(into)).toEqual(['Log a call', 'Reading the forecast', 'Merge two accounts']);
    expect(into.querySelector('li.rule')!.textContent).toContain('Started on the page.');
  });

  it('searches the names until the words come, then the steps too; words of other packs are not used', async () => {
    let send: (texts: ReturnType<typeof textsOf>) => void = () => undefined;
    const into = await mount(RULES, () => new Promise((resolve) => (send = resolve)));
    await type(into, 'customer');
    // "customer" is in a step of "Log a call", not in a name.
    expect(names(into)).toEqual([]);
    await type(into, 'merge');
    expect(names(into)).toEqual(['Merge two accounts']);
    await act(async () => send(textsOf(RULES, 'another version')));
    await type(into, 'customer');
    expect(names(into)).toEqual([]);
    render(null, into);
    const again = await mount(RULES);
    await type(again, 'customer');
    expect(names(again)).toEqual(['Log a call']);
    expect(again.querySelector('#catalog-count')!.textContent).toBe('1 result');
  });
});
