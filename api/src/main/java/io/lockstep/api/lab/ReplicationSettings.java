package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Settings of the simulated backend's replication and of the replication leader's polling: how far a
 * healthy secondary trails its active replica, the pools that are down, whether the replication link is
 * down, and how often the leader polls. In a {@code PUT /lockstep/v1/lab/replication} body every field is
 * optional and only the given ones change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplicationSettings(
        @JsonProperty("lag_ms") Long lagMs,
        @JsonProperty("down_pools") List<String> downPools,
        @JsonProperty("link_down") Boolean linkDown,
        @JsonProperty("poll_interval_ms") Long pollIntervalMs) {

    public static final ReplicationSettings DEFAULTS = new ReplicationSettings(250L, List.of(), false, 2000L);

    public ReplicationSettings {
        downPools = downPools == null ? null : List.copyOf(downPools);
    }

    /** These settings with every field that {@code patch} sets replaced. */
    public ReplicationSettings merge(ReplicationSettings patch) {
        return new ReplicationSettings(
                patch.lagMs != null ? patch.lagMs : lagMs,
                patch.downPools != null ? patch.downPools : downPools,
                patch.linkDown != null ? patch.linkDown : linkDown,
                patch.pollIntervalMs != null ? patch.pollIntervalMs : pollIntervalMs);
    }
}
