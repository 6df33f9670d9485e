package io.lockstep.views.live;

import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's state-machine descriptors, indexed. Everything the console knows about states and
 * operations comes from here; nothing is restated by hand. Immutable.
 */
public final class Catalog {

    private final Map<String, StateMachineDescriptor> machines = new LinkedHashMap<>();

    public Catalog(List<StateMachineDescriptor> descriptors) {
        descriptors.forEach(d -> machines.put(d.resource(), d));
    }

    public List<StateMachineDescriptor> machines() {
        return List.copyOf(machines.values());
    }

    public StateMachineDescriptor machine(String resource) {
        StateMachineDescriptor m = machines.get(resource);
        if (m == null) {
            throw new IllegalArgumentException("the service has no state machine for " + resource);
        }
        return m;
    }

    /** The machine, if this service serves one for {@code resource}. */
    public Optional<StateMachineDescriptor> find(String resource) {
        return Optional.ofNullable(machines.get(resource));
    }

    /** The operation, or empty when this service does not offer it (or has no such resource type). */
    public Optional<OperationDescriptor> operation(String resource, String name) {
        StateMachineDescriptor m = machines.get(resource);
        return m == null ? Optional.empty() : m.operations().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** A state's kind; a state the descriptor does not know is shown as an error. */
    public StateKind kind(String resource, String state) {
        StateMachineDescriptor m = machines.get(resource);
        return m == null ? StateKind.ERROR : m.states().stream().filter(s -> s.name().equals(state))
                .map(StateDescriptor::kind).findFirst().orElse(StateKind.ERROR);
    }

    /**
     * A state's kind as a badge style names it ("stable", "transitional", ...), or "error" while no catalog
     * has been read.
     */
    public static String kindName(Catalog c, String resource, String state) {
        return c == null ? "error" : c.kind(resource, state).name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isTransitional(String resource, String state) {
        return kind(resource, state) == StateKind.TRANSITIONAL;
    }

    public List<String> states(String resource) {
        StateMachineDescriptor m = machines.get(resource);
        return m == null ? List.of() : m.states().stream().map(StateDescriptor::name).toList();
    }
}
