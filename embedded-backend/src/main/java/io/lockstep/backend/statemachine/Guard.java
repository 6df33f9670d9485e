package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.GuardDescriptor;
import java.util.List;
import java.util.Set;

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

    /**
     * The parent's status must be one of {@code states}: read, not changed, in the same transaction and
     * under the family lock (Manila refuses an access rule change while the share is busy, and leaves the
     * share's status alone).
     */
    record ParentIn(StateMachine parent, Set<String> states) implements Guard {
        public ParentIn {
            states = Set.copyOf(states);
        }

        /** The states in the parent's declaration order. */
        public List<String> ordered() {
            return parent.states().stream().map(State::name).filter(states::contains).toList();
        }

        @Override
        public GuardDescriptor describe() {
            return new GuardDescriptor("parent_in", parent.resource(), null, "refused unless its "
                    + parent.resource() + " is " + String.join(" or ", ordered()), ordered(), null);
        }
    }

    /**
     * No live sibling of the same kind under the same parent has the same values in {@code columns}:
     * checked under the family lock before the insert, so two identical requests cannot both pass.
     * Refused with 400 (Manila's "already exists").
     */
    record Unique(String resource, List<String> columns) implements Guard {
        public Unique {
            columns = List.copyOf(columns);
        }

        @Override
        public GuardDescriptor describe() {
            return new GuardDescriptor("unique", resource, null, "refused while a live " + resource
                    + " of the same parent has the same " + String.join(" and ", columns), null, columns);
        }
    }
}
