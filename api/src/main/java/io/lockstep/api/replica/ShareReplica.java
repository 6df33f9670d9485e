package io.lockstep.api.replica;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A share replica as Manila shows it (2.11+), with Lockstep's lag: its status (the instance machine) and
 * its {@code replica_state} (a second machine on the same row: {@code active}, {@code in_sync},
 * {@code out_of_sync}, {@code error}).
 *
 * @param host           admins only; null for others
 * @param lagMs          how far it trailed the active replica at the replication leader's last poll
 * @param lastSyncedAt   when its copy last caught up (ISO time), or null
 */
public record ShareReplica(
        @JsonProperty("id") String id,
        @JsonProperty("share_id") String shareId,
        @JsonProperty("status") String status,
        @JsonProperty("replica_state") String replicaState,
        @JsonProperty("host") String host,
        @JsonProperty("availability_zone") String availabilityZone,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("lockstep_lag_ms") Long lagMs,
        @JsonProperty("lockstep_last_synced_at") String lastSyncedAt) {
}
