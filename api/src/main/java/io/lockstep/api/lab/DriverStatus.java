package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Body of {@code GET /lockstep/v1/lab/driver}: settings, usage and calls made per operation. */
public record DriverStatus(
        @JsonProperty("settings") DriverSettings settings,
        @JsonProperty("allocated_gb") long allocatedGb,
        @JsonProperty("shares") int shares,
        @JsonProperty("snapshots") int snapshots,
        @JsonProperty("calls") Map<String, Long> calls) {
}
