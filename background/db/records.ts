/**
 * The records Stepwise keeps in its database, one interface per table. Every record is plain JSON
 * (structured-cloneable), so it can be exported, synced and checked when read back.
 */
import type { PickRecord } from '../../messaging/areas/picker';
import type { Rule, RulePack, UsageEvent } from '../../rules/index';

export type { PickRecord };

/** Where a pack came from: written here, imported from a file, or published by the team's server. */
export type PackSource = 'local' | 'imported' | 'server';

export interface PackRecord {
  id: string;
  name: string;
  version: number;
  source: PackSource;
  /** An off pack keeps its rules but none of them is shown. */
  enabled: boolean;
  /** Epoch milliseconds. */
  importedAt: number;
  /** The validated pack, rules and checklists included. */
  pack: RulePack;
}

/** One rule of a pack, indexed on its own so a page's rules are read without unpacking every pack. */
export interface RuleRecord {
  /** Rule ids are unique across packs: usage, progress and preferences are keyed by them. */
  id: string;
  packId: string;
  status: Rule['status'];
  rule: Rule;
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
  doneAt: number;
}

/** A usage counter: one per (rule, step, event, day). `stepId` is `''` for rule-level events. */
export interface UsageCounterRecord {
  ruleId: string;
  stepId: string;
  event: UsageEvent;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
}

/** An increment of one counter. */
export type UsageDelta = UsageCounterRecord;

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

/** "I'm stuck here": a request for help with the page's context, for whoever maintains the help. */
export interface HelpRequestRecord {
  id: string;
  createdAt: number;
  url: string;
  ruleId?: string;
  stepId?: string;
  text: string;
  status: 'pending' | 'sent';
}

/**
 * What waits to be pushed to the team's server, in the order it happened. `seq` is this client's
 * sequence number; with the client id it names the batch, so the server applies it exactly once.
 */
export type OutboxRecord =
  | { seq: number; batchId: string; createdAt: number; kind: 'usage'; deltas: UsageDelta[] }
  | { seq: number; batchId: string; createdAt: number; kind: 'help'; requestId: string };

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
