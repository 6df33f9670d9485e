-- Manila's share replicas (2.11). Two machines on one row: status (the instance machine) and replica_state
-- (active, in_sync, out_of_sync, error), each changed by test-and-set on its own column under the share's
-- family lock. The share's own copy becomes its active replica when the first replica is asked for.
CREATE TABLE share_replicas (
    id                VARCHAR(36)   PRIMARY KEY,
    share_id          VARCHAR(36)   NOT NULL REFERENCES shares (id),
    project_id        VARCHAR(64)   NOT NULL,
    status            VARCHAR(64)   NOT NULL,
    replica_state     VARCHAR(64)   NOT NULL,
    host              VARCHAR(255),
    availability_zone VARCHAR(255),
    export_location   VARCHAR(1024),
    lag_ms            BIGINT,
    last_synced_at    BIGINT,
    version           BIGINT        NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    deleted_at        BIGINT
);
CREATE INDEX share_replicas_share ON share_replicas (share_id, status);
CREATE INDEX share_replicas_state ON share_replicas (replica_state, status);

-- A type whose shares may be replicated: every simulated pool replicates (dr, readable or writable). It asks
-- for no snapshot support, so that a share and two replicas fit the three pools.
INSERT INTO share_types (id, name, description, is_public, created_at)
    VALUES ('00000000-0000-4000-8000-000000000003', 'replicated',
            'shares the simulated backend replicates to another pool (disaster recovery)', TRUE, 0);
INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value)
    VALUES ('00000000-0000-4000-8000-000000000003', 'driver_handles_share_servers', 'False');
INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value)
    VALUES ('00000000-0000-4000-8000-000000000003', 'replication_type', 'dr');

-- A snapshot of a replicated share has an instance on each replica. The one on the active replica follows
-- the snapshot; those on secondaries ("copies") keep their own status, moved by the replication leader's
-- poll, until the snapshot ends. A promote swaps the roles.
ALTER TABLE snapshot_instances ADD COLUMN on_secondary BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE share_instances ADD COLUMN on_secondary BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX snapshot_instances_on ON snapshot_instances (share_instance_id, status);
