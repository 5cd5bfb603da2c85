/**
 * Label probes: a target filtered by its accessible name is filtered again when a batch can
 * change a name.
 */
import type { MutationBatch } from '../../engine-api';
import type { Probe } from './probe';

/**
 * Whether a batch can change an accessible name: it touches a `<label>`, an element a label
 * points at by id, an element named in aria-labelledby, or a name-filtered candidate itself or
 * its content (a name can come from the text inside).
 */
export function labelsMayChange(batch: MutationBatch, probes: Iterable<Probe<unknown>>): boolean {
  const ids = labelledByIds(probes);
  const candidates = new Set<Element>();
  for (const p of probes) for (const el of p.watch?.matches ?? []) candidates.add(el);
  // Ancestors already found to name nothing: a batch of rows under one table walks it once.
  const clear = new Set<Element>();
  const touches = (node: Node | null, subtree: boolean): boolean => {
    const el = node?.nodeType === 1 ? (node as Element) : (node?.parentElement ?? null);
    if (!el) return false;
    if (el.id) return true;
    if (subtree && el.querySelector('label,[id]')) return true;
    for (let up: Element | null = el; up && !clear.has(up); up = up.parentElement) {
      if (up.localName === 'label' || candidates.has(up) || (up.id && ids.has(up.id))) return true;
      clear.add(up);
    }
    return false;
  };
  return (
    batch.added.some((n) => touches(n, true)) ||
    batch.removed.some(
      (n) => n.nodeType === 1 && ((n as Element).matches('label,[id]') || !!(n as Element).querySelector('label,[id]')),
    ) ||
    (batch.changed ?? []).some((n) => touches(n, false)) ||
    (batch.parents ?? []).some((n) => touches(n, false))
  );
}

/** The ids named in aria-labelledby by the candidates of label-filtered probes. */
function labelledByIds(probes: Iterable<Probe<unknown>>): Set<string> {
  const ids = new Set<string>();
  for (const p of probes) {
    for (const el of p.watch?.matches ?? [])
      for (const id of el.getAttribute('aria-labelledby')?.split(/\s+/) ?? []) if (id) ids.add(id);
  }
  return ids;
}
