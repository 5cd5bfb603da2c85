/**
 * The indexed, incremental engine against the naive one (everything re-evaluated from scratch) on
 * random rule sets, DOMs and mutation sequences: they must agree on every step, both on what
 * applies now and on what each call reports as changed. A failure names the seed that replays it.
 */
import { describe, expect, it } from 'vitest';
import { batchFromRecords, createEngine } from '../../../rules/engine';
import type { EngineChange, MatchEngine, Resolution } from '../../../rules/engine-api';
import { createNaiveEngine } from '../../../rules/naive-engine';
import { createLinearTester } from '../../../rules/regex/linear';
import { HEAVY_TEST_MS } from '../../budget';
import { documentWith, forgetMatchCaches, URLPatternImpl } from './dom';
import { CLASSES, element, IDS, random, ruleSet, URLS, WORDS } from './random';

const SCENARIOS = Number(process.env.DIFFERENTIAL_SCENARIOS ?? 70);
const STEPS = 30;
const BASE_SEED = Number(process.env.DIFFERENTIAL_SEED ?? 20_260_101);

function labeller() {
  const ids = new WeakMap<Element, number>();
  let next = 0;
  const label = (el: Element) => {
    if (!ids.has(el)) ids.set(el, next++);
    return ids.get(el)!;
  };
  const resolution = (r: Resolution | null | undefined) => {
    if (!r) return r ?? null;
    if (r.status === 'not-found') return 'not-found';
    const els = r.status === 'found' ? [r.element] : r.elements;
    return `${r.status}:${r.via}:${els.map(label).join(',')}`;
  };
  return (engine: MatchEngine) =>
    engine
      .active()
      .map((a) =>
        [a.rule.id, a.stepIndex, resolution(a.target), resolution(a.startTarget), resolution(a.advanceTarget)].join(
          ' | ',
        ),
      );
}

/** `a` is `b` or holds it, across shadow roots. */
function composedContains(a: Node, b: Node): boolean {
  for (let n: Node | null = b; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) if (n === a) return true;
  return false;
}

const sorted = (c: EngineChange) => ({
  entered: [...c.entered].sort(),
  left: [...c.left].sort(),
  targets: [...c.targets].sort(),
});

async function scenario(seed: number): Promise<void> {
  const r = random(seed);
  const url = r.pick(URLS);
  const page = await documentWith(
    '<main id="app"></main><iframe srcdoc="<div class=a><button>Save</button><input name=amount value=7></div>"></iframe>',
    url,
  );
  const { document: doc, window } = page;
  const app = doc.getElementById('app')!;
  for (let i = 3 + r.int(4); i > 0; i--) app.append(element(r, doc, 3));
  const rules = ruleSet(r, 4 + r.int(10));
  // Half the scenarios start as the content script does, before the pattern engine is loaded.
  const patternsLater = r.chance(0.5);
  const options = {
    root: doc,
    url,
    rules,
    URLPattern: URLPatternImpl,
    testPattern: patternsLater ? undefined : createLinearTester(),
    // A third of the scenarios take the path for big changes (every watch queried again) on most batches.
    requeryAbove: r.chance(1 / 3) ? r.int(8) : undefined,
  };
  const fast = createEngine(options);
  const slow = createNaiveEngine(options);
  const snapshot = labeller();

  let records: MutationRecord[] = [];
  const observed = new Set<Node>();
  const observe = () => {
    for (const root of [doc, ...fast.roots()]) {
      if (observed.has(root)) continue;
      observed.add(root);
      new window.MutationObserver((list) => records.push(...(list as unknown as MutationRecord[]))).observe(
        root as never,
        { childList: true, subtree: true, attributes: true, characterData: true },
      );
    }
  };
  observe();

  /** Connected elements of the page and of the roots the engine watches, the frame's included. */
  const elements = () => {
    const out: Element[] = [];
    for (const root of [doc, ...fast.roots()]) out.push(...Array.from(root.querySelectorAll('*')));
    return out.filter((el) => el.isConnected && !['html', 'head', 'body', 'iframe'].includes(el.localName));
  };

  const log: string[] = [];
  const check = (what: string, a: EngineChange, b: EngineChange) => {
    log.push(what);
    const context = `seed ${seed}, step ${log.length}: ${log.slice(-4).join(' → ')}`;
    expect({ change: sorted(a), active: snapshot(fast) }, `after ${context}`).toEqual({
      change: sorted(b),
      active: snapshot(slow),
    });
  };
  check('start', { entered: [], left: [], targets: [] }, { entered: [], left: [], targets: [] });

  const loadPatternsAt = r.int(STEPS);
  for (let step = 0; step < STEPS; step++) {
    if (patternsLater && step === loadPatternsAt) {
      expect(fast.wantsPatterns?.(), `seed ${seed}: wants the pattern engine`).toBe(slow.wantsPatterns?.());
      check(
        'load the pattern engine',
        fast.setPatternTester!(createLinearTester()),
        slow.setPatternTester!(createLinearTester()),
      );
      continue;
    }
    const op = r.int(12);
    if (op === 0) {
      const next = r.pick(URLS);
      check(`setUrl ${next}`, fast.setUrl(next), slow.setUrl(next));
      observe();
      continue;
    }
    if (op === 1) {
      const id = `r${r.int(rules.length)}`;
      const index = r.int(4);
      check(`setStep ${id} ${index}`, fast.setStep(id, index), slow.setStep(id, index));
      observe();
      continue;
    }
    if (op === 2 && r.chance(0.3)) {
      const next = ruleSet(r, 4 + r.int(10));
      check('setRules', fast.setRules(next), slow.setRules(next));
      observe();
      continue;
    }
    const all = elements();
    const el = r.pick(all);
    const changed: Element[] = [];
    let what = '';
    if (!el) continue;
    switch (op % 8) {
      case 0:
      case 2: {
        const fresh = element(r, el.ownerDocument, 2);
        const parent = r.chance(0.2) ? el.parentNode! : el;
        parent.insertBefore(fresh, r.chance(0.5) ? null : parent.firstChild);
        what = `add <${fresh.localName}> into <${(parent as Element).localName ?? '#root'}>`;
        break;
      }
      case 3:
        what = `remove <${el.localName}>`;
        el.remove();
        break;
      case 4: {
        const to = r.pick(all.filter((e) => !composedContains(el, e) && e.ownerDocument === el.ownerDocument));
        if (!to) continue;
        what = `move <${el.localName}> into <${to.localName}>`;
        to.insertBefore(el, r.chance(0.5) ? null : to.firstChild);
        break;
      }
      case 5: {
        const cls = r.pick(CLASSES);
        what = `toggle .${cls} on <${el.localName}>`;
        el.classList.toggle(cls);
        break;
      }
      case 6:
        if (r.chance(0.5)) {
          what = `set id/data-k on <${el.localName}>`;
          if (r.chance(0.5)) el.id = r.pick(IDS);
          else if (el.hasAttribute('data-k')) el.removeAttribute('data-k');
          else el.setAttribute('data-k', String(1 + r.int(2)));
        } else {
          what = `text of <${el.localName}>`;
          const text = [...el.childNodes].find((n) => n.nodeType === 3);
          if (text && r.chance(0.5)) text.nodeValue = r.pick(WORDS);
          else el.textContent = r.pick(WORDS);
        }
        break;
      default: {
        const input = r.pick(all.filter((e) => e.localName === 'input')) as HTMLInputElement | undefined;
        if (!input) continue;
        what = 'type into an input';
        input.value = r.pick(['12', 'abc', '', 'Save']);
        changed.push(input);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    forgetMatchCaches(all);
    const batch = batchFromRecords(records);
    records = [];
    const full = { ...batch, changed: [...(batch.changed ?? []), ...changed] };
    // Half the big batches come marked big, as the overlay's scheduler hands them over.
    if (r.chance(0.5) && fast.takesWhole?.(full)) full.big = true;
    check(what, fast.update(full), slow.update(full));
    observe();
  }
  await page.close();
}

describe('the indexed engine agrees with the naive one', () => {
  it(
    `on ${SCENARIOS} random scenarios of ${STEPS} steps`,
    async () => {
      for (let i = 0; i < SCENARIOS; i++) await scenario(BASE_SEED + i);
    },
    HEAVY_TEST_MS,
  );
});
