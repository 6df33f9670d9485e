-- Access rules (Manila's share access mappings): one row per rule of a share, its state Manila's
-- (queued_to_apply, applying, active, error, queued_to_deny, denying, deleted). A duplicate is refused
-- under the share family's lock before the insert; the index serves that check and the share's lists.
-- sync_item names the work item whose driver call a rule in applying or denying is part of: one sync
-- per share at a time, so that changes queued meanwhile go into the next call together.
CREATE TABLE share_access_rules (
    id           VARCHAR(36)   PRIMARY KEY,
    share_id     VARCHAR(36)   NOT NULL REFERENCES shares (id),
    project_id   VARCHAR(64)   NOT NULL,
    user_id      VARCHAR(64),
    access_type  VARCHAR(16)   NOT NULL,
    access_to    VARCHAR(255)  NOT NULL,
    access_level VARCHAR(2)    NOT NULL,
    access_key   VARCHAR(255),
    metadata     VARCHAR(8192) DEFAULT '{}' NOT NULL,
    status       VARCHAR(64)   NOT NULL,
    sync_item    VARCHAR(36),
    version      BIGINT        NOT NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    deleted_at   BIGINT
);
CREATE INDEX share_access_rules_share_status ON share_access_rules (share_id, status);
