-- Snapshot metadata (Manila 2.73), stored as shares store theirs: one JSON object.
ALTER TABLE snapshots ADD COLUMN metadata VARCHAR(8192) DEFAULT '{}' NOT NULL;
