package io.lockstep.api.work;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A pending work item: what a share service is doing (or about to do) to a resource.
 *
 * @param owner null while no service has claimed it; else {@code share@<node>/<instance>}
 * @param node  the owner's node, or null while unclaimed
 */
public record WorkView(
        @JsonProperty("id") String id,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        @JsonProperty("operation") String operation,
        @JsonProperty("owner") String owner,
        @JsonProperty("node") String node,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("lease_expires_at") String leaseExpiresAt) {
}
