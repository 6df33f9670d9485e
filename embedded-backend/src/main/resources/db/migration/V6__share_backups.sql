-- Manila's share backups (API 2.80+): a copy of a share's data kept apart from it, made and
-- restored by data services through the jobs table.
CREATE TABLE share_backups (
    id          VARCHAR(36)   PRIMARY KEY,
    share_id    VARCHAR(36)   NOT NULL REFERENCES shares (id),
    project_id  VARCHAR(64)   NOT NULL,
    name        VARCHAR(255),
    description VARCHAR(1024),
    size        INTEGER       NOT NULL,
    status      VARCHAR(64)   NOT NULL,
    version     BIGINT        NOT NULL,
    created_at  BIGINT        NOT NULL,
    updated_at  BIGINT        NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX share_backups_share ON share_backups (share_id, status);
