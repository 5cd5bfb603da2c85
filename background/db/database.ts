/**
 * The extension's one database, in its own origin. Opened by the background (and extension pages
 * where useful), never by a content script: there IndexedDB would be the host page's.
 */
import { Dexie, type Table } from 'dexie';
import type {
  ChecklistCompletionRecord,
  ChecklistItemRecord,
  CommentRecord,
  CompletionRecord,
  DismissedTipRecord,
  DraftRecord,
  HelpRequestRecord,
  KnownRuleRecord,
  OutboxRecord,
  PackRecord,
  PackVersionRecord,
  PersonalTipRecord,
  PickRecord,
  PreviousRulesRecord,
  ProbeRecord,
  ProbeStateRecord,
  ProgressRecord,
  QuarantineRecord,
  RuleRecord,
  SettingRecord,
  UsageBatchRecord,
  UsageCounterRecord,
  UsageDayRecord,
  UsageKeyRecord,
  WalAppliedRecord,
} from './records';
import { SCHEMA_VERSIONS } from './versions';

export const DATABASE_NAME = 'stepwise';

type UserKey = [userId: string, ruleId: string];

/** Counts of IndexedDB transactions this connection started (the store benchmark reads them). */
export interface TransactionStats {
  transactions: number;
  readwrite: number;
}

export interface DatabaseOptions {
  name?: string;
  /** Declare versions up to this one only (tests write data as an older release did). */
  upToVersion?: number;
  /** Called when an upgrade waits for another connection to close. */
  onBlocked?: () => void;
  /** Called each time the database has opened. */
  onReady?: () => void;
}

/** The Stepwise database: Dexie with its typed tables. */
export class StepwiseDatabase extends Dexie {
  declare packs: Table<PackRecord, string>;
  declare rules: Table<RuleRecord, string>;
  declare previousRules: Table<PreviousRulesRecord, [packId: string, slice: number]>;
  declare progress: Table<ProgressRecord, UserKey>;
  declare completions: Table<CompletionRecord, UserKey>;
  declare dismissedTips: Table<DismissedTipRecord, UserKey>;
  declare knownRules: Table<KnownRuleRecord, UserKey>;
  declare checklistItems: Table<ChecklistItemRecord, [userId: string, checklistId: string, itemId: string]>;
  declare usage: Table<UsageCounterRecord, [ruleId: string, stepId: string, event: string, day: string]>;
  declare usageKeys: Table<UsageKeyRecord, [ruleId: string, stepId: string, event: string]>;
  declare usageDays: Table<UsageDayRecord, string>;
  declare usageBatches: Table<UsageBatchRecord, string>;
  declare walApplied: Table<WalAppliedRecord, string>;
  declare helpRequests: Table<HelpRequestRecord, string>;
  declare comments: Table<CommentRecord, string>;
  declare checklistCompletions: Table<ChecklistCompletionRecord, [userId: string, checklistId: string]>;
  declare outbox: Table<OutboxRecord, number>;
  declare settings: Table<SettingRecord, string>;
  declare quarantine: Table<QuarantineRecord, number>;
  declare picks: Table<PickRecord, string>;
  declare drafts: Table<DraftRecord, string>;
  declare packVersions: Table<PackVersionRecord, [packId: string, version: number]>;
  declare probes: Table<ProbeRecord, [ruleId: string, stepId: string, day: string]>;
  declare probeStates: Table<ProbeStateRecord, [ruleId: string, stepId: string]>;
  declare personalTips: Table<PersonalTipRecord, string>;

  readonly stats: TransactionStats = { transactions: 0, readwrite: 0 };
  /**
   * Raised by every read-write transaction over the packs, as it starts: what is derived from
   * the packs and kept in memory (the insights' rule list) is read again once it moved.
   */
  packsWrites = 0;

  constructor(options: DatabaseOptions = {}) {
    super(options.name ?? DATABASE_NAME);
    const upTo = options.upToVersion ?? Number.POSITIVE_INFINITY;
    for (const schema of SCHEMA_VERSIONS) {
      if (schema.version > upTo) break;
      const version = this.version(schema.version).stores(schema.stores);
      if (schema.upgrade) version.upgrade(schema.upgrade);
    }
    const stats = this.stats;
    const db = this;
    this.use({
      stack: 'dbcore',
      name: 'transaction-stats',
      create: (down) => ({
        ...down,
        transaction(stores, mode, txOptions) {
          stats.transactions++;
          if (mode === 'readwrite') {
            stats.readwrite++;
            if (stores.includes('packs')) db.packsWrites++;
          }
          return down.transaction(stores, mode, txOptions);
        },
      }),
    });
    if (options.onBlocked) this.on('blocked', options.onBlocked);
    // The upgrade went through: a blocked report is out of date.
    this.on('ready', () => options.onReady?.(), true);
  }
}

/** The newest schema version this code knows. */
export const CURRENT_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
