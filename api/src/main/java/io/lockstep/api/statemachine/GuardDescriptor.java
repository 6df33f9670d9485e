package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A condition on related rows that an operation checks in the same test-and-set.
 *
 * @param kind        {@code no_live_children}, {@code parent_operation}, {@code parent_in} (the parent's
 *                    status must be one of {@code states}; read, not changed, under the family lock) or
 *                    {@code unique} (no live sibling of the same kind with the same {@code columns})
 * @param resource    the related resource type
 * @param operation   for {@code parent_operation}: the parent's operation begun in the same transaction
 * @param description the rule in words, for tooltips and docs
 */
public record GuardDescriptor(
        @JsonProperty("kind") String kind,
        @JsonProperty("resource") String resource,
        @JsonProperty("operation") String operation,
        @JsonProperty("description") String description,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("states") List<String> states,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("columns") List<String> columns) {

    public GuardDescriptor(String kind, String resource, String operation, String description) {
        this(kind, resource, operation, description, null, null);
    }
}
