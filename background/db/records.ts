/**
 * The records Stepwise keeps in its database, one interface per table. Every record is plain JSON
 * (structured-cloneable), so it can be exported, synced and checked when read back.
 */

import type { CounterKey, StoredDayTotals } from '../../insights/day-totals';
import type { ProbeRow, ProbeState } from '../../insights/model';
import type { Draft } from '../../messaging/areas/authoring';
import type { HelpEvent, TargetState } from '../../messaging/areas/panel';
import type { PickRecord } from '../../messaging/areas/picker';
import type { PersonalTip } from '../../messaging/areas/tips';
import type { CountedEvent, Rule, RuleKind, RulePack } from '../../rules/index';

export type { PickRecord };

/** A rule in the making, kept as the author left it (valid or not). */
export type DraftRecord = Draft;

/** A pack as it was at one version, kept so it can be restored or exported. */
export interface PackVersionRecord {
  packId: string;
  version: number;
  savedAt: number;
  reason: 'published' | 'restored' | 'before';
  ruleId?: string;
  pack: RulePack;
}

/** Where a pack came from: written here, imported from a file, or published by the team's server. */
export type PackSource = 'local' | 'imported' | 'server';

/**
 * A rule pack without its rules. Since version 9 a pack's rules are not kept in its record: the
 * working version's are in `rules` (one record each), the previous version's in `previousRules`
 * (in slices), so no single write or read of a pack clones thousands of rules at once.
 */
export type PackHead = Omit<RulePack, 'rules'>;

/** How many rules a version of a pack holds, and how many of them are published. */
export interface RuleCounts {
  rules: number;
  published: number;
}

export interface PackRecord {
  id: string;
  name: string;
  version: number;
  source: PackSource;
  /** An off pack keeps its rules but none of them is shown. */
  enabled: boolean;
  /** Epoch milliseconds. */
  importedAt: number;
  /** The validated pack but its rules: format, id, name, version, description, checklists. */
  pack: PackHead;
  /** Its rules, counted (they are in `rules`). */
  counts: RuleCounts;
  /** The version this one replaced, kept so it can be restored (its rules are in `previousRules`). */
  previous?: { version: number; source: PackSource; importedAt: number; pack: PackHead; counts: RuleCounts };
}

/** One rule of a pack, indexed on its own so a page's rules are read without unpacking every pack. */
export interface RuleRecord {
  /** Rule ids are unique across packs: usage, progress and preferences are keyed by them. */
  id: string;
  packId: string;
  status: Rule['status'];
  rule: Rule;
  /** Where the rule is in its pack (since version 9: the pack's order, for export). */
  position: number;
}

/** Since version 9: a slice of the rules of the version a pack replaced, in the pack's order. */
export interface PreviousRulesRecord {
  packId: string;
  /** 0 first. */
  slice: number;
  rules: Rule[];
}

/** Keys of per-user state: everything a person did is kept per user id (`local` until sign-in). */
export interface UserRuleKey {
  userId: string;
  ruleId: string;
}

/** Where a user is in a walkthrough: the resume pointer. */
export interface ProgressRecord extends UserRuleKey {
  stepIndex: number;
  status: 'active' | 'completed' | 'dismissed';
  updatedAt: number;
  /** The page the step was on, for resuming across routes. */
  url?: string;
  /** The steps (by index) shown in this run, so a run that comes back counts none twice. */
  shown?: number[];
  /** For a completion: the version of the rule completed (`ruleRevision`); a new one starts by itself again. */
  revision?: string;
}

/** How many times a user completed a walkthrough (the expertise logic reads it). */
export interface CompletionRecord extends UserRuleKey {
  count: number;
  lastAt: number;
}

/** A tip closed for good. */
export interface DismissedTipRecord extends UserRuleKey {
  at: number;
}

/** "I know this": the walkthrough no longer starts by itself. */
export interface KnownRuleRecord extends UserRuleKey {
  at: number;
}

/** A checklist item the user has done. */
export interface ChecklistItemRecord {
  userId: string;
  checklistId: string;
  itemId: string;
  /** When it was first done (epoch milliseconds): its `checklist-item-done` was counted then. */
  doneAt: number;
  /**
   * Since version 4: an item done only while its condition holds (not "done when seen once") whose
   * condition no longer held on a page where its checklist applies. Cleared when it holds again.
   */
  undoneAt?: number;
}

/** Since version 4: a checklist whose items were all done at once, the first time (counted then). */
export interface ChecklistCompletionRecord {
  userId: string;
  checklistId: string;
  at: number;
}

/** A usage counter: one per (rule, step, event, day). `stepId` is `''` for rule-level events. */
export interface UsageCounterRecord {
  ruleId: string;
  stepId: string;
  event: CountedEvent;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
}

/** An increment of one counter. */
export type UsageDelta = UsageCounterRecord;

/** Since version 7.5: the number a (rule, step, event) has in the day totals. */
export type UsageKeyRecord = CounterKey;

/**
 * Since version 7.5: one day's counters in one record (the Insights page reads these); its lists
 * are typed arrays once written again (records of before hold plain lists, read the same).
 */
export type UsageDayRecord = StoredDayTotals;

/** A message batch already counted: a retried message with the same id is not counted twice. */
export interface UsageBatchRecord {
  id: string;
  at: number;
}

/** A write-ahead segment whose counts are in the database (so recovery does not apply it again). */
export interface WalAppliedRecord {
  id: string;
  at: number;
}

/**
 * "I'm stuck here": what the person was trying to do, with the page's context for whoever
 * maintains the help. Every part of the context is optional: the person may remove any of it.
 */
export interface HelpRequestRecord {
  id: string;
  createdAt: number;
  /** What the person was trying to do, in their words. */
  text: string;
  /** The page, without its query string unless the person kept it (since version 4 it may be left out). */
  url?: string;
  /** The help on screen: its rule and step. */
  ruleId?: string;
  stepId?: string;
  /** Since version 4: the rest of the context the person chose to send. */
  context?: HelpContext;
  status: 'pending' | 'sent';
}

/** The context of an "I'm stuck" request beyond its page, rule and step (each part optional). */
export interface HelpContext {
  /** The help on screen, in words. */
  ruleName?: string;
  ruleKind?: RuleKind;
  /** The step on screen: its position (0 first) and title. */
  stepIndex?: number;
  stepTitle?: string;
  /** Whether the step's element was found on the page, found several times, or not found. */
  target?: TargetState;
  /** The last help events on the page, oldest first. */
  events?: HelpEvent[];
  /** The browser and its major version, e.g. `Chrome 131`. */
  browser?: string;
  extensionVersion?: string;
}

/** Since version 4: what a person wrote after answering "No" to "Helpful?" on a card. */
export interface CommentRecord {
  id: string;
  createdAt: number;
  ruleId: string;
  /** The step the vote was counted under. */
  stepId?: string;
  /** The page, without its query string. */
  url?: string;
  text: string;
  status: 'pending' | 'sent';
}

/** A help request as it goes to the team's server (in the outbox). */
export type HelpRequestPayload = Omit<HelpRequestRecord, 'status'>;
/** A comment as it goes to the team's server (in the outbox). */
export type CommentPayload = Omit<CommentRecord, 'status'>;

/** Since version 8: a person's own tip, and where its suggestion to the team stands. */
export type PersonalTipRecord = PersonalTip;

/** Since version 8: a personal tip offered to the team, as it goes to the server (in the outbox). */
export interface SuggestionPayload {
  /** The id the team's inbox knows it by. */
  id: string;
  createdAt: number;
  /** The tip's text. */
  text: string;
  /** The tip as a rule of the pack format. */
  rule: Rule;
}

/**
 * What waits to be pushed to the team's server, in the order it happened. `seq` is this client's
 * sequence number; with the client id it names the batch, so the server applies it exactly once.
 * Each entry carries everything it sends: a request or comment is copied in whole (since version
 * 4; the upgrade copies older requests in), so what was queued is what goes.
 */
export type OutboxRecord =
  | { seq: number; batchId: string; createdAt: number; kind: 'usage'; deltas: UsageDelta[] }
  | { seq: number; batchId: string; createdAt: number; kind: 'help'; requestId: string; request: HelpRequestPayload }
  | { seq: number; batchId: string; createdAt: number; kind: 'comment'; commentId: string; comment: CommentPayload }
  | {
      seq: number;
      batchId: string;
      createdAt: number;
      kind: 'suggestion';
      /** The personal tip it offers (since version 8). */
      tipId: string;
      suggestion: SuggestionPayload;
    };

/** A setting or an internal value, by key. */
export interface SettingRecord {
  key: string;
  value: unknown;
}

/** A record that could not be read, set aside (never deleted) so nothing is lost. */
export interface QuarantineRecord {
  id?: number;
  table: string;
  key: string;
  value: unknown;
  reason: string;
  at: number;
}

/** What idle probes found for one step's target on one day (schema version 7). */
export type ProbeRecord = ProbeRow;

/** The latest probe of one step's target (schema version 7). */
export type ProbeStateRecord = ProbeState;
