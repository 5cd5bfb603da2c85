import { afterEach, describe, expect, it } from 'vitest';
import { generateTarget, resolveTarget } from '../../../rules/authoring';
import { documentWith, type Fixture, fixture } from './dom';

let open: Fixture | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

/** A re-rendered form as React apps write it: generated ids, hashed classes, no test ids. */
const RERENDERED = `
  <header class="css-1q2w3e"><nav aria-label="Main" class="sc-AbCdE"><a href="/accounts">Accounts</a><a href="/accounts/1042">Globex Foods</a></nav></header>
  <main class="_a1B2c">
    <h1 id=":r1:">Globex Foods</h1>
    <form class="css-9x8y7z">
      <div class="css-f1e2d3"><label for=":r2:">Amount (USD)</label><input id=":r2:" name="amount" class="css-i9u8y7"><div id=":r3:" class="css-e1r2r3"></div></div>
      <div class="css-f1e2d3"><label for="«r4»">Subject</label><input id="«r4»" class="css-i9u8y7"></div>
      <div class="css-a1c2t3"><button type="submit" class="css-b1t2n3">Save</button><button type="button" class="css-b1t2n3">Cancel</button></div>
    </form>
    <ul><li>Call with procurement</li><li>Quote sent</li></ul>
  </main>`;

/** Every candidate's selectors and filters, in one string to search. */
const everything = (g: ReturnType<typeof generateTarget>) => JSON.stringify(g.candidates.map((c) => c.target));

describe('the target generator', () => {
  it('prefers a field name to a generated id, and never writes generated ids or hashed classes', async () => {
    open = await documentWith(RERENDERED);
    const amount = open.document.querySelector('input[name="amount"]')!;
    const g = generateTarget(amount);
    expect(g.target.selector).toBe('input[name="amount"]');
    expect(g.unique).toBe(true);
    expect(g.candidates[0]?.explanation).toBe('Will find it by its field name “amount”.');
    expect(g.element.phrase).toBe('text field “Amount (USD)”');
    for (const el of open.document.querySelectorAll('body *')) {
      const text = everything(generateTarget(el));
      expect(text, el.outerHTML.slice(0, 80)).not.toMatch(/:r\d|«r|css-|sc-|_a1B2c|1042/);
    }
  });

  it('finds a field without a name by its label, as a filter', async () => {
    open = await documentWith(RERENDERED);
    const subject = open.document.getElementById('«r4»')!;
    const g = generateTarget(subject);
    expect(g.target).toMatchObject({ selector: 'input', ariaLabel: 'Subject' });
    expect(g.candidates[0]?.explanation).toBe('Will find it by its label “Subject”.');
    expect(resolveTarget(open.document, g.target).elements).toEqual([subject]);
  });

  it('finds a button by its words, and says how many a candidate matches', async () => {
    open = await documentWith(RERENDERED);
    const cancel = [...open.document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    const g = generateTarget(cancel);
    expect(g.target).toMatchObject({ selector: 'button', text: 'Cancel' });
    const tag = g.candidates.find((c) => c.kind === 'tag');
    expect(tag).toMatchObject({ unique: false, matches: 2 });
  });

  it('does not filter on data: a record link goes by its route, a heading by being the only h1', async () => {
    open = await documentWith(RERENDERED);
    const record = open.document.querySelector('a[href="/accounts/1042"]')!;
    const link = generateTarget(record);
    expect(link.target.text).toBeUndefined();
    expect(everything(link)).not.toContain('Globex');
    const heading = generateTarget(open.document.querySelector('h1')!);
    expect(heading.target.selector).toBe('h1');
    expect(heading.target.text).toBeUndefined();
  });

  it('finds an error message next to its field, and a field box by what it holds', async () => {
    open = await documentWith(RERENDERED);
    const error = open.document.getElementById(':r3:')!;
    expect(generateTarget(error).target.selector).toBe('input[name="amount"] + div');
    const box = error.parentElement!;
    expect(generateTarget(box).target.selector).toBe('div:has(> input[name="amount"])');
  });

  it('falls back to a position only when nothing else finds the element, and says it is fragile', async () => {
    open = await documentWith(RERENDERED);
    const second = open.document.querySelectorAll('li')[1]!;
    const g = generateTarget(second);
    expect(g.candidates[0]?.kind).toBe('position');
    expect(g.candidates[0]?.explanation).toMatch(/breaks when elements are added or moved/);
    expect(resolveTarget(open.document, g.target).elements).toEqual([second]);
  });

  it('reaches into open shadow roots and same-origin frames', async () => {
    open = await fixture('opportunity-form');
    const doc = open.document;
    const street = doc.querySelector('acme-address-editor')!.shadowRoot!.querySelector('input[name="street"]')!;
    const s = generateTarget(street);
    expect(s.target.fallbacks).toContain('input[name="street"]');
    expect(resolveTarget(doc, s.target).elements).toEqual([street]);
    const frameDoc = (doc.getElementById('notes-frame') as HTMLIFrameElement).contentDocument!;
    const notes = frameDoc.querySelector('textarea')!;
    const n = generateTarget(notes, { root: doc });
    expect(n.target.frame).toBe('#notes-frame');
    expect(n.candidates[0]?.explanation).toContain('inside the iframe “Internal notes”');
    expect(resolveTarget(doc, n.target).elements).toEqual([notes]);
  });

  it('checks every candidate as the engine resolves it', async () => {
    open = await fixture('opportunity-form');
    for (const el of open.document.querySelectorAll('main *')) {
      const g = generateTarget(el);
      for (const c of g.candidates) {
        const found = resolveTarget(open.document, c.target).elements;
        expect(found.length, c.target.selector).toBe(c.matches);
        expect(found).toContain(el);
      }
      if (g.unique) expect(resolveTarget(open.document, g.target).elements).toEqual([el]);
    }
  });
});
