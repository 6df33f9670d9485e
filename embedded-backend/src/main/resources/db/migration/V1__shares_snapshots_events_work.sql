-- Written to run unchanged on H2 2.x and PostgreSQL 14+. Times are epoch milliseconds (BIGINT):
-- lease arithmetic stays portable and no driver converts time zones behind our back.

CREATE TABLE shares (
    id               VARCHAR(36)   PRIMARY KEY,
    project_id       VARCHAR(64)   NOT NULL,
    user_id          VARCHAR(64),
    name             VARCHAR(255),
    description      VARCHAR(1024),
    size             INTEGER       NOT NULL,
    share_proto      VARCHAR(16)   NOT NULL,
    status           VARCHAR(64)   NOT NULL,
    host             VARCHAR(255),
    export_location  VARCHAR(1024),
    is_public        BOOLEAN       NOT NULL,
    metadata         VARCHAR(8192) NOT NULL,
    version          BIGINT        NOT NULL,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL,
    deleted_at       BIGINT
);
CREATE INDEX shares_project_status ON shares (project_id, status);

CREATE TABLE snapshots (
    id                VARCHAR(36)   PRIMARY KEY,
    share_id          VARCHAR(36)   NOT NULL REFERENCES shares (id),
    project_id        VARCHAR(64)   NOT NULL,
    user_id           VARCHAR(64),
    name              VARCHAR(255),
    description       VARCHAR(1024),
    size              INTEGER       NOT NULL,
    status            VARCHAR(64)   NOT NULL,
    provider_location VARCHAR(1024),
    version           BIGINT        NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    deleted_at        BIGINT
);
CREATE INDEX snapshots_share_status ON snapshots (share_id, status);
CREATE INDEX snapshots_project_status ON snapshots (project_id, status);

-- One row whose update every event-writing transaction takes last: ids are handed out in commit
-- order with no gaps, so a reader resuming "after id N" can never miss a late commit.
CREATE TABLE event_counter (
    name    VARCHAR(32) PRIMARY KEY,
    last_id BIGINT      NOT NULL
);
INSERT INTO event_counter (name, last_id) VALUES ('events', 0);

CREATE TABLE events (
    id            BIGINT        PRIMARY KEY,
    created_at    BIGINT        NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    resource_type VARCHAR(32)   NOT NULL,
    resource_id   VARCHAR(36)   NOT NULL,
    project_id    VARCHAR(64),
    operation     VARCHAR(64)   NOT NULL,
    from_status   VARCHAR(64),
    to_status     VARCHAR(64),
    actor         VARCHAR(128),
    message       VARCHAR(2048)
);
CREATE INDEX events_resource ON events (resource_type, resource_id, id);

-- Work the API recorded for the share services. Claimed by test-and-set on owner and lease.
CREATE TABLE work_items (
    id               VARCHAR(36)   PRIMARY KEY,
    resource_type    VARCHAR(32)   NOT NULL,
    resource_id      VARCHAR(36)   NOT NULL,
    operation        VARCHAR(64)   NOT NULL,
    payload          VARCHAR(4096) NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    owner            VARCHAR(128),
    lease_expires_at BIGINT        NOT NULL,
    attempts         INTEGER       NOT NULL,
    last_error       VARCHAR(2048),
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);
CREATE INDEX work_items_claim ON work_items (state, lease_expires_at);
CREATE INDEX work_items_resource ON work_items (resource_type, resource_id);
