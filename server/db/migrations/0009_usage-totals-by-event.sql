-- The range totals read by event: every insights question asks for a few events of every rule
-- (health: `shown` and `target-missing`; the funnels' ranking: `shown`) over a range's blocks.
-- The primary key orders a block's rows by rule, step and event, so such a read went through all
-- of the block's rows (11,000 of them for a thousand walkthroughs) once per event asked for and
-- kept a few; by event first, each event of a block is one contiguous index range. The count is
-- deliberately left out of the index: the roll-up updates the counts of the same rows every few
-- seconds, and a column in no index keeps those updates HOT (migration 5).
CREATE INDEX usage_totals_by_event ON usage_totals (workspace_id, span, start, event, rule_id, step_id);
