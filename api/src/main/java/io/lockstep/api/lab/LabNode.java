package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One node of the lab's in-process cluster.
 *
 * @param state     {@code running}, {@code paused}, {@code stopped} or {@code killed}
 * @param roles     what the node runs: {@code api}, {@code share}, {@code data}
 * @param servesLab whether this node serves the lab's API (it cannot be stopped from the API)
 */
public record LabNode(
        @JsonProperty("id") String id,
        @JsonProperty("state") String state,
        @JsonProperty("url") String url,
        @JsonProperty("serves_lab") boolean servesLab,
        @JsonProperty("busy_workers") int busyWorkers,
        @JsonProperty("roles") List<String> roles) {
}
