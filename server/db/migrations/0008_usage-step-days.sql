-- The days of walkthrough funnels: per rule, day and step, the runs shown there and completed,
-- rule first. A funnel's daily series (runs started = its first step shown, and completed) read
-- from the daily counters fetched one scattered row per rule, step, event and day; here a rule's
-- days are one index range, and the counts are in the index itself (INCLUDE), so the database
-- answers from the index alone where the pages are all visible (all but the days being rolled up).
-- The roll-up adds to it in the statement that fills the counters (server/usage/step-days.ts);
-- here it is filled from the counters already rolled up.
CREATE TABLE usage_step_days (
  workspace_id text COLLATE "C" NOT NULL,
  rule_id text COLLATE "C" NOT NULL,
  day date NOT NULL,
  step_id text COLLATE "C" NOT NULL,
  shown bigint NOT NULL,
  completed bigint NOT NULL,
  PRIMARY KEY (workspace_id, rule_id, day, step_id) INCLUDE (shown, completed)
);

INSERT INTO usage_step_days (workspace_id, rule_id, day, step_id, shown, completed)
SELECT workspace_id, rule_id, day, step_id,
       coalesce(sum(count) FILTER (WHERE event = 'shown'), 0),
       coalesce(sum(count) FILTER (WHERE event = 'completed'), 0)
FROM usage_counters
WHERE event IN ('shown', 'completed')
GROUP BY 1, 2, 3, 4;
