import type { SchemaVersion } from './types';

/** The first schema: packs, per-user state, usage counters, help requests, the outbox, settings. */
export const v1: SchemaVersion = {
  version: 1,
  stores: {
    packs: 'id, source',
    progress: '[userId+ruleId], userId',
    completions: '[userId+ruleId], userId',
    dismissedTips: '[userId+ruleId], userId',
    knownRules: '[userId+ruleId], userId',
    checklistItems: '[userId+checklistId+itemId], [userId+checklistId], userId',
    usage: '[ruleId+stepId+event+day], day, ruleId',
    usageBatches: 'id, at',
    walApplied: 'id',
    helpRequests: 'id, createdAt, status',
    outbox: 'seq, kind',
    settings: 'key',
  },
};

// The records version 1 wrote, frozen here: the upgrades read old data through these types, never
// through `../records.ts` (today's records) or the rules core's model, which later versions change.
// A test checks that no version file imports either.

/** A rule inside a stored pack, as far as an upgrade reads it. */
export interface RuleV1 {
  id: string;
  status: 'draft' | 'published';
}

/** A rule pack as version 1 stored it (already validated on import). */
export interface StoredPackV1 {
  format: number;
  id: string;
  name: string;
  version: number;
  rules: RuleV1[];
  checklists: unknown[];
}

export interface PackRecordV1 {
  id: string;
  name: string;
  version: number;
  source: 'local' | 'imported' | 'server';
  importedAt: number;
  pack: StoredPackV1;
}

export interface ProgressRecordV1 {
  userId: string;
  ruleId: string;
  stepIndex: number;
  status: 'active' | 'completed' | 'dismissed';
  updatedAt: number;
  url?: string;
}

export interface CompletionRecordV1 {
  userId: string;
  ruleId: string;
  count: number;
  lastAt: number;
}

/** A tip closed for good, or a rule marked "I know this". */
export interface UserRuleAtV1 {
  userId: string;
  ruleId: string;
  at: number;
}

export interface ChecklistItemRecordV1 {
  userId: string;
  checklistId: string;
  itemId: string;
  doneAt: number;
}

export interface UsageCounterRecordV1 {
  ruleId: string;
  stepId: string;
  event: string;
  day: string;
  count: number;
}

/** A batch id or a write-ahead segment already applied. */
export interface AppliedRecordV1 {
  id: string;
  at: number;
}

export interface HelpRequestRecordV1 {
  id: string;
  createdAt: number;
  text: string;
  url: string;
  ruleId?: string;
  stepId?: string;
  status: 'pending' | 'sent';
}

/** Version 1 queued a help request by its id only. */
export type OutboxRecordV1 =
  | { seq: number; batchId: string; createdAt: number; kind: 'usage'; deltas: UsageCounterRecordV1[] }
  | { seq: number; batchId: string; createdAt: number; kind: 'help'; requestId: string };

export interface SettingRecordV1 {
  key: string;
  value: unknown;
}

/** Every table of version 1 and its records. */
export interface TablesV1 {
  packs: PackRecordV1;
  progress: ProgressRecordV1;
  completions: CompletionRecordV1;
  dismissedTips: UserRuleAtV1;
  knownRules: UserRuleAtV1;
  checklistItems: ChecklistItemRecordV1;
  usage: UsageCounterRecordV1;
  usageBatches: AppliedRecordV1;
  walApplied: AppliedRecordV1;
  helpRequests: HelpRequestRecordV1;
  outbox: OutboxRecordV1;
  settings: SettingRecordV1;
}
