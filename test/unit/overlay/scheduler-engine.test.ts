// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { withAppModal } from '../../../overlay/app-modal';
import { visibleEngine } from '../../../overlay/probes';
import { ObservationScheduler, type SchedulerEnv } from '../../../overlay/scheduler';
import { createEngine } from '../../../rules/engine';
import type { ActiveRule } from '../../../rules/engine-api';
import type { Rule } from '../../../rules/model';
import { createNaiveEngine } from '../../../rules/naive-engine';
import { urlPatternImpl } from '../../../rules/url/with-polyfill';
import { HEAVY_TEST_MS } from '../../budget';

const URL_NOW = 'https://crm.example.com/accounts';
const tip = (id: string, selector: string, text?: string): Rule => ({
  id,
  name: id,
  kind: 'tip',
  status: 'published',
  start: 'auto',
  where: { urls: ['https://crm.example.com/*'] },
  steps: [{ title: id, brief: 'x', target: { selector, ...(text ? { text } : {}) } }],
});
const rules = [
  tip('table', 'table.accounts'),
  tip('body', 'table.accounts > tbody'),
  tip('deep', 'tr[data-id="7"] a'),
  tip('volatile', 'tr:nth-child(3) td + td'),
  tip('text', 'td', 'Globex 42'),
];

/** What the engine says, comparable across engines and DOMs. */
const answer = (active: ActiveRule[]) =>
  active.map((a) => ({
    id: a.rule.id,
    status: a.target?.status,
    at: a.target?.status === 'found' ? a.target.element.textContent : null,
  }));

describe('the scheduler slicing a big added subtree, with the real engine', () => {
  it(
    'leaves the engine with the answer a naive full evaluation gives',
    async () => {
      document.body.innerHTML = '<main id="view"></main>';
      const engine = createEngine({ root: document, url: URL_NOW, rules, URLPattern: urlPatternImpl() });
      let now = 0;
      const tasks: (() => void)[] = [];
      const env: SchedulerEnv = {
        now: () => now,
        frame: () => {},
        yieldTask: (cb) => void tasks.push(cb),
        timer: (cb) => void tasks.push(cb),
        location: () => URL_NOW,
      };
      const abort = new AbortController();
      const scheduler = new ObservationScheduler({
        signal: abort.signal,
        // Every call costs 0.05 ms a walked element, so a 300-element table needs many 4 ms slices. (A
        // small table: the engine's own work in happy-dom is slow, and speed is not what is tested.)
        engine: {
          ...engine,
          update: (batch) => {
            const walked = (node: Node) =>
              node.nodeType === 1 ? 1 + (node as Element).getElementsByTagName('*').length : 1;
            now += batch.added.reduce((n, node) => n + walked(node), 0) * 0.05;
            return engine.update(batch);
          },
          setUrl: (u) => engine.setUrl(u),
          roots: () => engine.roots(),
        },
        env,
        onChange: () => {},
        rescan: () => engine.setRules(rules),
      });
      scheduler.observe(document);
      const rows = Array.from(
        { length: 50 },
        (_, i) =>
          `<tr data-id="${i}"><td>Globex ${i}</td><td>${i}</td><td><a href="#${i}">open ${i}</a></td><td>x</td></tr>`,
      ).join('');
      (document.getElementById('view') as HTMLElement).innerHTML =
        `<h1>Accounts</h1><table class="accounts"><tbody>${rows}</tbody></table>`;
      await new Promise((r) => setTimeout(r, 0));
      let calls = 0;
      while (tasks.length) {
        tasks.shift()?.();
        calls++;
      }
      expect(calls).toBeGreaterThan(3);
      const naive = createNaiveEngine({ root: document, url: URL_NOW, rules, URLPattern: urlPatternImpl() });
      expect(answer(engine.active())).toEqual(answer(naive.active()));
      expect(answer(engine.active()).map((a) => a.status)).toEqual(['found', 'found', 'found', 'ambiguous', 'found']);
      abort.abort();
    },
    HEAVY_TEST_MS,
  );
});

describe('the scheduler and a big change (an app re-rendering its view)', () => {
  it(
    'hands it to the engine whole, which queries each selector once, with the naive answer',
    async () => {
      document.body.innerHTML = '<main id="view"></main>';
      const engine = createEngine({ root: document, url: URL_NOW, rules, URLPattern: urlPatternImpl() });
      const sizes: number[] = [];
      const update = engine.update.bind(engine);
      engine.update = (batch) => {
        sizes.push(batch.added.length);
        return update(batch);
      };
      const tasks: (() => void)[] = [];
      const env: SchedulerEnv = {
        now: () => 0,
        frame: () => {},
        yieldTask: (cb) => void tasks.push(cb),
        timer: (cb) => void tasks.push(cb),
        location: () => URL_NOW,
      };
      const abort = new AbortController();
      const scheduler = new ObservationScheduler({
        signal: abort.signal,
        // Wrapped as the content script wraps it: every wrapper must pass `takesWhole` on.
        engine: visibleEngine(withAppModal(engine)),
        env,
        onChange: () => {},
        rescan: () => engine.setRules(rules),
      });
      scheduler.observe(document);
      const rows = Array.from(
        { length: 2000 },
        (_, i) => `<tr data-id="${i}"><td>Globex ${i}</td><td>${i}</td><td><a href="#${i}">open ${i}</a></td></tr>`,
      ).join('');
      // Built apart and put in at once, as a framework does (one mutation record).
      const table = document.createElement('table');
      table.className = 'accounts';
      table.innerHTML = `<tbody>${rows}</tbody>`;
      (document.getElementById('view') as HTMLElement).append(table);
      for (let k = 0; k < 50 && !sizes.length; k++) {
        await new Promise((r) => setTimeout(r, 10));
        while (tasks.length) tasks.shift()?.();
      }
      // One engine call for 12,000 added elements (sliced, it took dozens).
      expect(sizes).toHaveLength(1);
      const naive = createNaiveEngine({ root: document, url: URL_NOW, rules, URLPattern: urlPatternImpl() });
      expect(answer(engine.active())).toEqual(answer(naive.active()));
      abort.abort();
    },
    HEAVY_TEST_MS,
  );
});
