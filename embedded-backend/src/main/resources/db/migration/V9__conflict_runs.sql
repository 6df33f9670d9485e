-- The last real race of each conflict-matrix cell (family|a|b|start): trials, violations, the first
-- violation's story and an example trial's family root, so the matrix shows what racing found.
CREATE TABLE conflict_runs (
    cell_key     VARCHAR(1000) PRIMARY KEY,
    trials       INT           NOT NULL,
    violations   INT           NOT NULL,
    example      VARCHAR(4000),
    example_root VARCHAR(64),
    not_raced    VARCHAR(400),
    raced_at     BIGINT        NOT NULL
);
