-- The usage tables compare their ids byte by byte (COLLATE "C"). Ids are opaque names, never shown
-- in a sorted list to people, so a language's sort order buys nothing there; under the database's
-- default collation every comparison went through the C library's collation, and PostgreSQL
-- cannot use its fast abbreviated keys for such sorts. The roll-up sorts and looks up thousands of
-- (workspace, day, rule, step, event) keys every few seconds in the counters' and the range
-- totals' primary keys: that was most of its time. In byte order, UTF-8 text sorts as its code
-- points do, so nothing read changes order under a C.UTF-8 database, and sums never change.
DROP VIEW usage_deltas;

ALTER TABLE usage_ledger
  ALTER COLUMN workspace_id TYPE text COLLATE "C",
  ALTER COLUMN rule_ids TYPE text[] COLLATE "C",
  ALTER COLUMN step_ids TYPE text[] COLLATE "C",
  ALTER COLUMN events TYPE text[] COLLATE "C";

ALTER TABLE usage_counters
  ALTER COLUMN workspace_id TYPE text COLLATE "C",
  ALTER COLUMN rule_id TYPE text COLLATE "C",
  ALTER COLUMN step_id TYPE text COLLATE "C",
  ALTER COLUMN event TYPE text COLLATE "C";

ALTER TABLE usage_totals
  ALTER COLUMN workspace_id TYPE text COLLATE "C",
  ALTER COLUMN rule_id TYPE text COLLATE "C",
  ALTER COLUMN step_id TYPE text COLLATE "C",
  ALTER COLUMN event TYPE text COLLATE "C";

CREATE VIEW usage_deltas AS
SELECT l.id, l.workspace_id, d.day, d.rule_id, d.step_id, d.event, d.count
FROM usage_ledger AS l,
     unnest(l.days, l.rule_ids, l.step_ids, l.events, l.counts) AS d (day, rule_id, step_id, event, count);
