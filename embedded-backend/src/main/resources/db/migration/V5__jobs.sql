-- Long-running work (migration, backup, restore, data copy): written by the data service doing it,
-- only read by the API. A job is claimed by test-and-set on owner and lease; its checkpoint is the
-- number of bytes already copied and kept, so whoever claims it next resumes from there.
CREATE TABLE jobs (
    id               VARCHAR(36)   PRIMARY KEY,
    kind             VARCHAR(16)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    phase            VARCHAR(48)   NOT NULL,
    claimable        BOOLEAN       NOT NULL,
    project_id       VARCHAR(64)   NOT NULL,
    resource_type    VARCHAR(32)   NOT NULL,
    resource_id      VARCHAR(36)   NOT NULL,
    target           VARCHAR(255),
    params           VARCHAR(4096) NOT NULL,
    bytes_done       BIGINT        NOT NULL,
    bytes_total      BIGINT        NOT NULL,
    rate_bps         BIGINT        NOT NULL,
    checkpoint       BIGINT        NOT NULL,
    owner            VARCHAR(128),
    lease_expires_at BIGINT        NOT NULL,
    attempt          INTEGER       NOT NULL,
    max_attempts     INTEGER       NOT NULL,
    error            VARCHAR(2048),
    version          BIGINT        NOT NULL,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT
);
CREATE INDEX jobs_claim ON jobs (claimable, lease_expires_at);
CREATE INDEX jobs_resource ON jobs (resource_type, resource_id);

-- A bounded progress history per job, for charts (the store keeps the newest few hundred points).
CREATE TABLE job_progress (
    job_id     VARCHAR(36) NOT NULL,
    at         BIGINT      NOT NULL,
    bytes_done BIGINT      NOT NULL,
    rate_bps   BIGINT      NOT NULL,
    owner      VARCHAR(128)
);
CREATE INDEX job_progress_job ON job_progress (job_id, at);

-- Who held a job when: one row per claim, closed when the holder finishes, gives up or is replaced.
CREATE TABLE job_attempts (
    job_id     VARCHAR(36)  NOT NULL,
    attempt    INTEGER      NOT NULL,
    owner      VARCHAR(128) NOT NULL,
    started_at BIGINT       NOT NULL,
    from_bytes BIGINT       NOT NULL,
    ended_at   BIGINT,
    to_bytes   BIGINT,
    outcome    VARCHAR(32),
    PRIMARY KEY (job_id, attempt)
);

ALTER TABLE shares ADD COLUMN task_state VARCHAR(48);
