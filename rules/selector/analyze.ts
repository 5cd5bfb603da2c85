/**
 * What a selector depends on, for the incremental engine: the keys an element must have to match
 * (so an added element is tested only against selectors it could match), and whether a match can
 * change only through the element itself and its ancestors ("local") or also through siblings,
 * descendants or state the DOM does not report (`:has`, `+`, `:nth-child`, `:hover`…).
 */
import type { Complex, Compound } from './parse';
import { scanSelector } from './scan';

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
  /**
   * Not local, but matches change only through siblings and children (`+`, `~`, `:nth-child`,
   * `:empty`…): a change re-checks the parent whose children changed, and its subtree. A selector
   * neither local nor structural (`:has`, `:hover`…) is queried again on every batch.
   */
  structural: boolean;
  /**
   * For a structural selector: sibling combinators and structural pseudo-classes touch only the
   * subject and its sibling (`li:first-child`, `.a + .b`), so a parent's children changing re-checks
   * the parent and its children, not its whole subtree.
   */
  near: boolean;
}

type Position = 'subject' | 'sibling' | 'ancestor';

/** Pseudo-classes that depend on an element's siblings or children. */
const STRUCTURAL = new Set(
  (
    'first-child last-child only-child first-of-type last-of-type only-of-type nth-child nth-last-child ' +
    'nth-of-type nth-last-of-type empty'
  ).split(' '),
);

function keyOf(c: Compound): SelectorKey {
  if (c.ids[0]) return { kind: 'id', value: c.ids[0] };
  if (c.classes[0]) return { kind: 'class', value: c.classes[0] };
  // hasAttribute() ignores case on HTML elements only, so a mixed-case name is not a safe key.
  const attr = c.attrs.find((a) => a === a.toLowerCase());
  if (attr) return { kind: 'attr', value: attr };
  if (c.tag && c.tag !== '*') return { kind: 'tag', value: c.tag };
  return { kind: 'any' };
}

function scan(list: Complex[], info: Omit<SelectorInfo, 'keys'>, position: Position): void {
  for (const complex of list) {
    const last = complex.compounds.length - 1;
    complex.combinators.forEach((comb, i) => {
      if (comb === '+' || comb === '~') {
        info.local = false;
        if (i !== last - 1 || position !== 'subject') info.near = false;
      } else info.deep = true;
    });
    complex.compounds.forEach((compound, i) => {
      const sibling = i === last - 1 && /[+~]/.test(complex.combinators[i]!);
      const at: Position = i === last ? position : sibling && position === 'subject' ? 'sibling' : 'ancestor';
      for (const p of compound.pseudos) {
        if (p.element || !LOCAL.has(p.name)) {
          info.local = false;
          if (p.element || !STRUCTURAL.has(p.name)) info.structural = false;
          else if (at === 'ancestor') info.near = false;
        }
        if (p.name === 'dir' || p.name === 'lang') info.deep = true;
        if (p.selectors) scan(p.selectors, info, at);
      }
    });
  }
}

/** Analyses a selector for the engine's index. */
export function analyzeSelector(selector: string): SelectorInfo {
  let list: Complex[];
  try {
    list = scanSelector(selector);
  } catch {
    return { keys: null, local: true, deep: false, structural: false, near: false };
  }
  const info = { local: true, deep: false, structural: true, near: true };
  scan(list, info, 'subject');
  if (info.local) info.structural = false;
  if (!info.structural) info.near = false;
  return { keys: list.map((c) => keyOf(c.compounds[c.compounds.length - 1]!)), ...info };
}
