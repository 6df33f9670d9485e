package io.lockstep.backend.access;

import java.util.Map;

/** A row of the access rules table. Immutable. */
public record AccessRule(String id, String shareId, String projectId, String accessType, String accessTo,
                         String accessLevel, String accessKey, String state, Map<String, String> metadata,
                         long createdAt, long updatedAt) {
}
