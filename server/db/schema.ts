/**
 * The database's tables as Kysely sees them: one interface per table, columns in snake_case as
 * the SQL migrations create them. `Generated` marks columns the database fills in.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A `timestamptz`: read as a Date, written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` with a default: may be left out when inserting. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `timestamptz` that may be NULL. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A `jsonb` column: read as parsed JSON, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

export interface WorkspacesTable {
  id: string;
  name: string;
  packs_revision: Generated<number>;
  created_at: DefaultTimestamp;
}

export type Role = 'admin' | 'member';

export interface TokensTable {
  id: string;
  workspace_id: string;
  role: Role;
  name: string;
  secret_hash: Uint8Array;
  created_at: DefaultTimestamp;
  created_by: string | null;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface PacksTable {
  workspace_id: string;
  pack_id: string;
  current_version: number | null;
  updated_at: DefaultTimestamp;
}

export interface PackVersionsTable {
  workspace_id: string;
  pack_id: string;
  version: number;
  name: string;
  body: Json<unknown>;
  published_at: DefaultTimestamp;
  published_by: string | null;
}

export interface InstallationsTable {
  workspace_id: string;
  id: string;
  last_seq: Generated<number>;
  /** `last_seq` before the latest push (read back by the push's own statement). */
  prev_seq: Generated<number>;
  token_id: string | null;
  first_seen_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
}

/** The usage ledger: one row per push, its fresh deltas as parallel arrays. */
export interface UsageLedgerTable {
  id: Generated<number>;
  workspace_id: string;
  days: string[];
  rule_ids: string[];
  step_ids: string[];
  events: string[];
  counts: number[];
}

/** A view of the ledger, one row per delta (read-only). */
export interface UsageDeltasTable {
  id: number;
  workspace_id: string;
  /** `YYYY-MM-DD` (a `date`, read back as text). */
  day: string;
  rule_id: string;
  step_id: string;
  event: string;
  count: number;
}

export interface UsageCountersTable {
  workspace_id: string;
  day: string;
  rule_id: string;
  step_id: string;
  event: string;
  count: number;
}

/** Sums of the daily counters over aligned blocks of `span` days from `start` (`usage/totals.ts`). */
export interface UsageTotalsTable {
  workspace_id: string;
  span: number;
  /** `YYYY-MM-DD`, the block's first day. */
  start: string;
  rule_id: string;
  step_id: string;
  event: string;
  count: number;
}

/** Per rule, day and step: runs shown there and completed (`usage/step-days.ts`). */
export interface UsageStepDaysTable {
  workspace_id: string;
  rule_id: string;
  /** `YYYY-MM-DD`. */
  day: string;
  step_id: string;
  shown: number;
  completed: number;
}

/** One row: when the next roll-up is due (`usage/rollup.ts`). */
export interface UsageRollupTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  next_at: ColumnType<Date, Date | string, Date | string>;
}

export type InboxKind = 'help' | 'comment' | 'suggestion' | 'target-missing';

export interface InboxItemsTable {
  id: string;
  workspace_id: string;
  kind: InboxKind;
  installation_id: string;
  seq: number;
  client_id: string | null;
  token_id: string | null;
  rule_id: string | null;
  step_id: string | null;
  url: string | null;
  text: string | null;
  details: Json<Record<string, unknown>>;
  created_at: Timestamp;
  received_at: DefaultTimestamp;
  status: Generated<'open' | 'resolved'>;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
  resolution: string | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: DefaultTimestamp;
}

export interface Database {
  workspaces: WorkspacesTable;
  tokens: TokensTable;
  packs: PacksTable;
  pack_versions: PackVersionsTable;
  installations: InstallationsTable;
  usage_ledger: UsageLedgerTable;
  usage_deltas: UsageDeltasTable;
  usage_counters: UsageCountersTable;
  usage_totals: UsageTotalsTable;
  usage_step_days: UsageStepDaysTable;
  usage_rollup: UsageRollupTable;
  inbox_items: InboxItemsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type TokenRow = Selectable<TokensTable>;
export type NewInboxItem = Insertable<InboxItemsTable>;
