-- Share networks with their subnets and security services, share servers built in phases, and the
-- addresses the network plugin allocated to each server.
CREATE TABLE share_networks (
    id          VARCHAR(36)   PRIMARY KEY,
    project_id  VARCHAR(64)   NOT NULL,
    user_id     VARCHAR(64),
    name        VARCHAR(255),
    description VARCHAR(1024),
    status      VARCHAR(64)   NOT NULL,
    version     BIGINT        NOT NULL,
    created_at  BIGINT        NOT NULL,
    updated_at  BIGINT        NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX share_networks_project ON share_networks (project_id, status);

-- A subnet per availability zone (a null zone is the network's default subnet). Plain rows: they change
-- under the network's family lock and have no status of their own.
CREATE TABLE share_network_subnets (
    id                VARCHAR(36)   PRIMARY KEY,
    share_network_id  VARCHAR(36)   NOT NULL REFERENCES share_networks (id),
    availability_zone VARCHAR(255),
    neutron_net_id    VARCHAR(36),
    neutron_subnet_id VARCHAR(36),
    cidr              VARCHAR(64),
    gateway           VARCHAR(64),
    ip_version        INTEGER,
    mtu               INTEGER,
    network_type      VARCHAR(32),
    segmentation_id   INTEGER,
    metadata          VARCHAR(8192) NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    deleted_at        BIGINT
);
CREATE INDEX share_network_subnets_network ON share_network_subnets (share_network_id);

CREATE TABLE security_services (
    id              VARCHAR(36)   PRIMARY KEY,
    project_id      VARCHAR(64)   NOT NULL,
    user_id         VARCHAR(64),
    name            VARCHAR(255),
    description     VARCHAR(1024),
    type            VARCHAR(32)   NOT NULL,
    dns_ip          VARCHAR(64),
    server          VARCHAR(255),
    domain          VARCHAR(255),
    ou              VARCHAR(255),
    default_ad_site VARCHAR(255),
    sec_user        VARCHAR(255),
    password        VARCHAR(255),
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL,
    deleted_at      BIGINT
);

CREATE TABLE share_network_security_services (
    share_network_id    VARCHAR(36) NOT NULL REFERENCES share_networks (id),
    security_service_id VARCHAR(36) NOT NULL REFERENCES security_services (id),
    created_at          BIGINT      NOT NULL,
    PRIMARY KEY (share_network_id, security_service_id)
);

CREATE TABLE share_servers (
    id                      VARCHAR(36)   PRIMARY KEY,
    share_network_id        VARCHAR(36)   NOT NULL REFERENCES share_networks (id),
    share_network_subnet_id VARCHAR(36)   NOT NULL REFERENCES share_network_subnets (id),
    project_id              VARCHAR(64)   NOT NULL,
    host                    VARCHAR(255)  NOT NULL,
    status                  VARCHAR(64)   NOT NULL,
    backend_details         VARCHAR(4096),
    version                 BIGINT        NOT NULL,
    created_at              BIGINT        NOT NULL,
    updated_at              BIGINT        NOT NULL,
    deleted_at              BIGINT
);
CREATE INDEX share_servers_subnet ON share_servers (share_network_subnet_id, host, status);

-- A live allocation is a row; freeing one deletes it, so an address is held by one server at a time.
CREATE TABLE network_allocations (
    id                      VARCHAR(36)  PRIMARY KEY,
    share_server_id         VARCHAR(36)  NOT NULL REFERENCES share_servers (id),
    share_network_subnet_id VARCHAR(36)  NOT NULL,
    ip_address              VARCHAR(64)  NOT NULL,
    label                   VARCHAR(32)  NOT NULL,
    created_at              BIGINT       NOT NULL,
    CONSTRAINT network_allocations_address UNIQUE (share_network_subnet_id, ip_address)
);

ALTER TABLE shares ADD COLUMN share_network_id VARCHAR(36);
ALTER TABLE shares ADD COLUMN share_server_id VARCHAR(36);
CREATE INDEX shares_server ON shares (share_server_id, status);
CREATE INDEX shares_network ON shares (share_network_id, status);

-- A type whose shares go on share servers (the simulated driver handles them in every pool).
INSERT INTO share_types (id, name, description, is_public, created_at)
    VALUES ('00000000-0000-4000-8000-000000000002', 'dhss',
            'shares on share servers the simulated driver sets up on a share network', TRUE, 0);
INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value)
    VALUES ('00000000-0000-4000-8000-000000000002', 'driver_handles_share_servers', 'True');
INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value)
    VALUES ('00000000-0000-4000-8000-000000000002', 'snapshot_support', 'True');
