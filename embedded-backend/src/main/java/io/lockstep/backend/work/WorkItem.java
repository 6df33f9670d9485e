package io.lockstep.backend.work;

import java.util.Map;

/** A unit of work the API recorded for a share service, as claimed by one. Immutable. */
public record WorkItem(String id, String resourceType, String resourceId, String operation,
                       Map<String, Object> payload, int attempts, String owner, long leaseExpiresAt) {

    public int intParam(String name) {
        return ((Number) payload.get(name)).intValue();
    }

    public String stringParam(String name) {
        Object v = payload.get(name);
        return v == null ? null : v.toString();
    }
}
