/**
 * The rule model: what a rule pack says, for the engine, the editor and the sync server alike.
 *
 * This file is the contract between `rules/` and its users. The valibot schema in `rules/schema`
 * validates unknown input into these types (a type test keeps them equal).
 */

/** The current rule-pack format. Older packs are migrated up to it on load (`rules/migrations`). */
export const FORMAT_VERSION = 2;

export interface RulePack {
  format: typeof FORMAT_VERSION;
  /** Stable id, e.g. `acme-crm-starter`. */
  id: string;
  name: string;
  /** The author's version of the pack's content; a newer one replaces an older one on import. */
  version: number;
  description?: string;
  rules: Rule[];
  checklists: Checklist[];
}

/** The kinds of help (one folder each in `overlay-ui/`). */
export const RULE_KINDS = ['walkthrough', 'tip', 'hint'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface Rule {
  /** Unique within its pack; usage is counted per rule id. */
  id: string;
  name: string;
  kind: RuleKind;
  status: 'draft' | 'published';
  where: Where;
  /** How a walkthrough starts: by itself, from the catalog, or when the user meets a target. */
  start: 'auto' | 'manual' | { on: 'appear' | 'click' | 'focus'; target: Target };
  audience?: { roles?: string[] };
  /** Higher first when several rules apply; 0 by default. */
  priority?: number;
  /** Walkthroughs have one or more steps; a tip or hint has exactly one. */
  steps: Step[];
  /** ISO 8601 timestamps. */
  updatedAt?: string;
  reviewedAt?: string;
  /** Who to ask: the expert behind this help. */
  owner?: string;
}

/** Where a rule applies: any of `urls`, none of `excludeUrls`, and `when` holds. */
export interface Where {
  urls: UrlPattern[];
  excludeUrls?: UrlPattern[];
  when?: Condition;
}

/**
 * A URL pattern, as a string:
 * - a WebExtension match pattern: `https://*.example.com/accounts/*`, `*://crm.example.com/*`;
 * - or URLPattern syntax, with named segments and wildcards, the hash included:
 *   `https://crm.example.com/accounts/:id`, `https://crm.example.com/reports#/pipeline`.
 * Or as an object of URLPattern parts (`{ pathname: '/accounts/:id', hash: '/pipeline' }`); parts
 * left out match anything.
 */
export type UrlPattern =
  | string
  | {
      protocol?: string;
      hostname?: string;
      port?: string;
      pathname?: string;
      search?: string;
      hash?: string;
    };

/** An element on the page. */
export interface Target {
  /** A CSS selector. */
  selector: string;
  /** Tried in order when `selector` finds nothing. */
  fallbacks?: string[];
  /** Keep only elements whose text matches (whitespace-normalised, case-insensitive). */
  text?: string;
  textMatch?: 'exact' | 'contains';
  /**
   * Keep only elements whose accessible name matches (whitespace and case ignored): aria-labelledby,
   * aria-label, a field's labels, alt, the text of a button, link or heading, title, placeholder.
   */
  ariaLabel?: string;
  /** A selector for the same-origin iframe that holds the element. */
  frame?: string;
  /**
   * Which of several matches is meant, counting from 1 in page order (after `text` and
   * `ariaLabel`). Without it, several matches mean the first, and are reported as ambiguous.
   */
  nth?: number;
}

/** The kinds of condition, one file each in `rules/conditions/`: a condition is an object with one of these keys. */
export const CONDITION_KINDS = ['exists', 'absent', 'url', 'value', 'all', 'any', 'not'] as const;
export type ConditionKindName = (typeof CONDITION_KINDS)[number];

/** A condition on the page; compose with `all`, `any` and `not`. */
export type Condition =
  | { exists: Target }
  | { absent: Target }
  | { url: UrlPattern }
  | { value: { target: Target; matches: string; flags?: string } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type Placement = 'top' | 'bottom' | 'left' | 'right' | 'auto';

export type Advance = 'next' | 'click-target' | 'input-target' | { url: UrlPattern } | { appear: Target };

export interface Step {
  /** Stable within the rule (usage is counted per step id); the index is used when absent. */
  id?: string;
  target?: Target;
  title: string;
  /** Markdown, one short instruction: what the expert needs. */
  brief: string;
  /** Markdown: more for a newcomer, behind "more detail". */
  detail?: string;
  placement?: Placement;
  /** What moves the walkthrough on; `next` (the Next button) by default. */
  advance?: Advance;
  /** Shows a spotlight around the target. */
  spotlight?: boolean;
  /**
   * The field's value must match this pattern. A hint shows a pass/fail mark on blur; a walkthrough
   * step that advances on `input-target` moves on only on a valid value (and shows the message).
   */
  validate?: { matches: string; flags?: string; message: string };
}

export interface Checklist {
  id: string;
  title: string;
  where: Where;
  items: ChecklistItem[];
}

export interface ChecklistItem {
  id: string;
  title: string;
  /** Ticked when this holds on the page (the work is really done). */
  doneWhen: Condition;
  /**
   * "Done when seen once": ticked for good the first time `doneWhen` holds, so work done on one
   * page stays done on the others. Without it the item is done while `doneWhen` holds on a page
   * where the checklist applies (a field filled in, say) and unticks when it no longer does.
   */
  once?: boolean;
  /** A walkthrough that shows how ("Show me"). */
  startsRule?: string;
}

/** One problem found in a pack, at a JSON path such as `rules[3].steps[1].target.selector`. */
export interface Problem {
  path: string;
  message: string;
}

/**
 * The usage events the overlay reports about a rule's step (`hint-corrected`: a field hint's value
 * failed, then the person made it valid). The one list the message schema and the sync protocol
 * take theirs from.
 */
export const USAGE_EVENTS = [
  'shown',
  'completed',
  'dismissed',
  'helpful',
  'unhelpful',
  'target-missing',
  'hint-corrected',
] as const;
export type UsageEvent = (typeof USAGE_EVENTS)[number];

/**
 * Checklist events, counted by the background the first time they happen for a person: under the
 * checklist's id as the rule id, and the item's id as the step id (`''` for the whole checklist).
 */
export const CHECKLIST_EVENTS = ['checklist-item-done', 'checklist-completed'] as const;
export type ChecklistEvent = (typeof CHECKLIST_EVENTS)[number];

/** Every event usage counters are kept for. */
export type CountedEvent = UsageEvent | ChecklistEvent;
