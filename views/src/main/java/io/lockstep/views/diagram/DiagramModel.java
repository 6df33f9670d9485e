package io.lockstep.views.diagram;

import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One resource type's diagram, derived from its descriptor: a node per state at a fixed place, and
 * an edge per (from, to) pair that an operation can take: into the transitional state labelled with
 * the operation, out of it labelled "ok" or "failed" (the state names the operation). Places come
 * from a layered layout that depends only on the descriptor (layer = shortest path from the entry,
 * order within a layer = the descriptor's order), so states keep their places between runs and as
 * counts change. The admin escape hatches that apply to every state ({@link #ESCAPE_HATCHES}) are
 * not drawn as edges: they would connect everything to everything. Immutable.
 */
public final class DiagramModel {

    public static final String ENTRY = "__entry";
    public static final Set<String> ESCAPE_HATCHES = Set.of("reset_status", "force_delete");
    static final double LAYER_GAP = 330;
    static final double ROW_GAP = 125;
    /** The entry dot needs less room than a column of boxes. */
    static final double ENTRY_GAP = 270;

    public record StateNode(String id, StateKind kind, String description, double x, double y) {
    }

    public record Transition(String id, String from, String to, String label) {
    }

    private final StateMachineDescriptor descriptor;
    private final Map<String, StateNode> nodes = new LinkedHashMap<>();
    private final Map<String, Transition> edges = new LinkedHashMap<>();

    public DiagramModel(StateMachineDescriptor descriptor) {
        this.descriptor = descriptor;
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (OperationDescriptor op : descriptor.operations()) {
            if (ESCAPE_HATCHES.contains(op.name())) {
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
                    add(labels, edgeId(op.via(), to), "ok");
                }
                for (String to : op.errors()) {
                    add(labels, edgeId(op.via(), to), "failed");
                }
            }
        }
        labels.forEach((id, l) -> {
            String[] ends = id.split("->", 2);
            edges.put(id, new Transition(id, ends[0], ends[1], String.join(" / ", l)));
        });
        layout();
    }

    private static void add(Map<String, List<String>> labels, String id, String label) {
        List<String> l = labels.computeIfAbsent(id, k -> new ArrayList<>());
        if (!l.contains(label)) {
            l.add(label);
        }
    }

    /** Width in pixels that fits the state's name and a four-digit count. */
    public static double boxWidth(String state) {
        return Math.max(104, 7.0 * state.length() + 56);
    }

    public static String edgeId(String from, String to) {
        return from + "->" + to;
    }

    private void layout() {
        Map<String, Integer> layer = new HashMap<>();
        layer.put(ENTRY, 0);
        Deque<String> queue = new ArrayDeque<>(List.of(ENTRY));
        while (!queue.isEmpty()) {
            String s = queue.removeFirst();
            for (Transition t : edges.values()) {
                if (t.from().equals(s) && !layer.containsKey(t.to())) {
                    layer.put(t.to(), layer.get(s) + 1);
                    queue.addLast(t.to());
                }
            }
        }
        int deepest = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<Integer, List<StateDescriptor>> byLayer = new LinkedHashMap<>();
        for (StateDescriptor s : descriptor.states()) {
            // Unreachable except by the escape hatches (none today): a column of their own at the end.
            byLayer.computeIfAbsent(layer.getOrDefault(s.name(), deepest + 1), k -> new ArrayList<>()).add(s);
        }
        nodes.put(ENTRY, new StateNode(ENTRY, StateKind.STABLE, "where a new " + descriptor.resource() + " begins",
                0, 0));
        byLayer.forEach((l, states) -> {
            for (int i = 0; i < states.size(); i++) {
                StateDescriptor s = states.get(i);
                double y = (i - (states.size() - 1) / 2.0) * ROW_GAP;
                double x = l == 0 ? 0 : ENTRY_GAP + (l - 1) * LAYER_GAP;
                nodes.put(s.name(), new StateNode(s.name(), s.kind(), s.description(), x, -y));
            }
        });
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
        return descriptor.operations().stream().filter(o -> ESCAPE_HATCHES.contains(o.name())).toList();
    }
}
