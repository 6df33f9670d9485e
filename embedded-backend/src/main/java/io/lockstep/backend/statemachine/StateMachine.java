package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.api.statemachine.WireDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one definition of a resource type's states and operations. The API's checks, the store's
 * test-and-set, the descriptors served to the console and the race tests all read this; nothing
 * restates the rules. Immutable and thread-safe once built.
 */
public final class StateMachine {

    private final String resource;
    private final String table;
    private final StateMachine parent;
    private final String parentColumn;
    private final Wire wire;
    private final List<String> rowColumns;
    private final Map<String, State> states;
    private final Map<String, Operation> operations;
    private final Usage usage;
    private final boolean endsWithParent;
    private final StateMachine leader;
    private final String column;

    private StateMachine(Builder b) {
        this.leader = b.leader;
        this.column = b.column;
        this.usage = b.usage;
        this.endsWithParent = b.endsWithParent;
        this.resource = b.resource;
        this.table = b.table;
        this.parent = b.parent;
        this.parentColumn = b.parentColumn;
        this.wire = b.wire;
        this.rowColumns = List.copyOf(b.rowColumns);
        this.states = Map.copyOf(b.states);
        this.operations = Map.copyOf(b.operations);
        this.stateOrder = List.copyOf(b.states.keySet());
        this.operationOrder = List.copyOf(b.operations.keySet());
        validate();
    }

    private final List<String> stateOrder;
    private final List<String> operationOrder;

    public static Builder builder(String resource, String table) {
        return new Builder(resource, table);
    }

    public String resource() {
        return resource;
    }

    /** The table holding this resource's rows; it has {@code id} and {@code status} columns. */
    public String table() {
        return table;
    }

    /**
     * The column of {@link #table()} this machine's state is kept in: {@code status}, or another column of
     * the same row for a second machine on it (a replica's {@code replica_state}), whose parent is then the
     * row's own kind by {@code id}.
     */
    public String column() {
        return column;
    }

    /** Whether it is a second machine on another kind's row (see {@link #column()}). */
    public boolean onAnotherRow() {
        return !"status".equals(column);
    }

    public Optional<StateMachine> parent() {
        return Optional.ofNullable(parent);
    }

    /** The topmost ancestor: its id names the lock every resource of the family takes. */
    /** What its live resources count against quotas, if anything. */
    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    public StateMachine root() {
        return parent == null ? this : parent.root();
    }

    /** Where it lives on the API, or null for a resource only reached through another. */
    public Wire wire() {
        return wire;
    }

    /**
     * The columns of its table that its events carry as the compact row (beside {@code project_id},
     * {@code created_at} and the parent's id as {@code parent_id}).
     */
    public List<String> rowColumns() {
        return rowColumns;
    }

    /**
     * Whether it ends with its parent: the primitive moves its live rows to the terminal state by its
     * {@link Trigger.ParentEnds} operation in the transaction that ends the parent.
     */
    public boolean endsWithParent() {
        return endsWithParent;
    }

    /**
     * The kind whose every transition this one follows, if it is an instance (a share instance follows
     * its share): the primitive inserts one with its leader and writes each of the leader's changes to
     * it, with its own event, in the same transaction. Its operations are the leader's, so its pairs are
     * the leader's cells; a routed one is forwarded to the leader's operation of the same name.
     */
    public Optional<StateMachine> leader() {
        return Optional.ofNullable(leader);
    }

    /** The operation that ends it with its parent, if it {@link #endsWithParent()}. */
    public Optional<Operation> parentEndsOperation() {
        return operations().stream().filter(o -> o.trigger() instanceof Trigger.ParentEnds).findFirst();
    }

    /** The operation a parent's {@code POST .../action} of that name starts on this kind, if any. */
    public Optional<Operation> operationForParentAction(String action) {
        return operations().stream()
                .filter(o -> o.trigger() instanceof Trigger.ParentAction a && a.name().equals(action)).findFirst();
    }

    /** The names of the parent's actions that start operations of this kind, in declaration order. */
    public List<String> parentActionNames() {
        return operations().stream().map(Operation::trigger).filter(Trigger.ParentAction.class::isInstance)
                .map(t -> ((Trigger.ParentAction) t).name()).toList();
    }

    /** What messages call one ("share backup"). */
    public String noun() {
        return wire == null ? resource : wire.noun();
    }

    /** The operation that inserts the resource. */
    public Optional<Operation> createOperation() {
        return operations().stream().filter(o -> o.style() == OperationStyle.CREATE).findFirst();
    }

    /** The operation a {@code POST .../action} of that name (or {@code os-} name) starts, if any. */
    public Optional<Operation> operationForAction(String action) {
        return operations().stream()
                .filter(o -> o.trigger() instanceof Trigger.Action a && a.name().equals(action)).findFirst();
    }

    /** The names of the actions clients may post, in declaration order. */
    public List<String> actionNames() {
        return operations().stream().map(Operation::trigger).filter(Trigger.Action.class::isInstance)
                .map(t -> ((Trigger.Action) t).name()).toList();
    }

    /** The operation {@code DELETE} starts, if any. */
    public Optional<Operation> deleteOperation() {
        return operations().stream().filter(o -> o.trigger() instanceof Trigger.Delete).findFirst();
    }

    /**
     * The operation that ends a resource in {@code status}: one a client starts with a request, allowed
     * from that status, whose success is the terminal state; an operator's before an admin's
     * ({@code delete} before {@code force_delete}). Empty when none may start from it.
     */
    public Optional<Operation> endingOperation(String status) {
        String terminal = terminalState();
        return operations().stream()
                .filter(o -> o.isRouted() && o.from().contains(status) && o.success().contains(terminal))
                .min(java.util.Comparator.comparing(o -> o.role() == io.lockstep.api.auth.Role.ADMIN));
    }

    /**
     * Whether a resource in {@code status} is gone or on its way out: the terminal state, or the
     * transitional state of an operation whose success is the terminal state.
     */
    public boolean isGoing(String status) {
        String terminal = terminalState();
        return terminal.equals(status) || operations().stream()
                .anyMatch(o -> status.equals(o.via()) && o.success().contains(terminal));
    }

    /** The column of this table that holds the parent's id. */
    public String parentColumn() {
        return parentColumn;
    }

    public List<State> states() {
        return stateOrder.stream().map(states::get).toList();
    }

    public Optional<State> state(String name) {
        return Optional.ofNullable(states.get(name));
    }

    public boolean isState(String name) {
        return states.containsKey(name);
    }

    public Set<String> statesOfKind(StateKind kind) {
        return stateOrder.stream().filter(s -> states.get(s).kind() == kind)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public String terminalState() {
        return statesOfKind(StateKind.TERMINAL).iterator().next();
    }

    /** Every state but the terminal ones: where "from any status" may start. */
    public Set<String> liveStates() {
        return stateOrder.stream().filter(s -> states.get(s).kind() != StateKind.TERMINAL)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public List<Operation> operations() {
        return operationOrder.stream().map(operations::get).toList();
    }

    /** The operation of that name; an {@link IllegalArgumentException} names the known ones. */
    public Operation operation(String name) {
        Operation op = operations.get(name);
        if (op == null) {
            throw new IllegalArgumentException("no operation '" + name + "' on " + resource + "; known: "
                    + operationOrder);
        }
        return op;
    }

    /** The operation whose transitional state this is, if any (the work a resource in it waits for). */
    public Optional<Operation> operationVia(String transitionalState) {
        return operations().stream().filter(o -> transitionalState.equals(o.via())).findFirst();
    }

    public StateMachineDescriptor describe() {
        List<StateDescriptor> stateDescriptors = states().stream()
                .map(s -> new StateDescriptor(s.name(), s.kind(), s.description())).toList();
        return new StateMachineDescriptor(resource, parent == null ? null : parent.resource(), stateDescriptors,
                operations().stream().map(o -> o.describe(stateOrder, wire)).toList(), usage == null ? null
                : new io.lockstep.api.statemachine.UsageDescriptor(usage.count().wire(), usage.gigabytes().wire()),
                wire == null ? null : new WireDescriptor(wire.collection(), wire.envelope(), wire.statusField(),
                        parentColumn, wire.minVersion()), endsWithParent,
                leader == null ? null : leader.resource(), onAnotherRow() ? column : null);
    }

    private void validate() {
        for (Operation op : operations.values()) {
            List<String> named = new ArrayList<>(op.from());
            named.addAll(op.success());
            named.addAll(op.errors());
            if (op.via() != null) {
                named.add(op.via());
            }
            for (String s : named) {
                if (!states.containsKey(s)) {
                    throw new IllegalStateException(resource + "." + op.name() + " names unknown state " + s);
                }
            }
            named.addAll(op.failures().values());
            if (op.isRouted() && wire == null) {
                throw new IllegalStateException(resource + "." + op.name() + " has a route but " + resource
                        + " has no wire");
            }
            for (String s : op.failures().values()) {
                if (!op.success().contains(s) && !op.errors().contains(s)) {
                    throw new IllegalStateException(resource + "." + op.name() + ": failure state " + s
                            + " is neither a success nor an error of it");
                }
            }
            if ((op.style() == OperationStyle.CREATE) != op.from().isEmpty()) {
                throw new IllegalStateException(resource + "." + op.name() + ": only creates start from nothing");
            }
            // a second machine on a row starts where its host's create puts it, stable or not
            if (op.via() != null && states.get(op.via()).kind() != StateKind.TRANSITIONAL
                    && !(op.style() == OperationStyle.CREATE && op.trigger() instanceof Trigger.MadeBy)) {
                throw new IllegalStateException(resource + "." + op.name() + ": " + op.via() + " is not transitional");
            }
        }
        if (statesOfKind(StateKind.TERMINAL).size() != 1) {
            throw new IllegalStateException(resource + " needs exactly one terminal state");
        }
    }

    @Override
    public String toString() {
        return "StateMachine[" + resource + "]";
    }

    /** Builds a machine; states keep the order they are declared in (the diagrams use it). */
    public static final class Builder {
        private final String resource;
        private final String table;
        private StateMachine parent;
        private String parentColumn;
        private Wire wire;
        private final List<String> rowColumns = new ArrayList<>();
        private final Map<String, State> states = new LinkedHashMap<>();
        private final Map<String, Operation> operations = new LinkedHashMap<>();
        private Usage usage;
        private boolean endsWithParent;
        private StateMachine leader;
        private String column = "status";

        private Builder(String resource, String table) {
            this.resource = resource;
            this.table = table;
        }

        public Builder parent(StateMachine parentMachine, String column) {
            this.parent = parentMachine;
            this.parentColumn = column;
            return this;
        }

        public Builder wire(String collection, String envelope, String noun) {
            this.wire = new Wire(collection, envelope, noun);
            return this;
        }

        /** Like {@link #wire(String, String, String)} for a kind shown with another status field or served late. */
        public Builder wire(String collection, String envelope, String noun, String statusField, String minVersion) {
            this.wire = new Wire(collection, envelope, noun, statusField, minVersion);
            return this;
        }

        /**
         * It ends with its parent instead of refusing the parent's delete: declares {@code operation}, from
         * any live state to the terminal one, which the primitive runs when the parent ends. Call after
         * the states are declared.
         */
        public Builder endsWithParent(String operation, String description) {
            this.endsWithParent = true;
            String terminal = states.values().stream().filter(s -> s.kind() == StateKind.TERMINAL)
                    .map(State::name).findFirst()
                    .orElseThrow(() -> new IllegalStateException(resource + ": declare the terminal state first"));
            return operation(Operation.named(operation).sets(liveStates(), List.of(terminal))
                    .role(io.lockstep.api.auth.Role.ADMIN).trigger(new Trigger.ParentEnds()).describedAs(description));
        }

        /**
         * It is an instance of {@code leaderMachine} (its parent, by {@code <leader>_id}): it takes the
         * leader's states and operations, its status is written with the leader's in one transaction, and
         * the operations named in {@code forwarded} are routed on its own wire to the leader's (Manila's
         * admin actions on instances). Manila derives a share's status from its instance; here the two
         * are one write, so neither can be seen without the other.
         */
        public Builder follows(StateMachine leaderMachine, String... forwarded) {
            this.leader = leaderMachine;
            parent(leaderMachine, leaderMachine.resource() + "_id");
            leaderMachine.states().forEach(s -> state(s.name(), s.kind(), s.description()));
            Set<String> routed = Set.of(forwarded);
            for (Operation op : leaderMachine.operations()) {
                if (routed.contains(op.name()) && !(op.trigger() instanceof Trigger.Action)) {
                    throw new IllegalStateException(resource + " forwards " + op.name() + ", which is no action");
                }
                operation(op.followed(routed.contains(op.name()) ? op.trigger() : new Trigger.Internal()));
            }
            return this;
        }

        /**
         * A second machine on {@code host}'s row, kept in {@code stateColumn} (a replica's
         * {@code replica_state}): its parent is the host by its own {@code id}, it is inserted with the host
         * (its create is {@link Trigger.MadeBy} the host's create, starting in the state it names) and it ends
         * with the host.
         */
        public Builder onRowOf(StateMachine host, String stateColumn) {
            this.column = stateColumn;
            return parent(host, "id");
        }

        /** Columns its events carry, for a console to show the change without asking again. */
        public Builder row(String... columns) {
            rowColumns.addAll(List.of(columns));
            return this;
        }

        /** Its live resources count against quotas (see {@link Usage}). */
        public Builder usage(Usage counted) {
            this.usage = counted;
            return this;
        }

        public Builder state(String name, StateKind kind, String description) {
            states.put(name, new State(name, kind, description));
            return this;
        }

        public Builder operation(Operation op) {
            if (operations.containsKey(op.name())) {
                throw new IllegalStateException(resource + " declares operation " + op.name() + " twice");
            }
            operations.put(op.name(), op);
            return this;
        }

        /** For "from any status": every state declared so far but the terminal one. */
        public Set<String> liveStates() {
            return states.values().stream().filter(s -> s.kind() != StateKind.TERMINAL).map(State::name)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }

        /** For reset_status: the states an admin may set, all but transitional and terminal. */
        public List<String> settableStates() {
            return states.values().stream()
                    .filter(s -> s.kind() == StateKind.STABLE || s.kind() == StateKind.ERROR)
                    .map(State::name).toList();
        }

        public StateMachine build() {
            return new StateMachine(this);
        }
    }
}
