-- Manila's share and snapshot instances. Each follows its share or snapshot: the transition primitive
-- inserts it with its leader and writes every change of the leader's status to it in the same
-- transaction. A completed migration ends the share's instance and inserts the destination's.
-- Shares and snapshots made before instances were kept get one each, named by their own id.
CREATE TABLE share_instances (
    id          VARCHAR(36) PRIMARY KEY,
    share_id    VARCHAR(36) NOT NULL REFERENCES shares (id),
    project_id  VARCHAR(64) NOT NULL,
    status      VARCHAR(64) NOT NULL,
    version     BIGINT      NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL
);
CREATE INDEX share_instances_share ON share_instances (share_id, status);
INSERT INTO share_instances (id, share_id, project_id, status, version, created_at, updated_at)
    SELECT id, id, project_id, status, 0, created_at, updated_at FROM shares;

CREATE TABLE snapshot_instances (
    id                VARCHAR(36) PRIMARY KEY,
    snapshot_id       VARCHAR(36) NOT NULL REFERENCES snapshots (id),
    share_instance_id VARCHAR(36),
    project_id        VARCHAR(64) NOT NULL,
    status            VARCHAR(64) NOT NULL,
    version           BIGINT      NOT NULL,
    created_at        BIGINT      NOT NULL,
    updated_at        BIGINT      NOT NULL
);
CREATE INDEX snapshot_instances_snapshot ON snapshot_instances (snapshot_id, status);
INSERT INTO snapshot_instances (id, snapshot_id, share_instance_id, project_id, status, version, created_at,
                                updated_at)
    SELECT id, id, share_id, project_id, status, 0, created_at, updated_at FROM snapshots;
