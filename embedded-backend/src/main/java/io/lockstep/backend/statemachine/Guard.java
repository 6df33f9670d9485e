package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.GuardDescriptor;
import java.util.List;
import java.util.Set;

/** A condition on related rows, checked inside the same test-and-set as the status. */
public sealed interface Guard {

    GuardDescriptor describe();

    /**
     * A guard on other rows that point at this one, checked inside the conditional update: the change
     * is made only while no row of {@code table} whose {@code column} holds this resource's id matches
     * {@link #blocking}.
     */
    sealed interface RowGuard extends Guard permits NoLiveChildren, NoReferrers, ColumnNotIn {
        String resource();

        String table();

        String column();

        /** The SQL condition on {@code alias}'s row that makes it block. */
        String blocking(String alias);
    }

    /**
     * The resource may change only while none of its children is outside {@code terminalState}
     * (the child table's {@code parentColumn} holds this resource's id).
     */
    record NoLiveChildren(String resource, String table, String parentColumn, String terminalState,
                          String unlessColumn, Set<String> unlessIn) implements RowGuard {
        public NoLiveChildren {
            unlessIn = Set.copyOf(unlessIn);
        }

        public NoLiveChildren(String resource, String table, String parentColumn, String terminalState) {
            this(resource, table, parentColumn, terminalState, null, Set.of());
        }

        /**
         * Children whose {@code column} is in {@code states} do not count (a share's active replica, which
         * ends with it): only the others refuse.
         */
        public NoLiveChildren except(String column, Set<String> states) {
            return new NoLiveChildren(resource, table, parentColumn, terminalState, column, states);
        }

        @Override
        public String column() {
            return parentColumn;
        }

        @Override
        public String blocking(String alias) {
            return alias + ".status <> '" + terminalState + "'" + (unlessColumn == null ? "" : " AND " + alias + "."
                    + unlessColumn + " NOT IN (" + quoted(unlessIn) + ")");
        }

        @Override
        public GuardDescriptor describe() {
            List<String> exempt = unlessIn.stream().sorted().toList();
            return new GuardDescriptor("no_live_children", resource, null,
                    "refused while any " + resource + " of it" + (unlessColumn == null ? "" : " (but one whose "
                            + unlessColumn + " is " + String.join(" or ", exempt) + ")") + " is not " + terminalState,
                    unlessColumn == null ? null : exempt, unlessColumn == null ? null : List.of(unlessColumn));
        }
    }

    /**
     * The resource may change only while another column of its own row (a second machine on it: a replica's
     * {@code replica_state}) is not in {@code states}: read in the same conditional update (the active replica
     * is not deleted).
     */
    record ColumnNotIn(String resource, String table, String stateColumn, Set<String> states) implements RowGuard {
        public ColumnNotIn {
            states = Set.copyOf(states);
        }

        /** The row itself is the one that blocks. */
        @Override
        public String column() {
            return "id";
        }

        @Override
        public String blocking(String alias) {
            return alias + "." + stateColumn + " IN (" + quoted(states) + ")";
        }

        @Override
        public GuardDescriptor describe() {
            List<String> ordered = states.stream().sorted().toList();
            return new GuardDescriptor("column_not_in", resource, null, "refused while its " + stateColumn + " is "
                    + String.join(" or ", ordered), ordered, List.of(stateColumn));
        }
    }

    private static String quoted(Set<String> states) {
        return String.join(", ", states.stream().sorted().map(s -> "'" + s + "'").toList());
    }

    /**
     * The resource may change only while no {@code resource} made from it is in one of {@code states}
     * (a snapshot is not deleted while a share is being created from it). The referring rows belong to
     * another family; the state they are in is only ever left, never re-entered, so reading it here is
     * enough: the referrer's create took this resource's family lock.
     */
    record NoReferrers(String resource, String table, String column, Set<String> states) implements RowGuard {
        public NoReferrers {
            states = Set.copyOf(states);
        }

        @Override
        public String blocking(String alias) {
            return alias + ".status IN (" + String.join(", ", states.stream().sorted().map(s -> "'" + s + "'")
                    .toList()) + ")";
        }

        @Override
        public GuardDescriptor describe() {
            List<String> ordered = states.stream().sorted().toList();
            return new GuardDescriptor("no_referrers", resource, null, "refused while a " + resource + " made from it"
                    + " is " + String.join(" or ", ordered), ordered, List.of(column));
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

    /**
     * The resource must be the newest live one of its kind under its parent (Manila reverts a share only
     * to its latest snapshot): read under the family lock, which every create of the kind also takes.
     */
    record Latest(String resource) implements Guard {
        @Override
        public GuardDescriptor describe() {
            return new GuardDescriptor("latest", resource, null, "refused unless it is the newest live " + resource
                    + " of its parent");
        }
    }

    /**
     * A create made from another resource ({@code column} of the new row names it, a share's
     * {@code snapshot_id}): that resource must be in one of {@code states}, read under its family's lock,
     * which the create takes instead of a family of its own.
     */
    record SourceIn(String resource, String table, String column, Set<String> states) implements Guard {
        public SourceIn {
            states = Set.copyOf(states);
        }

        @Override
        public GuardDescriptor describe() {
            List<String> ordered = states.stream().sorted().toList();
            return new GuardDescriptor("source_in", resource, null, "made from a " + resource + " that is "
                    + String.join(" or ", ordered) + " (named by " + column + ")", ordered, List.of(column));
        }
    }
}
