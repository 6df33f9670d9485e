package io.lockstep.backend.request;

import io.lockstep.api.auth.Role;

/**
 * Who is asking: the token's role and project, and the name events and audit records show.
 *
 * @param allTenants an admin asked to see every project
 */
public record Caller(String actor, Role role, String projectId, boolean allTenants) {

    /** The project to restrict reads to, or null for an admin looking at all of them. */
    public String projectFilter() {
        return role == Role.ADMIN && allTenants ? null : projectId;
    }

    /** The project a command may touch, or null for an admin (any project). */
    public String scope() {
        return role == Role.ADMIN ? null : projectId;
    }

    public boolean mayTouchProject(String project) {
        return role == Role.ADMIN || projectId.equals(project);
    }
}
