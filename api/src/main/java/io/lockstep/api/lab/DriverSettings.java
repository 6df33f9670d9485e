package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings of the simulated storage driver. In a {@code PUT /lockstep/v1/lab/driver} body every
 * field is optional and only the given ones change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriverSettings(
        @JsonProperty("min_latency_ms") Long minLatencyMs,
        @JsonProperty("max_latency_ms") Long maxLatencyMs,
        @JsonProperty("failure_rate") Double failureRate,
        @JsonProperty("capacity_gb") Long capacityGb,
        @JsonProperty("seed") Long seed) {

    public static final DriverSettings DEFAULTS = new DriverSettings(200L, 2000L, 0.0, 10_240L, 42L);

    /** These settings with every field that {@code patch} sets replaced. */
    public DriverSettings merge(DriverSettings patch) {
        return new DriverSettings(
                patch.minLatencyMs != null ? patch.minLatencyMs : minLatencyMs,
                patch.maxLatencyMs != null ? patch.maxLatencyMs : maxLatencyMs,
                patch.failureRate != null ? patch.failureRate : failureRate,
                patch.capacityGb != null ? patch.capacityGb : capacityGb,
                patch.seed != null ? patch.seed : seed);
    }
}
