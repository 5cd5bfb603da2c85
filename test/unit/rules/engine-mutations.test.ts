/**
 * The engine (indexed and naive alike) following a page as it changes: mutation batches built from
 * real MutationObserver records, in the light DOM, open shadow roots and same-origin iframes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { batchFromRecords } from '../../../rules/engine';
import type { MatchEngine, MutationBatch } from '../../../rules/engine-api';
import type { Rule } from '../../../rules/model';
import { createLinearTester } from '../../../rules/regex/linear';
import { type Fixture, fixture, forgetMatchCaches, URLPatternImpl } from './dom';
import { describeResolution, ENGINES, FORM_URL, rule } from './engine-cases';

describe.each(ENGINES)('%s', (_name, create) => {
  let page: Fixture;
  afterEach(() => page?.close());

  const start = async (rules: Rule[], url = FORM_URL, name = 'opportunity-form') => {
    page = await fixture(name, url);
    return create({ root: page.document, url, rules, URLPattern: URLPatternImpl, testPattern: createLinearTester() });
  };
  const target = (engine: MatchEngine, id: string) => describeResolution(engine.get(id)?.target);

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
