/**
 * Where a small change ends and a big one begins: the indexed engine counts a batch's elements
 * while it walks them (each once, shadow trees included, removed and added together) and queries
 * every watch again only past `requeryAbove`. And the element keys it reads on that walk: class
 * tokens from the attribute, split on any ASCII whitespace, folded as the document compares them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../rules/engine';
import { KeyIndex } from '../../../rules/engine/dom/keys';
import type { MatchEngine, MutationBatch } from '../../../rules/engine-api';
import { createNaiveEngine } from '../../../rules/naive-engine';
import { createLinearTester } from '../../../rules/regex/linear';
import { documentWith, type Fixture, forgetMatchCaches, URLPatternImpl } from './dom';
import { describeResolution, rule } from './engine-cases';

const URL = 'https://crm.example.com/accounts';
const LIMIT = 10;

let page: Fixture;
afterEach(() => page?.close());

/** The indexed engine with a small limit, the naive one beside it, and a way to apply a batch to both. */
async function engines(html: string, rules = [rule('item', { target: { selector: 'li.item' } })]) {
  page = await documentWith(html, URL);
  const options = {
    root: page.document,
    url: URL,
    rules,
    URLPattern: URLPatternImpl,
    testPattern: createLinearTester(),
  };
  const fast = createEngine({ ...options, requeryAbove: LIMIT });
  const naive = createNaiveEngine(options);
  const docQueries = vi.spyOn(page.document, 'querySelectorAll');
  /** What the indexed engine did on the last batch: the elements it visited (`shadowRoot` reads). */
  const last = { reads: 0 };
  /** Applies a batch; says whether the engine queried the document again (the path for big changes). */
  const apply = (batch: MutationBatch): 'walked' | 'queried' => {
    forgetMatchCaches(page.document.querySelectorAll('*'));
    docQueries.mockClear();
    last.reads = shadowReads(() => fast.update(batch));
    const path = docQueries.mock.calls.length > 0 ? 'queried' : 'walked';
    naive.update(batch);
    expect(answer(fast)).toEqual(answer(naive));
    return path;
  };
  return { fast, naive, apply, last };
}

/** Counts the reads of `shadowRoot` (each one is an element the engine visited) while `run` runs. */
function shadowReads(run: () => void): number {
  const proto = page.window.Element.prototype;
  const get = Object.getOwnPropertyDescriptor(proto, 'shadowRoot')!.get!;
  let reads = 0;
  const spy = vi.spyOn(proto, 'shadowRoot', 'get').mockImplementation(function (this: Element) {
    reads++;
    return get.call(this);
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return reads;
}

/** The status of a rule's target, with the count of an ambiguous one. */
function found(e: MatchEngine, id: string): string | undefined {
  const t = e.get(id)?.target;
  return t?.status === 'ambiguous' ? `${t.count} elements` : t?.status;
}

const answer = (e: MatchEngine) => e.active().map((a) => [a.rule.id, describeResolution(a.target)]);

/** A list of `elements` elements: the `<ul>` and its items. */
function list(doc: Document, elements: number): HTMLUListElement {
  const ul = doc.createElement('ul');
  for (let i = 1; i < elements; i++) ul.appendChild(doc.createElement('li')).className = 'item';
  return ul;
}

describe('the size of a batch, counted on the walk', () => {
  it('walks up to the limit and queries again past it, added and removed elements counted together', async () => {
    const { fast, apply } = await engines('<main></main>');
    const main = page.document.querySelector('main')!;
    const add = (n: number) => {
      const ul = main.appendChild(list(page.document, n));
      return { ul, path: apply({ added: [ul], removed: [], parents: [main] }) };
    };
    const small = add(LIMIT);
    expect(small.path).toBe('walked');
    expect(found(fast, 'item')).toBe(`${LIMIT - 1} elements`);
    const big = add(LIMIT + 1);
    expect(big.path).toBe('queried');
    expect(found(fast, 'item')).toBe(`${2 * LIMIT - 1} elements`);

    // Removed and added together: 5 + 5 is walked, 6 + 5 is not.
    small.ul.remove();
    big.ul.remove();
    expect(apply({ added: [], removed: [small.ul, big.ul], parents: [main] })).toBe('queried');
    const five = main.appendChild(list(page.document, 5));
    expect(apply({ added: [five], removed: [], parents: [main] })).toBe('walked');
    const swap = (gone: number) => {
      const old = main.appendChild(list(page.document, gone));
      apply({ added: [old], removed: [], parents: [main] });
      const fresh = list(page.document, 5);
      old.replaceWith(fresh);
      return apply({ added: [fresh], removed: [old], parents: [main] });
    };
    expect(swap(5)).toBe('walked');
    expect(swap(6)).toBe('queried');
    expect(found(fast, 'item')).toBe('12 elements');
  });

  it('counts an element once when the batch also names its ancestor', async () => {
    const { apply } = await engines('<main></main>');
    const main = page.document.querySelector('main')!;
    const ul = main.appendChild(list(page.document, LIMIT));
    // The list and two of its items were each reported added: still LIMIT elements, walked.
    expect(apply({ added: [ul, ul.children[0]!, ul.children[3]!], removed: [], parents: [main, ul] })).toBe('walked');
  });

  it('counts the elements of an open shadow root it walks into', async () => {
    const { fast, apply } = await engines('<main></main>');
    const main = page.document.querySelector('main')!;
    const host = page.document.createElement('div');
    host.attachShadow({ mode: 'open' }).appendChild(list(page.document, LIMIT));
    main.appendChild(host);
    // The host and the LIMIT elements of its shadow tree.
    expect(apply({ added: [host], removed: [], parents: [main] })).toBe('queried');
    expect([...fast.roots()]).toContain(host.shadowRoot);
    expect(found(fast, 'item')).toBe(`${LIMIT - 1} elements`);
  });

  it('counts an element of an added shadow tree once when the batch also names it', async () => {
    const { fast, apply } = await engines('<main></main>');
    const main = page.document.querySelector('main')!;
    const host = page.document.createElement('div');
    const ul = host.attachShadow({ mode: 'open' }).appendChild(list(page.document, LIMIT - 1));
    main.appendChild(host);
    // The host and the LIMIT - 1 elements of its shadow tree, the list and an item named again.
    expect(apply({ added: [ul.children[2]!, host, ul], removed: [], parents: [main, ul] })).toBe('walked');
    expect(found(fast, 'item')).toBe(`${LIMIT - 2} elements`);
  });

  it('sees a frame leave with a removal too big to walk to its end', async () => {
    const { fast, apply } = await engines(
      `<section><div></div><div></div><div></div><div></div><div></div><div></div><div></div><div></div><div></div><div></div><div></div>
       <iframe id="notes" srcdoc="<b class=mention>@ana</b>"></iframe></section>`,
      [rule('mention', { target: { frame: '#notes', selector: '.mention' } })],
    );
    expect(found(fast, 'mention')).toBe('found');
    const section = page.document.querySelector('section')!;
    section.remove();
    // The walk stops past the limit, before the iframe (the section's last child): the frame is found natively.
    expect(apply({ added: [], removed: [section], parents: [page.document.body] })).toBe('queried');
    expect(found(fast, 'mention')).toBe('not-found');
  });
});

describe('a big change, walked only where a shadow root can be', () => {
  /** `rows` table rows of a link and two cells each (four elements a row). */
  function table(doc: Document, rows: number, cell = (i: number) => `<a class="item" href="#${i}">${i}</a>`) {
    const t = doc.createElement('table');
    t.innerHTML = `<tbody>${Array.from({ length: rows }, (_, i) => `<tr><td>${cell(i)}</td><td>${i}</td></tr>`).join('')}</tbody>`;
    return t;
  }
  const rules = [rule('item', { target: { selector: '.item' } })];

  it('does not walk added rows and cells, which cannot host one', async () => {
    const { fast, apply, last } = await engines('<main></main>', rules);
    const main = page.document.querySelector('main')!;
    const rows = table(page.document, 20);
    main.append(rows);
    // 82 elements, none of which a shadow root can be attached to. The one root is walked whole:
    // the walk is what finds the batch big.
    expect(apply({ added: [rows], removed: [], parents: [main] })).toBe('queried');
    expect(found(fast, 'item')).toBe('20 elements');
    // The table body re-rendered, each row a root of the batch: the removed rows are walked up to the
    // limit (stopping within a row), then each added row is read once and ruled out by one query
    // (not its four elements each).
    const body = rows.tBodies[0]!;
    const fresh = table(page.document, 30).tBodies[0]!;
    const old = [...body.children];
    body.replaceChildren(...fresh.children);
    expect(apply({ added: [...body.children], removed: old, parents: [body] })).toBe('queried');
    expect(last.reads).toBeGreaterThanOrEqual(30);
    expect(last.reads).toBeLessThanOrEqual(LIMIT + 4 + 30);
    expect(found(fast, 'item')).toBe('30 elements');
  });

  it('still finds the shadow roots of custom elements and of divs among the rows', async () => {
    const { fast, apply } = await engines('<main></main>', rules);
    const main = page.document.querySelector('main')!;
    const rows = table(page.document, 20, (i) => (i === 7 ? '<x-badge></x-badge>' : i === 12 ? '<div></div>' : `${i}`));
    for (const host of rows.querySelectorAll('x-badge, div'))
      host.attachShadow({ mode: 'open' }).innerHTML = '<a class="item">inside</a>';
    main.append(rows);
    expect(apply({ added: [rows], removed: [], parents: [main] })).toBe('queried');
    expect(found(fast, 'item')).toBe('2 elements');
    expect([...fast.roots()]).toHaveLength(2);
  });

  it('finds the shadow root of a custom element that is itself a root of the batch', async () => {
    const { fast, apply } = await engines('<main><ul></ul></main>', rules);
    const ul = page.document.querySelector('ul')!;
    const items = Array.from({ length: 12 }, (_, i) => {
      const host = page.document.createElement(i === 5 ? 'x-item' : 'li');
      if (i === 5) host.attachShadow({ mode: 'open' }).innerHTML = '<a class="item">inside</a>';
      return host;
    });
    ul.append(...items);
    // The custom element is itself a root of the batch, with nothing under it in the page's tree.
    expect(apply({ added: items, removed: [], parents: [ul] })).toBe('queried');
    expect(found(fast, 'item')).toBe('found');
  });

  it('takes a batch the caller found big without walking it to count it', async () => {
    const { fast, apply, last } = await engines('<main></main>', rules);
    const main = page.document.querySelector('main')!;
    const small = table(page.document, 2);
    main.append(small);
    // Ten elements, under the limit, but the caller (the overlay's scheduler) says it is big.
    expect(apply({ added: [small], removed: [], parents: [main], big: true })).toBe('queried');
    expect(last.reads).toBe(1);
    expect(found(fast, 'item')).toBe('2 elements');
    small.remove();
    expect(apply({ added: [], removed: [small], parents: [main], big: true })).toBe('queried');
    expect(last.reads).toBe(0);
    expect(found(fast, 'item')).toBe('not-found');
  });
});

describe('frames in a batch, found natively', () => {
  const mention = [rule('mention', { target: { frame: '#notes', selector: '.mention' } })];

  it('sees a frame arrive in the shadow tree of an added host', async () => {
    const { fast, apply } = await engines('<main></main>', mention);
    expect(found(fast, 'mention')).toBe('not-found');
    const main = page.document.querySelector('main')!;
    const host = page.document.createElement('div');
    const frame = page.document.createElement('iframe');
    frame.id = 'notes';
    frame.srcdoc = '<b class="mention">@ana</b>';
    host.attachShadow({ mode: 'open' }).append(frame);
    main.append(host);
    await page.window.happyDOM.waitUntilComplete();
    apply({ added: [host], removed: [], parents: [main] });
    expect(found(fast, 'mention')).toBe('found');
  });

  it('sees a frame arrive deep in an added subtree, and leave with it', async () => {
    const { fast, apply } = await engines('<main></main>', mention);
    const main = page.document.querySelector('main')!;
    main.innerHTML =
      '<section><div><p><iframe id="notes" srcdoc="<b class=mention>@ana</b>"></iframe></p></div></section>';
    await page.window.happyDOM.waitUntilComplete();
    const section = main.firstElementChild!;
    apply({ added: [section], removed: [], parents: [main] });
    expect(found(fast, 'mention')).toBe('found');
    section.remove();
    apply({ added: [], removed: [section], parents: [main] });
    expect(found(fast, 'mention')).toBe('not-found');
  });
});

describe('KeyIndex', () => {
  it('reads class tokens from the attribute, split on any ASCII whitespace', async () => {
    page = await documentWith('');
    const index = new KeyIndex<string>((s) => s);
    index.set({ kind: 'class', value: 'row' }, 'row watch', true);
    index.set({ kind: 'class', value: 'vip' }, 'vip watch', true);
    const keysOf = (className: string | null) => {
      const el = page.document.createElement('tr');
      if (className !== null) el.setAttribute('class', className);
      const seen: string[] = [];
      index.each(el, (set) => seen.push(...(set ?? [])));
      return seen.sort();
    };
    expect(keysOf('row')).toEqual(['row watch']);
    expect(keysOf('row vip')).toEqual(['row watch', 'vip watch']);
    expect(keysOf('row\tvip')).toEqual(['row watch', 'vip watch']);
    expect(keysOf('\nvip\f')).toEqual(['vip watch']);
    expect(keysOf(' row\r\n')).toEqual(['row watch']);
    expect(keysOf('rowvip')).toEqual([]);
    expect(keysOf('Row')).toEqual([]);
    expect(keysOf('')).toEqual([]);
    expect(keysOf(null)).toEqual([]);
  });

  it('folds class names as a quirks-mode document compares them', async () => {
    page = await documentWith('');
    const index = new KeyIndex<string>((s) => s.toLowerCase());
    index.set({ kind: 'class', value: 'Row' }, 'row watch', true);
    const el = page.document.createElement('tr');
    for (const className of ['ROW', 'row', 'x\tRoW']) {
      el.setAttribute('class', className);
      const seen: string[] = [];
      index.each(el, (set) => seen.push(...(set ?? [])));
      expect(seen, className).toEqual(['row watch']);
    }
  });
});
