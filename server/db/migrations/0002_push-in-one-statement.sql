-- A push is applied by one statement: its upsert of the installation's row raises last_seq and
-- keeps the value it replaced in prev_seq, which the same statement reads back (RETURNING gives
-- new values only) to keep the batches numbered above it. The upsert locks the row first, so
-- pushes of one installation still queue, and the value kept is the latest committed one.
ALTER TABLE installations ADD COLUMN prev_seq bigint NOT NULL DEFAULT 0;
