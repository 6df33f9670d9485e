package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings of the simulated network plugin and share-server setup: the latency and failure rate of
 * each phase's call, and the range addresses are allocated from when a subnet names none. In a
 * {@code PUT /lockstep/v1/lab/network} body every field is optional and only the given ones change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkPluginSettings(
        @JsonProperty("min_latency_ms") Long minLatencyMs,
        @JsonProperty("max_latency_ms") Long maxLatencyMs,
        @JsonProperty("failure_rate") Double failureRate,
        @JsonProperty("default_cidr") String defaultCidr) {

    public static final NetworkPluginSettings DEFAULTS = new NetworkPluginSettings(100L, 600L, 0.0, "10.254.0.0/24");

    /** These settings with every field that {@code patch} sets replaced. */
    public NetworkPluginSettings merge(NetworkPluginSettings patch) {
        return new NetworkPluginSettings(
                patch.minLatencyMs != null ? patch.minLatencyMs : minLatencyMs,
                patch.maxLatencyMs != null ? patch.maxLatencyMs : maxLatencyMs,
                patch.failureRate != null ? patch.failureRate : failureRate,
                patch.defaultCidr != null ? patch.defaultCidr : defaultCidr);
    }
}
