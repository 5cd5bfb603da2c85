-- When the next roll-up is due, shared by every server process on this database. A roll-up's cost
-- is per distinct counter it touches, whatever number of deltas it sums, so under heavy ingest the
-- server rolls up less often (it rests a multiple of the last roll-up's time) and each roll-up
-- sums more; under light ingest it still rolls up every couple of seconds. The processes take
-- turns under the roll-up's advisory lock, so the rest is kept here, not in one process's memory.
CREATE TABLE usage_rollup (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  next_at timestamptz NOT NULL
);

INSERT INTO usage_rollup (id, next_at) VALUES (true, now());
