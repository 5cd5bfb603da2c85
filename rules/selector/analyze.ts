/**
 * What a selector depends on, for the incremental engine: the keys an element must have to match
 * (so an added element is tested only against selectors it could match), and whether a match can
 * change only through the element itself and its ancestors ("local") or also through siblings,
 * descendants or state the DOM does not report (`:has`, `+`, `:nth-child`, `:hover`…).
 */
import { type Complex, type Compound, parseSelector } from './parse';

/** Pseudo-classes that depend only on the element, its attributes, its form state and its ancestors. */
const LOCAL = new Set(
  (
    'is where not matches checked default defined dir disabled enabled in-range indeterminate invalid lang link ' +
    'any-link optional out-of-range placeholder-shown read-only read-write required root scope valid autofill'
  ).split(' '),
);

/** Where an element must be looked up for a selector: at most one key per complex selector. */
export type SelectorKey = { kind: 'id' | 'class' | 'attr' | 'tag'; value: string } | { kind: 'any' };

export interface SelectorInfo {
  /** `null` when the selector does not parse: it matches nothing. */
  keys: SelectorKey[] | null;
  /** Matches change only through the element itself and its ancestors. */
  local: boolean;
  /** Matches depend on ancestors too (a combinator, or `:dir`/`:lang`): an attribute change re-checks descendants. */
  deep: boolean;
}

function keyOf(c: Compound): SelectorKey {
  if (c.ids[0]) return { kind: 'id', value: c.ids[0] };
  if (c.classes[0]) return { kind: 'class', value: c.classes[0] };
  // hasAttribute() ignores case on HTML elements only, so a mixed-case name is not a safe key.
  const attr = c.attrs.find((a) => a === a.toLowerCase());
  if (attr) return { kind: 'attr', value: attr };
  if (c.tag && c.tag !== '*') return { kind: 'tag', value: c.tag };
  return { kind: 'any' };
}

function scan(list: Complex[], info: { local: boolean; deep: boolean }): void {
  for (const complex of list) {
    for (const comb of complex.combinators) {
      if (comb === '+' || comb === '~') info.local = false;
      else info.deep = true;
    }
    for (const compound of complex.compounds) {
      for (const p of compound.pseudos) {
        if (p.element || !LOCAL.has(p.name)) info.local = false;
        if (p.name === 'dir' || p.name === 'lang') info.deep = true;
        if (p.selectors) scan(p.selectors, info);
      }
    }
  }
}

/** Analyses a selector for the engine's index. */
export function analyzeSelector(selector: string): SelectorInfo {
  let list: Complex[];
  try {
    list = parseSelector(selector);
  } catch {
    return { keys: null, local: true, deep: false };
  }
  const info = { local: true, deep: false };
  scan(list, info);
  return { keys: list.map((c) => keyOf(c.compounds[c.compounds.length - 1]!)), ...info };
}
