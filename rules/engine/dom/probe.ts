/**
 * A probe: one selector of a target, with the target's filters, and the elements it resolves to
 * now. Probes are shared by every rule that asks for the same target.
 */
import type { Target } from '../../model';
import type { Watch } from './watches';

export interface Probe<U> {
  readonly target: Target;
  /** The watch of its selector; `null` for a frame target, which is queried again instead. */
  readonly watch: Watch | null;
  result: Element[];
  /** Who uses it, with how many handles. */
  readonly users: Map<U, number>;
  /** Handles that read the elements' text or value. */
  contentRefs: number;
  /** Frame documents (and their shadow roots) it looked into. */
  frameRoots: (Document | ShadowRoot)[];
  /** For a frame target: its frame selector is local (re-queried only when frames may have changed). */
  frameLocal: boolean;
}

/** What makes two probes the same: the frame, the selector and the filters. */
export function probeKey(target: Target, selector: string): string {
  return JSON.stringify([
    target.frame ?? '',
    selector,
    target.text ?? null,
    target.text === undefined ? null : (target.textMatch ?? 'exact'),
    target.ariaLabel ?? null,
  ]);
}
