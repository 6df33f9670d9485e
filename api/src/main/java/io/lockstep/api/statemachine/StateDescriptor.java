package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One state of a resource type, as served by {@code GET /lockstep/v1/state-machines}. */
public record StateDescriptor(
        @JsonProperty("name") String name,
        @JsonProperty("kind") StateKind kind,
        @JsonProperty("description") String description) {
}
