/**
 * The indexed engine on pages that stress it: a pattern it cannot compile, a tree deeper than the
 * call stack, and an app re-rendering its whole view (answered like the naive engine, with less work).
 */
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../rules/engine';
import type { MatchEngine } from '../../../rules/engine-api';
import { createNaiveEngine } from '../../../rules/naive-engine';
import { createLinearTester } from '../../../rules/regex/linear';
import { HEAVY_TEST_MS } from '../../budget';
import { fixture, URLPatternImpl } from './dom';
import { describeResolution, rule } from './engine-cases';

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
