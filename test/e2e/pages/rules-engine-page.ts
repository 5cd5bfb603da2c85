/**
 * Page-side helpers for `rules-engine.test.ts`, bundled into the demo CRM page: the engines, the
 * selector check, and a differential run on random DOMs with open shadow roots in a real browser.
 */
import { batchFromRecords, createEngine } from '../../../rules/engine';
import type { EngineChange, MatchEngine, Resolution } from '../../../rules/engine-api';
import { createNaiveEngine } from '../../../rules/naive-engine';
import { createLinearTester } from '../../../rules/regex/linear';
import { selectorProblem } from '../../../rules/selector/validate';
import { CLASSES, element, IDS, random, ruleSet, URLS, WORDS } from '../../unit/rules/random';

function describe(r: Resolution | null | undefined, label: (el: Element) => number): string | null {
  if (!r) return null;
  if (r.status === 'not-found') return 'not-found';
  const els = r.status === 'found' ? [r.element] : r.elements;
  return `${r.status}:${r.via}:${els.map(label).join(',')}`;
}

/** One random scenario in this page (inside `host`), with shadow roots; the first disagreement, or null. */
async function differential(seed: number, steps: number): Promise<string | null> {
  const r = random(seed);
  const host = document.createElement('section');
  document.body.append(host);
  for (let i = 3 + r.int(4); i > 0; i--) host.append(element(r, document, 3, true));
  const url = r.pick(URLS);
  const rules = ruleSet(r, 4 + r.int(10));
  // Every other seed takes the path for big changes (each watch queried again) on most batches.
  const requeryAbove = seed % 2 ? r.int(8) : undefined;
  const fast = createEngine({ root: document, url, rules, testPattern: createLinearTester(), requeryAbove });
  const slow = createNaiveEngine({ root: document, url, rules, testPattern: createLinearTester() });
  const ids = new WeakMap<Element, number>();
  let next = 0;
  const label = (el: Element) => {
    if (!ids.has(el)) ids.set(el, next++);
    return ids.get(el)!;
  };
  const snapshot = (e: MatchEngine) =>
    JSON.stringify(
      e
        .active()
        .map((a) => [
          a.rule.id,
          a.stepIndex,
          describe(a.target, label),
          describe(a.startTarget, label),
          describe(a.advanceTarget, label),
        ]),
    );
  const sorted = (c: EngineChange) =>
    JSON.stringify([[...c.entered].sort(), [...c.left].sort(), [...c.targets].sort()]);
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((list) => records.push(...list));
  const observed = new Set<Node>();
  const observe = () => {
    for (const root of [document, ...fast.roots()]) {
      if (observed.has(root)) continue;
      observed.add(root);
      observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    }
  };
  observe();
  const elements = () => {
    const out: Element[] = [];
    for (const root of [host, ...fast.roots()]) {
      if (root === host || host.contains((root as ShadowRoot).host ?? null)) out.push(...root.querySelectorAll('*'));
    }
    return out.filter((el) => el.isConnected);
  };
  const composedContains = (a: Node, b: Node) => {
    for (let n: Node | null = b; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) if (n === a) return true;
    return false;
  };
  try {
    for (let step = 0; step < steps; step++) {
      const all = elements();
      const el = r.pick(all);
      if (!el) break;
      const changed: Element[] = [];
      const op = r.int(7);
      if (op === 0) el.append(element(r, document, 2, true));
      else if (op === 1 && el !== host) el.remove();
      else if (op === 2) {
        const to = r.pick(all.filter((e) => !composedContains(el, e)));
        to?.insertBefore(el, r.chance(0.5) ? null : to.firstChild);
      } else if (op === 3) el.classList.toggle(r.pick(CLASSES));
      else if (op === 4) {
        if (r.chance(0.5)) el.id = r.pick(IDS);
        else el.toggleAttribute('data-k');
      } else if (op === 5) el.textContent = r.pick(WORDS);
      else {
        const input = r.pick(all.filter((e) => e.localName === 'input')) as HTMLInputElement | undefined;
        if (input) {
          input.value = r.pick(['12', 'abc', '']);
          changed.push(input);
        }
      }
      await new Promise((ok) => setTimeout(ok, 0));
      const batch = batchFromRecords(records.splice(0));
      const full = { ...batch, changed: [...(batch.changed ?? []), ...changed] };
      // Half the big batches come marked big, as the overlay's scheduler hands them over.
      if (r.chance(0.5) && fast.takesWhole?.(full)) full.big = true;
      const a = fast.update(full);
      const b = slow.update(full);
      observe();
      if (sorted(a) !== sorted(b) || snapshot(fast) !== snapshot(slow)) {
        return `seed ${seed}, step ${step}: ${sorted(a)} ${snapshot(fast)}\nnaive: ${sorted(b)} ${snapshot(slow)}`;
      }
    }
    return null;
  } finally {
    observer.disconnect();
    host.remove();
  }
}

/** Whether Chromium's querySelectorAll accepts a selector. */
function browserAccepts(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelectorAll(selector);
    return true;
  } catch {
    return false;
  }
}

declare global {
  interface Window {
    rulesEngine: {
      createEngine: typeof createEngine;
      createNaiveEngine: typeof createNaiveEngine;
      batchFromRecords: typeof batchFromRecords;
      createLinearTester: typeof createLinearTester;
      selectorProblem: typeof selectorProblem;
      browserAccepts: typeof browserAccepts;
      differential: typeof differential;
    };
  }
}
window.rulesEngine = {
  createEngine,
  createNaiveEngine,
  batchFromRecords,
  createLinearTester,
  selectorProblem,
  browserAccepts,
  differential,
};
