package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who holds or waits for a lock, or takes part in an election: node, service, and what for. */
public record HolderView(
        @JsonProperty("node") String node,
        @JsonProperty("service") String service,
        @JsonProperty("purpose") String purpose) {
}
