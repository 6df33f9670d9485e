package io.lockstep.views.diagram;

import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource type's diagram, derived from its descriptor: a node per state at a fixed place, and
 * an edge per (from, to) pair that an operation can take: into the transitional state labelled with
 * the operation, out of it labelled "ok" or "failed" (the state names the operation). Places come
 * from {@link DiagramLayout}, which depends only on the descriptor, so states keep their places
 * between runs and as counts change; a node's x and y are its centre. The admin escape hatches that apply to many states ({@link #isEscapeHatch}) are
 * not drawn as edges: they would connect everything to everything. Immutable.
 */
public final class DiagramModel {

    public static final String ENTRY = "__entry";
    /** An admin operation from this many states or more is an escape hatch, listed rather than drawn. */
    static final int ESCAPE_HATCH_SOURCES = 3;

    public record StateNode(String id, StateKind kind, String description, double x, double y) {
    }

    /**
     * An edge. {@code label} names everything that takes it; what is written beside it
     * ({@link #caption()}) leaves out a bare "ok" (an unlabelled way out of a transitional state is its
     * success) and a bare "failed" (drawn dashed instead), so the page keeps room for the names.
     */
    public record Transition(String id, String from, String to, String label) {
        public static final String OK = "ok";
        public static final String FAILED = "failed";

        public String caption() {
            return label.equals(OK) || label.equals(FAILED) ? "" : label;
        }

        /** Only a failure takes this edge. */
        public boolean failure() {
            return label.equals(FAILED);
        }
    }

    private final StateMachineDescriptor descriptor;
    private final Map<String, StateNode> nodes = new LinkedHashMap<>();
    private final Map<String, Transition> edges = new LinkedHashMap<>();
    private final DiagramLayout layout;

    public DiagramModel(StateMachineDescriptor descriptor) {
        this.descriptor = descriptor;
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (OperationDescriptor op : descriptor.operations()) {
            if (isEscapeHatch(op)) {
                continue;
            }
            boolean set = op.via() == null;
            List<String> sources = op.from().isEmpty() ? List.of(ENTRY) : op.from();
            for (String from : sources) {
                if (set) {
                    op.success().forEach(to -> labels.computeIfAbsent(edgeId(from, to), k -> new ArrayList<>()).add(op.name()));
                } else {
                    labels.computeIfAbsent(edgeId(from, op.via()), k -> new ArrayList<>()).add(op.name());
                }
            }
            if (!set) {
                for (String to : op.success()) {
                    add(labels, edgeId(op.via(), to), Transition.OK);
                }
                for (String to : op.errors()) {
                    add(labels, edgeId(op.via(), to), Transition.FAILED);
                }
            }
        }
        labels.forEach((id, l) -> {
            String[] ends = id.split("->", 2);
            edges.put(id, new Transition(id, ends[0], ends[1], String.join(" / ", l)));
        });
        layout = place();
    }

    private static void add(Map<String, List<String>> labels, String id, String label) {
        List<String> l = labels.computeIfAbsent(id, k -> new ArrayList<>());
        if (!l.contains(label)) {
            l.add(label);
        }
    }

    /** Width in pixels that fits the state's name and a four-digit count. */
    public static double boxWidth(String state) {
        return DiagramLayout.boxWidth(state);
    }

    public static String edgeId(String from, String to) {
        return from + "->" + to;
    }

    private DiagramLayout place() {
        List<StateNode> unplaced = new ArrayList<>();
        unplaced.add(new StateNode(ENTRY, StateKind.STABLE, "where a new " + descriptor.resource() + " begins", 0, 0));
        for (StateDescriptor s : descriptor.states()) {
            unplaced.add(new StateNode(s.name(), s.kind(), s.description(), 0, 0));
        }
        DiagramLayout l = DiagramLayout.of(unplaced, List.copyOf(edges.values()));
        for (StateNode n : unplaced) {
            DiagramLayout.Box b = l.box(n.id()).orElseThrow();
            nodes.put(n.id(), new StateNode(n.id(), n.kind(), n.description(), b.centerX(), b.centerY()));
        }
        return l;
    }

    /** Where everything is drawn: boxes, edge routes and label places (the same for screen, PNG and SVG). */
    public DiagramLayout layout() {
        return layout;
    }

    public String resource() {
        return descriptor.resource();
    }

    public List<StateNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public List<Transition> edges() {
        return List.copyOf(edges.values());
    }

    public Optional<StateNode> node(String state) {
        return Optional.ofNullable(nodes.get(state));
    }

    /** The edge a transition from {@code from} to {@code to} takes, if it is drawn. */
    public Optional<Transition> edge(String from, String to) {
        return Optional.ofNullable(edges.get(edgeId(from == null ? ENTRY : from, to)));
    }

    /** Operations that apply to every state and are listed beside the diagram instead of drawn. */
    public List<OperationDescriptor> escapeHatches() {
        return descriptor.operations().stream().filter(this::isEscapeHatch).toList();
    }

    /**
     * Read from the declaration: an admin operation from many states that either sets a status directly
     * (reset a status, set a replica's state) or cuts into operations in flight (force a delete from a
     * transitional state) would connect everything to everything if drawn.
     */
    boolean isEscapeHatch(OperationDescriptor op) {
        if (!Role.ADMIN.wireName().equals(op.role()) || op.from().size() < ESCAPE_HATCH_SOURCES) {
            return false;
        }
        boolean cutsIn = descriptor.states().stream()
                .anyMatch(s -> s.kind() == StateKind.TRANSITIONAL && op.from().contains(s.name()));
        return op.via() == null || cutsIn;
    }
}
