package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A condition on related rows that an operation checks in the same test-and-set.
 *
 * @param kind        {@code no_live_children} or {@code parent_operation}
 * @param resource    the related resource type
 * @param operation   for {@code parent_operation}: the parent's operation begun in the same transaction
 * @param description the rule in words, for tooltips and docs
 */
public record GuardDescriptor(
        @JsonProperty("kind") String kind,
        @JsonProperty("resource") String resource,
        @JsonProperty("operation") String operation,
        @JsonProperty("description") String description) {
}
