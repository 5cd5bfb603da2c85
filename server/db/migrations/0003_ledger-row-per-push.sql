-- The usage ledger holds one row per push (its fresh deltas as parallel arrays) instead of one row
-- per delta: a push of 200 deltas writes one heap tuple, one index entry and one WAL record rather
-- than 200 of each, which was most of PostgreSQL's work per counter. The roll-up unnests the rows it
-- moves. `usage_deltas` stays as a view with the old columns, so readers sum ledger and counters as
-- before.
CREATE TABLE usage_ledger (
  id bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  days date[] NOT NULL,
  rule_ids text[] NOT NULL,
  step_ids text[] NOT NULL,
  events text[] NOT NULL,
  counts bigint[] NOT NULL,
  CHECK (
    cardinality(days) > 0
    AND cardinality(rule_ids) = cardinality(days)
    AND cardinality(step_ids) = cardinality(days)
    AND cardinality(events) = cardinality(days)
    AND cardinality(counts) = cardinality(days)
    AND 0 < ALL (counts)
  )
);

INSERT INTO usage_ledger (workspace_id, days, rule_ids, step_ids, events, counts)
SELECT workspace_id, array_agg(day ORDER BY id), array_agg(rule_id ORDER BY id), array_agg(step_id ORDER BY id),
       array_agg(event ORDER BY id), array_agg(count ORDER BY id)
FROM usage_deltas
GROUP BY workspace_id;

DROP TABLE usage_deltas;

CREATE VIEW usage_deltas AS
SELECT l.id, l.workspace_id, d.day, d.rule_id, d.step_id, d.event, d.count
FROM usage_ledger AS l,
     unnest(l.days, l.rule_ids, l.step_ids, l.events, l.counts) AS d (day, rule_id, step_id, event, count);
