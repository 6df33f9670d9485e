package io.lockstep.backend.quota;

/**
 * Whose quota row: a project's ({@code userId} and {@code shareTypeId} empty), a user's in a project, or
 * a share type's in a project. Empty strings, not nulls, so the three are one primary key.
 */
public record QuotaScope(String projectId, String userId, String shareTypeId) {

    public QuotaScope {
        userId = userId == null ? "" : userId;
        shareTypeId = shareTypeId == null ? "" : shareTypeId;
        if (!userId.isEmpty() && !shareTypeId.isEmpty()) {
            throw new IllegalArgumentException("a quota scope is a user's or a share type's, not both");
        }
    }

    public static QuotaScope project(String projectId) {
        return new QuotaScope(projectId, "", "");
    }

    public boolean isProject() {
        return userId.isEmpty() && shareTypeId.isEmpty();
    }
}
