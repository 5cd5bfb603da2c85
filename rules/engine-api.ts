/**
 * The matching engine's interface, as the overlay content script uses it. The engine answers
 * which rules apply now and which step is due, for a URL and a DOM it is handed, and on each
 * change returns only what changed.
 */
import type { Rule } from './model';

/** Where a target is. `via` names the selector (or fallback) that matched. */
export type Resolution =
  | { status: 'found'; element: Element; via: string }
  | { status: 'ambiguous'; elements: Element[]; count: number; via: string }
  | { status: 'not-found' };

/** One rule that applies now. */
export interface ActiveRule {
  rule: Rule;
  /** The due step (the progress pointer set with `setStep`, 0 by default). */
  stepIndex: number;
  /** Where the due step's target is; `null` when the step has none. */
  target: Resolution | null;
}

/** What a call changed. */
export interface EngineChange {
  /** Rule ids that began to apply. */
  entered: string[];
  /** Rule ids that stopped applying. */
  left: string[];
  /** Rule ids whose due target appeared, went away or resolved to another element. */
  targets: string[];
}

/** DOM changes since the last call, as a MutationObserver reports them. */
export interface MutationBatch {
  added: readonly Node[];
  removed: readonly Node[];
  /** Elements whose attributes, text or form value changed (input events included). */
  changed?: readonly Element[];
}

export interface MatchEngine {
  /** Replaces the rule set; everything is evaluated again. */
  setRules(rules: readonly Rule[]): EngineChange;
  /** The URL changed (load, pushState, replaceState, popstate, hash): looks only at rules indexed for it. */
  setUrl(url: string): EngineChange;
  /** A batch of DOM changes: re-checks only what the added, removed and changed nodes can affect. */
  update(batch: MutationBatch): EngineChange;
  /** Which step of a walkthrough is due (resume pointer, Next, Back). */
  setStep(ruleId: string, stepIndex: number): EngineChange;
  /** The rules that apply now, highest priority first. */
  active(): ActiveRule[];
  get(ruleId: string): ActiveRule | undefined;
  /**
   * The roots the engine looked into besides the document — open shadow roots and same-origin
   * iframe documents on the way to a target. A MutationObserver on the document does not see
   * inside them, so the caller observes these too.
   */
  roots(): Iterable<Document | ShadowRoot>;
}

/** Creates an engine for `root` (a document) at `url`. */
export type CreateEngine = (options: { root: Document; url: string; rules?: readonly Rule[] }) => MatchEngine;
