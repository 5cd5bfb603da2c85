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
