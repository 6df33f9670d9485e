package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/lab/nodes}. */
public record LabNodes(
        @JsonProperty("zookeeper") String zookeeper,
        @JsonProperty("nodes") List<LabNode> nodes) {
}
