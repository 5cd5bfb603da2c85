// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  forgetSnapshot,
  MAX_SNAPSHOT_CHARS,
  MAX_SNAPSHOTS,
  pictureOf,
  readSnapshot,
  type SnapshotStorage,
  saveSnapshot,
  showSnapshot,
  showsSnapshot,
  snapshotKey,
} from '../../../pages/sidepanel/snapshot';

/** A Storage in a Map; `full` makes every write throw as a full localStorage does. */
function memory(full = false): SnapshotStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new DOMException('full', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
}

describe('the panel’s picture of its last lists', () => {
  it('is kept per page address, web pages only', () => {
    const store = memory();
    saveSnapshot('https://crm.example.com/accounts/3', '<main>three</main>', store);
    saveSnapshot('https://crm.example.com/accounts/4', '<main>four</main>', store);
    expect(readSnapshot('https://crm.example.com/accounts/3', store)).toBe('<main>three</main>');
    expect(readSnapshot('https://crm.example.com/accounts/4', store)).toBe('<main>four</main>');
    expect(readSnapshot('https://crm.example.com/accounts/5', store)).toBeNull();
    expect(snapshotKey('chrome://newtab/')).toBeNull();
    expect(snapshotKey('not a url')).toBeNull();
    expect(snapshotKey(undefined)).toBeNull();
    saveSnapshot('chrome://settings/', '<main>x</main>', store);
    expect(readSnapshot('chrome://settings/', store)).toBeNull();
  });

  it('keeps the most recent pages only, and no picture too large', () => {
    const store = memory();
    for (let i = 0; i <= MAX_SNAPSHOTS; i++) saveSnapshot(`https://a.example/${i}`, `<p>${i}</p>`, store);
    expect(readSnapshot('https://a.example/0', store)).toBeNull();
    expect(readSnapshot(`https://a.example/${MAX_SNAPSHOTS}`, store)).toBe(`<p>${MAX_SNAPSHOTS}</p>`);
    // Saving one again makes it the most recent.
    saveSnapshot('https://a.example/1', '<p>1 again</p>', store);
    saveSnapshot('https://a.example/new', '<p>new</p>', store);
    expect(readSnapshot('https://a.example/1', store)).toBe('<p>1 again</p>');
    expect(readSnapshot('https://a.example/2', store)).toBeNull();
    expect([...store.map.keys()].filter((k) => k.startsWith('stepwise:panel-snapshot:'))).toHaveLength(MAX_SNAPSHOTS);
    // A picture too large replaces none and forgets the old one.
    saveSnapshot('https://a.example/1', 'x'.repeat(MAX_SNAPSHOT_CHARS + 1), store);
    expect(readSnapshot('https://a.example/1', store)).toBeNull();
  });

  it('is forgotten on request, and a full or broken storage loses only the picture', () => {
    const store = memory();
    saveSnapshot('https://a.example/x', '<p>x</p>', store);
    forgetSnapshot('https://a.example/x', store);
    expect(readSnapshot('https://a.example/x', store)).toBeNull();
    store.map.set('stepwise:panel-snapshots:1', '{not json');
    saveSnapshot('https://a.example/y', '<p>y</p>', store);
    expect(readSnapshot('https://a.example/y', store)).toBe('<p>y</p>');
    const full = memory(true);
    expect(() => saveSnapshot('https://a.example/z', '<p>z</p>', full)).not.toThrow();
    expect(readSnapshot('https://a.example/z', full)).toBeNull();
  });

  it('carries the boxes’ ticks, which the markup alone does not', () => {
    const main = document.createElement('main');
    main.innerHTML = '<input type="checkbox" id="a"><input type="checkbox" id="b" checked>';
    const [a, b] = main.querySelectorAll('input');
    a!.checked = true;
    b!.checked = false;
    const shown = document.createElement('div');
    shown.innerHTML = pictureOf(main);
    expect([...shown.querySelectorAll('input')].map((box) => box.checked)).toEqual([true, false]);
    // The live panel is left as it is.
    expect(a!.hasAttribute('checked')).toBe(false);
  });

  it('leaves out what starts below the screen, looking inside only what crosses its edge', () => {
    const main = document.createElement('main');
    main.innerHTML =
      '<h1>Stepwise</h1><ul id="list"><li>one</li><li>two</li><li>three</li></ul><section id="after">later</section>';
    document.body.append(main);
    // Where each element is drawn, as a 100-pixel-tall panel would lay them out.
    const [one, two, three] = main.querySelectorAll('li');
    const drawn: [Element, number, number][] = [
      [main.querySelector('h1')!, 0, 30],
      [main.querySelector('#list')!, 30, 150],
      [one!, 30, 70],
      [two!, 70, 110],
      [three!, 110, 150],
      [main.querySelector('#after')!, 150, 190],
    ];
    for (const [element, top, bottom] of drawn)
      element.getBoundingClientRect = () => ({ top, bottom, height: bottom - top }) as DOMRect;
    const shown = document.createElement('div');
    shown.innerHTML = pictureOf(main, 100);
    expect(shown.querySelector('h1')?.textContent).toBe('Stepwise');
    expect([...shown.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(shown.querySelector('#after')).toBeNull();
    // The live panel keeps all of it.
    expect(main.querySelectorAll('li')).toHaveLength(3);
    main.remove();
  });

  it('is shown inert and busy, in place of what the root held', () => {
    const root = document.createElement('div');
    root.innerHTML = '<p>before</p>';
    document.body.append(root);
    expect(showsSnapshot(root)).toBe(false);
    showSnapshot(root, '<main class="panel"><button type="button">Start</button></main>');
    expect(showsSnapshot(root)).toBe(true);
    const picture = root.firstElementChild as HTMLElement;
    expect(root.children).toHaveLength(1);
    expect(picture.inert).toBe(true);
    expect(picture.getAttribute('aria-busy')).toBe('true');
    expect(picture.querySelector('button')?.textContent).toBe('Start');
    root.remove();
  });
});
