/**
 * The matching engine's interface, as the overlay content script uses it. The engine answers
 * which rules apply now and which step is due, for a URL and a DOM it is handed, and on each
 * change returns only what changed.
 */
import type { Rule, UrlPattern } from './model';
import type { PatternTester } from './regex/test-pattern';
import type { URLPatternConstructor } from './url/types';

export type { PatternTester, URLPatternConstructor };

/**
 * Where a target is. `via` names the selector (or fallback) that matched. An ambiguous target's
 * `elements` are in tree order (a shadow tree's content right after its host).
 */
export type Resolution =
  | { status: 'found'; element: Element; via: string }
  | { status: 'ambiguous'; elements: Element[]; count: number; via: string }
  | { status: 'not-found' };

/** One rule that applies now. */
export interface ActiveRule {
  rule: Rule;
  /** The due step (the progress pointer set with `setStep`, 0 by default, clamped to the steps). */
  stepIndex: number;
  /** Where the due step's target is; `null` when the step has none. */
  target: Resolution | null;
  /** Where the start target is, for a rule that starts `{ on, target }`. */
  startTarget?: Resolution;
  /** Where the due step's `{ appear }` advance target is: the step is done once it is found. */
  advanceTarget?: Resolution;
}

/** What a call changed. */
export interface EngineChange {
  /** Rule ids that began to apply. */
  entered: string[];
  /** Rule ids that stopped applying. */
  left: string[];
  /**
   * Rule ids, applying before and after, whose due step changed or whose due target (or start or
   * advance target) appeared, went away or resolved to other elements.
   */
  targets: string[];
}

/**
 * DOM changes since the last call, as a MutationObserver reports them (`batchFromRecords` in
 * `rules/engine.ts` builds one from records).
 */
export interface MutationBatch {
  added: readonly Node[];
  removed: readonly Node[];
  /** Elements whose attributes or form value changed (input and change events included). */
  changed?: readonly Element[];
  /**
   * Nodes whose children or text changed: the `target` of childList and characterData records.
   * Text filters and value conditions follow text edits and removals through these.
   */
  parents?: readonly Node[];
  /**
   * The caller found the batch big (`takesWhole`): the engine queries every watch again without
   * first walking the batch to count it.
   */
  big?: boolean;
}

export interface MatchEngine {
  /** Replaces the rule set; everything is evaluated again. */
  setRules(rules: readonly Rule[]): EngineChange;
  /** The URL changed (load, pushState, replaceState, popstate, hash): looks only at rules indexed for it. */
  setUrl(url: string): EngineChange;
  /** A batch of DOM changes: re-checks only what the added, removed and changed nodes can affect. */
  update(batch: MutationBatch): EngineChange;
  /**
   * Whether the engine takes this batch whole at a cost that does not grow with it (a big change:
   * it queries each watched selector again). The caller then hands it over in one call rather
   * than in slices, each of which would be walked element by element.
   */
  takesWhole?(batch: MutationBatch): boolean;
  /** Which step of a walkthrough is due (resume pointer, Next, Back). */
  setStep(ruleId: string, stepIndex: number): EngineChange;
  /** The rules that apply now, highest priority first. */
  active(): ActiveRule[];
  get(ruleId: string): ActiveRule | undefined;
  /**
   * Whether a rule whose URL matches has a `value` condition that waits for the pattern engine
   * (the engine was created without `testPattern`): load it and pass it to `setPatternTester`.
   */
  wantsPatterns?(): boolean;
  /** The linear-time pattern engine is loaded: the rules that waited for it are evaluated. */
  setPatternTester?(tester: PatternTester): EngineChange;
  /** Whether the current URL matches a pattern (for a step that advances on `{ url }`). */
  matchesUrl(pattern: UrlPattern): boolean;
  /**
   * URL patterns of the rule set that could not be compiled here (a pattern in URLPattern syntax
   * where the platform has no URLPattern, say): each matches nothing, the rest carries on.
   */
  problems?(): string[];
  /**
   * The roots the engine looked into besides the document — open shadow roots and same-origin
   * iframe documents on the way to a target. A MutationObserver on the document does not see
   * inside them, so the caller observes these too (and reports a same-origin iframe that loaded
   * as `changed`).
   */
  roots(): Iterable<Document | ShadowRoot>;
}

/** Options for `createEngine`. */
export interface EngineOptions {
  /** The page's document. */
  root: Document;
  url: string;
  rules?: readonly Rule[];
  /**
   * URLPattern for patterns in URLPattern syntax; the global one by default (Chromium has it).
   * Where it is missing (older Firefox), pass the polyfill's class (`rules/url/with-polyfill.ts`).
   */
  URLPattern?: URLPatternConstructor;
  /**
   * Tests rule patterns (`createLinearTester` in `rules/regex/linear.ts`). Without one, a rule
   * whose `value` condition must test a pattern does not apply until `setPatternTester` is called:
   * the content script loads the pattern engine only where such a rule's URL matches.
   */
  testPattern?: PatternTester;
  /**
   * Past this many added and removed elements in one batch, the indexed engine queries each watched
   * selector again instead of testing every element (1,500 by default; tests lower it).
   */
  requeryAbove?: number;
}

/** Creates an engine for `root` (a document) at `url`. */
export type CreateEngine = (options: EngineOptions) => MatchEngine;
