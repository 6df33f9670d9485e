-- Share types as Manila has them: a name, a description, public or private (with the projects given
-- access), and extra specs the scheduler matches against pools. The default type is seeded; shares
-- name their type.
CREATE TABLE share_types (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    description VARCHAR(255),
    is_public   BOOLEAN      NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT share_types_name UNIQUE (name)
);
CREATE TABLE share_type_extra_specs (
    type_id    VARCHAR(36)  NOT NULL,
    spec_key   VARCHAR(255) NOT NULL,
    spec_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (type_id, spec_key)
);
CREATE TABLE share_type_projects (
    type_id    VARCHAR(36)  NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (type_id, project_id)
);
INSERT INTO share_types (id, name, description, is_public, created_at)
    VALUES ('00000000-0000-4000-8000-000000000001', 'default', 'the simulated backend''s default type', TRUE, 0);
INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value)
    VALUES ('00000000-0000-4000-8000-000000000001', 'driver_handles_share_servers', 'False');
INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value)
    VALUES ('00000000-0000-4000-8000-000000000001', 'snapshot_support', 'True');
ALTER TABLE shares ADD COLUMN share_type_id VARCHAR(36) DEFAULT '00000000-0000-4000-8000-000000000001' NOT NULL;
