package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * How many live resources of each kind are in each state, as of an event: a client that applies the
 * transitions after {@code asOfEvent} keeps the counts exact without reading them again.
 *
 * @param counts resource type to state to count (terminal states left out)
 */
public record StateCounts(
        @JsonProperty("as_of_event") long asOfEvent,
        @JsonProperty("counts") Map<String, Map<String, Integer>> counts) {
}
