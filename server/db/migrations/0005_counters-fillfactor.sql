-- The roll-up adds to the same counter and range-total rows again and again (every active
-- counter, every few seconds). With pages packed full, each such update writes the row's new
-- version to another page and a new entry into every index of the table; with room left on each
-- page, PostgreSQL keeps the new version on the same page and skips the indexes (a HOT update),
-- which is less work and less WAL per roll-up. Applies to pages written from now on.
ALTER TABLE usage_counters SET (fillfactor = 70);
ALTER TABLE usage_totals SET (fillfactor = 70);
