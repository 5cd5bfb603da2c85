-- The first schema: workspaces and their tokens, published packs, installations with the last
-- batch applied for each, usage (a ledger of deltas rolled up into daily counters) and the inbox
-- (help requests, comments, tip suggestions, target-missing reports).

CREATE TABLE workspaces (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- Bumped by every publish, roll-back and withdrawal: the ETag of the workspace's current packs.
  packs_revision bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id),
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  -- Who the token is for, as the admin who made it wrote it.
  name text NOT NULL,
  -- SHA-256 of the token's secret part: the secret itself is never stored.
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text REFERENCES tokens (id),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX tokens_by_workspace ON tokens (workspace_id, created_at);

CREATE TABLE packs (
  workspace_id text NOT NULL REFERENCES workspaces (id),
  pack_id text NOT NULL,
  -- The version teams get; NULL once the pack is withdrawn.
  current_version integer,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, pack_id)
);

CREATE TABLE pack_versions (
  workspace_id text NOT NULL,
  pack_id text NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  -- The validated pack, exactly as it is served.
  body jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text REFERENCES tokens (id),
  PRIMARY KEY (workspace_id, pack_id, version),
  FOREIGN KEY (workspace_id, pack_id) REFERENCES packs (workspace_id, pack_id)
);

CREATE TABLE installations (
  workspace_id text NOT NULL REFERENCES workspaces (id),
  id text NOT NULL,
  -- The highest batch sequence number applied: written in the transaction that applies it.
  last_seq bigint NOT NULL DEFAULT 0,
  token_id text REFERENCES tokens (id),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);

-- Usage as it arrives: appended without touching shared rows, so installations never wait on
-- each other; rolled up into usage_counters in the background.
CREATE TABLE usage_deltas (
  id bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  day date NOT NULL,
  rule_id text NOT NULL,
  step_id text NOT NULL,
  event text NOT NULL,
  count bigint NOT NULL CHECK (count > 0)
);

CREATE TABLE usage_counters (
  workspace_id text NOT NULL,
  day date NOT NULL,
  rule_id text NOT NULL,
  step_id text NOT NULL,
  event text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (workspace_id, day, rule_id, step_id, event)
);

CREATE TABLE inbox_items (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id),
  kind text NOT NULL CHECK (kind IN ('help', 'comment', 'suggestion', 'target-missing')),
  installation_id text NOT NULL,
  -- The outbox batch it came in: one item per batch, whatever the retries.
  seq bigint NOT NULL,
  -- The client's own id for the item (a help request's id, say).
  client_id text,
  token_id text REFERENCES tokens (id),
  rule_id text,
  step_id text,
  url text,
  text text,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_at timestamptz,
  resolved_by text REFERENCES tokens (id),
  resolution text,
  UNIQUE (workspace_id, installation_id, seq)
);
CREATE INDEX inbox_items_by_status ON inbox_items (workspace_id, status, received_at DESC);
