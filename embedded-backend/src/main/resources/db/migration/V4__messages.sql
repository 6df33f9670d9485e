-- Manila's asynchronous user messages: what went wrong with a resource, for its project to read
-- (GET /v2/{project_id}/messages). Written in the same transaction as the change they explain.
CREATE TABLE messages (
    id            VARCHAR(36)   PRIMARY KEY,
    project_id    VARCHAR(64)   NOT NULL,
    resource_type VARCHAR(32)   NOT NULL,
    resource_id   VARCHAR(36)   NOT NULL,
    action_id     VARCHAR(16)   NOT NULL,
    detail_id     VARCHAR(16)   NOT NULL,
    message_level VARCHAR(16)   NOT NULL,
    user_message  VARCHAR(1024) NOT NULL,
    request_id    VARCHAR(64),
    created_at    BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL
);
CREATE INDEX messages_project ON messages (project_id, created_at);
