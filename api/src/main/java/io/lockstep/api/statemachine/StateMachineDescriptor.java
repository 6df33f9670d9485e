package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The whole state machine of one resource type; the console draws its diagrams from this.
 *
 * @param usage what its live resources count against quotas, or null when they count against none
 */
public record StateMachineDescriptor(
        @JsonProperty("resource") String resource,
        @JsonProperty("parent") String parent,
        @JsonProperty("states") List<StateDescriptor> states,
        @JsonProperty("operations") List<OperationDescriptor> operations,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("usage") UsageDescriptor usage) {

    public StateMachineDescriptor(String resource, String parent, List<StateDescriptor> states,
                                  List<OperationDescriptor> operations) {
        this(resource, parent, states, operations, null);
    }
}
