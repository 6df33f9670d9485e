-- One row per storage pool the scheduler has placed on: placements lock it, so the capacity they read
-- (the live shares' sizes on that pool) cannot change under them. Shares remember their zone.
CREATE TABLE pools (
    name VARCHAR(255) PRIMARY KEY
);
ALTER TABLE shares ADD COLUMN availability_zone VARCHAR(255);
CREATE INDEX shares_host ON shares (host);
