package io.lockstep.backend.request;

import io.lockstep.api.auth.Role;

/**
 * The requests that are no resource's state-machine operation, with the least role each needs,
 * declared once; the request path checks them ({@code Requests.authorize}). Resource operations
 * carry their role in their machine.
 */
public enum Privileged {
    READ_AUDIT(Role.OPERATOR, "read the audit log"),
    DELETE_MESSAGE(Role.OPERATOR, "delete a user message"),
    MIGRATION_PROGRESS(Role.ADMIN, "read a migration's progress"),
    MIGRATION_COMPLETE(Role.ADMIN, "complete a migration waiting in its first phase"),
    MIGRATION_CANCEL(Role.ADMIN, "cancel a migration"),
    RESET_TASK_STATE(Role.ADMIN, "reset a share's task_state (not while it migrates)"),
    RETRY_JOB(Role.ADMIN, "retry a failed job"),
    BREAK_LOCK(Role.ADMIN, "break a lock held too long"),
    RESIGN_LEADER(Role.ADMIN, "make a leader give up its election"),
    READ_SHARE_INSTANCES(Role.ADMIN, "read share instances"),
    READ_SNAPSHOT_INSTANCES(Role.ADMIN, "read snapshot instances"),
    READ_SERVICES(Role.ADMIN, "list services as Manila's os-services does"),
    MANAGE_SERVICES(Role.ADMIN, "enable or disable a service"),
    MANAGE_LAB(Role.ADMIN, "start, stop, kill or pause a lab node"),
    SET_DRIVER_FAULTS(Role.ADMIN, "set the simulated driver's latency and failures"),
    RACE_CELLS(Role.ADMIN, "race cells of the conflict matrix for real"),
    UPDATE_SHARE(Role.OPERATOR, "change a share's name, description, visibility or metadata"),
    MANAGE_SHARE_TYPES(Role.ADMIN, "create, change or delete share types, their extra specs and access"),
    MANAGE_QUOTAS(Role.ADMIN, "set or reset a project's, user's, share type's or quota class's limits"),
    READ_POOLS(Role.ADMIN, "list the storage pools and their capacity"),
    READ_ACCESS_RULES(Role.VIEWER, "list a share's access rules (access_list)"),
    READ_SHARE_SERVERS(Role.ADMIN, "list and show share servers and their allocations"),
    SET_NETWORK_FAULTS(Role.ADMIN, "set the simulated network plugin's latency and failures"),
    SET_REPLICATION_FAULTS(Role.ADMIN, "take simulated pools or the replication link down, set lag and poll interval");

    private final Role role;
    private final String description;

    Privileged(Role role, String description) {
        this.role = role;
        this.description = description;
    }

    public Role role() {
        return role;
    }

    public String description() {
        return description;
    }
}
