-- A share made from a snapshot names it (Manila's snapshot_id); the snapshot's delete is refused while
-- a share is still being made from it, which this index serves.
ALTER TABLE shares ADD COLUMN snapshot_id VARCHAR(36);
CREATE INDEX shares_snapshot ON shares (snapshot_id);
