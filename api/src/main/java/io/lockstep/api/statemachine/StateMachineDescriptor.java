package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The whole state machine of one resource type; the console draws its diagrams from this. */
public record StateMachineDescriptor(
        @JsonProperty("resource") String resource,
        @JsonProperty("parent") String parent,
        @JsonProperty("states") List<StateDescriptor> states,
        @JsonProperty("operations") List<OperationDescriptor> operations) {
}
