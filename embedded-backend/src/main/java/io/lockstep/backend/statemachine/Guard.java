package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.GuardDescriptor;

/** A condition on related rows, checked inside the same test-and-set as the status. */
public sealed interface Guard {

    GuardDescriptor describe();

    /**
     * The resource may change only while none of its children is outside {@code terminalState}
     * (the child table's {@code parentColumn} holds this resource's id).
     */
    record NoLiveChildren(String resource, String table, String parentColumn, String terminalState)
            implements Guard {
        @Override
        public GuardDescriptor describe() {
            return new GuardDescriptor("no_live_children", resource, null,
                    "refused while any " + resource + " of it is not " + terminalState);
        }
    }

    /**
     * Starting this operation also starts {@code operation} on the parent resource, in the same
     * transaction; the parent's allowed states therefore gate this one (a snapshot can be created only
     * while its share can go from {@code available} to {@code snapshotting}).
     */
    record ParentOperation(StateMachine parent, String operation) implements Guard {
        @Override
        public GuardDescriptor describe() {
            Operation op = parent.operation(operation);
            return new GuardDescriptor("parent_operation", parent.resource(), operation,
                    "moves its " + parent.resource() + " from " + op.from() + " to " + op.via()
                            + " while it runs");
        }
    }
}
