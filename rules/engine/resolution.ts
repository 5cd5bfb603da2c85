/**
 * Resolutions as both engines build and compare them.
 */
import type { Resolution } from '../engine-api';
import { composedCompare } from '../target/dom';

/** The unsorted elements of an ambiguous resolution, for cheap comparison. */
const RAW = Symbol('elements');
type WithRaw = { [RAW]?: readonly Element[] };

export const NOT_FOUND: Resolution = Object.freeze({ status: 'not-found' });

/**
 * A resolution for the elements a selector matched. An ambiguous one sorts its elements (tree
 * order across shadow trees) each time they are read, so the order is current even after the
 * page moved them around.
 */
export function makeResolution(elements: readonly Element[], via: string, nth?: number): Resolution {
  if (elements.length === 0) return NOT_FOUND;
  if (nth !== undefined) {
    // The author said which match is meant: that one, in page order, or none when there are fewer.
    const element = (elements.length === 1 ? elements : [...elements].sort(composedCompare))[nth - 1];
    return element ? { status: 'found', element, via } : NOT_FOUND;
  }
  if (elements.length === 1) return { status: 'found', element: elements[0]!, via };
  const r = {
    status: 'ambiguous' as const,
    count: elements.length,
    via,
    get elements() {
      return [...elements].sort(composedCompare);
    },
  };
  Object.defineProperty(r, RAW, { value: elements });
  return r;
}

const rawOf = (r: Resolution & { status: 'ambiguous' }): readonly Element[] => (r as WithRaw)[RAW] ?? r.elements;

/** Same status, same selector, same elements (in any order). */
export function sameResolution(a: Resolution | null | undefined, b: Resolution | null | undefined): boolean {
  if (!a || !b) return a === b || (!a && !b);
  if (a.status !== b.status) return false;
  if (a.status === 'not-found') return true;
  if (b.status === 'not-found' || a.via !== b.via) return false;
  if (a.status === 'found') return b.status === 'found' && a.element === b.element;
  if (b.status !== 'ambiguous' || a.count !== b.count) return false;
  return sameElements(rawOf(a), rawOf(b));
}

/** Whether two element lists hold the same elements. */
export function sameElements(a: readonly Element[], b: readonly Element[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length < 8) return a.every((el) => b.includes(el));
  const set = new Set(a);
  return b.every((el) => set.has(el));
}
