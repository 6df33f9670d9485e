-- Quotas as Manila has them: limits and usage per project, per user in a project and per share type in
-- a project. A row's usage is changed by a conditional update in the transaction of the transition
-- that changes what is counted, so it can never pass its limit nor go below zero.
-- user_id and share_type_id are '' on the project's row (and on the other scope's column).
CREATE TABLE quota_usages (
    project_id    VARCHAR(64)  NOT NULL,
    user_id       VARCHAR(64)  NOT NULL,
    share_type_id VARCHAR(36)  NOT NULL,
    resource      VARCHAR(32)  NOT NULL,
    hard_limit    INTEGER,
    in_use        INTEGER      NOT NULL,
    reserved      INTEGER      NOT NULL,
    updated_at    BIGINT       NOT NULL,
    PRIMARY KEY (project_id, user_id, share_type_id, resource),
    CONSTRAINT quota_usage_not_negative CHECK (in_use >= 0 AND reserved >= 0)
);
-- Manila's quota classes: only 'default' is read (the defaults of every project).
CREATE TABLE quota_classes (
    class_name VARCHAR(255) NOT NULL,
    resource   VARCHAR(32)  NOT NULL,
    hard_limit INTEGER      NOT NULL,
    PRIMARY KEY (class_name, resource)
);

-- What existed before quotas counts from now on ('deleted' is the terminal state of all three kinds).
INSERT INTO quota_usages SELECT project_id, '', '', 'shares', NULL, COUNT(*), 0, 0
    FROM shares WHERE status <> 'deleted' GROUP BY project_id;
INSERT INTO quota_usages SELECT project_id, '', '', 'gigabytes', NULL, SUM(size), 0, 0
    FROM shares WHERE status <> 'deleted' GROUP BY project_id;
INSERT INTO quota_usages SELECT project_id, user_id, '', 'shares', NULL, COUNT(*), 0, 0
    FROM shares WHERE status <> 'deleted' AND user_id IS NOT NULL GROUP BY project_id, user_id;
INSERT INTO quota_usages SELECT project_id, user_id, '', 'gigabytes', NULL, SUM(size), 0, 0
    FROM shares WHERE status <> 'deleted' AND user_id IS NOT NULL GROUP BY project_id, user_id;
INSERT INTO quota_usages SELECT project_id, '', share_type_id, 'shares', NULL, COUNT(*), 0, 0
    FROM shares WHERE status <> 'deleted' GROUP BY project_id, share_type_id;
INSERT INTO quota_usages SELECT project_id, '', share_type_id, 'gigabytes', NULL, SUM(size), 0, 0
    FROM shares WHERE status <> 'deleted' GROUP BY project_id, share_type_id;
INSERT INTO quota_usages SELECT project_id, '', '', 'snapshots', NULL, COUNT(*), 0, 0
    FROM snapshots WHERE status <> 'deleted' GROUP BY project_id;
INSERT INTO quota_usages SELECT project_id, '', '', 'snapshot_gigabytes', NULL, SUM(size), 0, 0
    FROM snapshots WHERE status <> 'deleted' GROUP BY project_id;
INSERT INTO quota_usages SELECT project_id, user_id, '', 'snapshots', NULL, COUNT(*), 0, 0
    FROM snapshots WHERE status <> 'deleted' AND user_id IS NOT NULL GROUP BY project_id, user_id;
INSERT INTO quota_usages SELECT project_id, user_id, '', 'snapshot_gigabytes', NULL, SUM(size), 0, 0
    FROM snapshots WHERE status <> 'deleted' AND user_id IS NOT NULL GROUP BY project_id, user_id;
INSERT INTO quota_usages SELECT n.project_id, '', s.share_type_id, 'snapshots', NULL, COUNT(*), 0, 0
    FROM snapshots n JOIN shares s ON s.id = n.share_id WHERE n.status <> 'deleted'
    GROUP BY n.project_id, s.share_type_id;
INSERT INTO quota_usages SELECT n.project_id, '', s.share_type_id, 'snapshot_gigabytes', NULL, SUM(n.size), 0, 0
    FROM snapshots n JOIN shares s ON s.id = n.share_id WHERE n.status <> 'deleted'
    GROUP BY n.project_id, s.share_type_id;
INSERT INTO quota_usages SELECT project_id, '', '', 'backups', NULL, COUNT(*), 0, 0
    FROM share_backups WHERE status <> 'deleted' GROUP BY project_id;
INSERT INTO quota_usages SELECT project_id, '', '', 'backup_gigabytes', NULL, SUM(size), 0, 0
    FROM share_backups WHERE status <> 'deleted' GROUP BY project_id;
INSERT INTO quota_usages SELECT b.project_id, '', s.share_type_id, 'backups', NULL, COUNT(*), 0, 0
    FROM share_backups b JOIN shares s ON s.id = b.share_id WHERE b.status <> 'deleted'
    GROUP BY b.project_id, s.share_type_id;
INSERT INTO quota_usages SELECT b.project_id, '', s.share_type_id, 'backup_gigabytes', NULL, SUM(b.size), 0, 0
    FROM share_backups b JOIN shares s ON s.id = b.share_id WHERE b.status <> 'deleted'
    GROUP BY b.project_id, s.share_type_id;
