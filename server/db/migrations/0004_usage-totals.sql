-- Range totals for the insights: per counter (rule, step, event), the sum over aligned blocks of 2,
-- 4, 8, … 256 days (a block of `span` days starts on a day whose number since 1970-01-01 is a
-- multiple of `span`). A range of days is at most two blocks of each size plus single days from
-- usage_counters, so a 90-day sum reads a few rows per counter instead of 90. The roll-up adds to
-- them in the statement that fills the counters (server/usage/totals.ts); here they are filled
-- from the counters already rolled up (what is still in the ledger gets there with its roll-up).
CREATE TABLE usage_totals (
  workspace_id text NOT NULL,
  span integer NOT NULL CHECK (span IN (2, 4, 8, 16, 32, 64, 128, 256)),
  start date NOT NULL,
  rule_id text NOT NULL,
  step_id text NOT NULL,
  event text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (workspace_id, span, start, rule_id, step_id, event),
  CHECK ((start - DATE '1970-01-01') % span = 0)
);

INSERT INTO usage_totals (workspace_id, span, start, rule_id, step_id, event, count)
SELECT c.workspace_id, s.span, c.day - (((c.day - DATE '1970-01-01') % s.span) + s.span) % s.span,
       c.rule_id, c.step_id, c.event, sum(c.count)
FROM usage_counters AS c, unnest('{2,4,8,16,32,64,128,256}'::int[]) AS s (span)
GROUP BY 1, 2, 3, 4, 5, 6;

-- The days of a few rules (the funnels' daily series, the outcomes' checklists): by rule first.
CREATE INDEX usage_counters_by_rule ON usage_counters (workspace_id, rule_id, event, day);
