package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The whole state machine of one resource type; the console draws its diagrams from this.
 *
 * @param usage what its live resources count against quotas, or null when they count against none
 * @param wire  where one is read on the API ({@code GET /<collection>/{id}}, the row in {@code envelope}),
 *              or null for a kind no client reads
 * @param endsWithParent whether it ends with its parent, in the parent's final transaction (an access
 *              rule with its share) rather than refusing the parent's delete
 * @param follows the kind whose transitions it follows in the same transaction (a share instance its
 *              share), or null: its operations are that kind's, so the conflict tools skip it
 * @param column the column of its parent's row it is kept in when it is a second machine on that row (a
 *              replica's {@code replica_state}), else null (its own row's {@code status})
 */
public record StateMachineDescriptor(
        @JsonProperty("resource") String resource,
        @JsonProperty("parent") String parent,
        @JsonProperty("states") List<StateDescriptor> states,
        @JsonProperty("operations") List<OperationDescriptor> operations,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("usage") UsageDescriptor usage,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("wire") WireDescriptor wire,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ends_with_parent") boolean endsWithParent,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("follows") String follows,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("column") String column) {

    public StateMachineDescriptor(String resource, String parent, List<StateDescriptor> states,
                                  List<OperationDescriptor> operations) {
        this(resource, parent, states, operations, null, null, false, null, null);
    }

    public StateMachineDescriptor(String resource, String parent, List<StateDescriptor> states,
                                  List<OperationDescriptor> operations, UsageDescriptor usage, WireDescriptor wire,
                                  boolean endsWithParent, String follows) {
        this(resource, parent, states, operations, usage, wire, endsWithParent, follows, null);
    }

    /** Whether it is a second machine on its parent's row ({@link #column()}), made and ended with that row. */
    public boolean onParentRow() {
        return column != null;
    }

    /** Whether its operations are another kind's (an instance's are its leader's): conflict tools skip it. */
    public boolean followsAnother() {
        return follows != null;
    }
}
