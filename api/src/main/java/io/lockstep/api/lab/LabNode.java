package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One node of the lab's in-process cluster.
 *
 * @param state     {@code running}, {@code paused}, {@code stopped} or {@code killed}
 * @param servesLab whether this node serves the lab's API (it cannot be stopped from the API)
 */
public record LabNode(
        @JsonProperty("id") String id,
        @JsonProperty("state") String state,
        @JsonProperty("url") String url,
        @JsonProperty("serves_lab") boolean servesLab,
        @JsonProperty("busy_workers") int busyWorkers) {
}
