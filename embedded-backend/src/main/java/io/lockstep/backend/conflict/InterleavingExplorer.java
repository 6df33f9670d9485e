package io.lockstep.backend.conflict;

import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Interleavings, not only pairs: an explicit-state exploration of up to k concurrent requests on one
 * family (a root resource, one live child of each kind, and the children the requests create), with
 * each operation's begin and finish as separate steps, driver failures, a worker whose lease runs out
 * and whose stale attempt wakes up later, and the cleanup leader's move-to-error. It models what the
 * service does: a begin is a test-and-set on the status (with guards and the parent's operation, in one
 * transaction); a finish is a test-and-set on the transitional state, fenced by the work item's owner;
 * a superseded finish still hands the parent back. Invariants: no child without a live parent; a
 * finish is applied only by the request that holds the row; nothing is left in a transitional state
 * once every request is done. Not thread-safe; one per run.
 */
public final class InterleavingExplorer {

    /** @param ownerFence whether a stale worker's finish is fenced off (the service's work-item owner check) */
    public record Options(int k, boolean ownerFence) {
        public static final Options DEFAULTS = new Options(3, true);
    }

    /** One broken invariant with the steps that led to it. */
    public record Violation(String invariant, List<String> trace) {
        @Override
        public String toString() {
            return invariant + "\n  " + String.join("\n  ", trace);
        }
    }

    public record Result(String family, long scenarios, long states, List<Violation> violations, long micros) {
    }

    private record Op(StateMachineDescriptor machine, OperationDescriptor op, String target) {
        String name() {
            return machine.resource() + "." + op.name() + (target == null ? "" : "(" + target + ")");
        }
    }

    /** A request's progress: waiting, working (attempt n, with a stale attempt that may wake), done. */
    private enum Phase { PENDING, WORKING, DONE }

    private record Req(Op op, String row, Phase phase, int attempt, boolean staleAttempt, boolean expired) {
    }

    private record World(Map<String, String> rows, Map<String, Integer> owners, Set<String> tainted, List<Req> reqs,
                         List<String> trace) {
        String key() {
            return rows + "|" + owners + "|" + tainted + "|" + reqs.stream().map(r -> r.row() + ":" + r.phase() + ":"
                    + r.attempt() + ":" + r.staleAttempt() + ":" + r.expired()).toList();
        }
    }

    private final Map<String, StateMachineDescriptor> machines = new LinkedHashMap<>();
    private final Options options;

    public InterleavingExplorer(List<StateMachineDescriptor> descriptors, Options options) {
        // an instance's steps are its leader's
        descriptors.stream().filter(m -> !m.followsAnother()).forEach(m -> machines.put(m.resource(), m));
        this.options = options;
    }

    /**
     * Whether a {@code no_live_children} guard refuses in {@code rows}. One that exempts children by another
     * column (a share's active replica) lets the modelled child through: it stands for the exempt one, which
     * must then end with its parent.
     */
    private boolean blocks(GuardDescriptor g, Map<String, String> rows) {
        return g.kind().equals("no_live_children") && g.columns() == null && liveChild(rows, g.resource());
    }

    /** Explores the family of {@code root}: every multiset of up to k requests, every interleaving. */
    public Result explore(String root) {
        long t0 = System.nanoTime();
        StateMachineDescriptor r = machines.get(root);
        List<StateMachineDescriptor> children = machines.values().stream()
                .filter(m -> root.equals(m.parent())).toList();
        List<Op> requests = requests(r, children);
        List<Violation> violations = new ArrayList<>();
        long[] states = {0};
        long scenarios = 0;
        List<List<Op>> combos = new ArrayList<>();
        combinations(requests, options.k(), 0, new ArrayList<>(), combos);
        for (List<Op> combo : combos) {
            scenarios++;
            Optional<Violation> v = run(r, children, combo, states);
            v.ifPresent(violations::add);
            if (violations.size() >= 5) {
                break; // enough to read
            }
        }
        return new Result(root, scenarios, states[0], violations, (System.nanoTime() - t0) / 1000);
    }

    private List<Op> requests(StateMachineDescriptor root, List<StateMachineDescriptor> children) {
        List<Op> out = new ArrayList<>();
        List<StateMachineDescriptor> all = new ArrayList<>(List.of(root));
        all.addAll(children);
        for (StateMachineDescriptor m : all) {
            for (OperationDescriptor op : m.operations()) {
                boolean routed = op.trigger() != null && op.trigger().routed();
                if (!routed || m == root && op.style().equals("create")) {
                    continue; // a new root is another family
                }
                if (op.style().equals("set")) {
                    out.add(new Op(m, op, op.success().get(0)));
                    m.states().stream().filter(s -> s.kind() == StateKind.ERROR && op.success().contains(s.name()))
                            .findFirst().ifPresent(s -> out.add(new Op(m, op, s.name())));
                } else {
                    out.add(new Op(m, op, null));
                }
            }
        }
        return out;
    }

    private static void combinations(List<Op> ops, int k, int from, List<Op> current, List<List<Op>> out) {
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
        }
        if (current.size() == k) {
            return;
        }
        for (int i = from; i < ops.size(); i++) {
            current.add(ops.get(i));
            combinations(ops, k, i, current, out);
            current.remove(current.size() - 1);
        }
    }

    private Optional<Violation> run(StateMachineDescriptor root, List<StateMachineDescriptor> children, List<Op> combo,
                                    long[] states) {
        Map<String, String> rows = new TreeMap<>();
        rows.put(root.resource(), stable(root));
        for (StateMachineDescriptor c : children) {
            rows.put(c.resource() + "#0", stable(c)); // one live child of each kind
        }
        List<Req> reqs = new ArrayList<>();
        for (int i = 0; i < combo.size(); i++) {
            Op o = combo.get(i);
            String row = o.machine() == root ? root.resource()
                    : o.op().style().equals("create") ? o.machine().resource() + "#" + (i + 1)
                    : o.machine().resource() + "#0";
            reqs.add(new Req(o, row, Phase.PENDING, 0, false, false));
        }
        Deque<World> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(new World(rows, new TreeMap<>(), new TreeSet<>(), reqs, List.of("start: " + rows + ", requests " + combo.stream()
                .map(Op::name).toList())));
        while (!todo.isEmpty()) {
            World w = todo.pop();
            if (!seen.add(w.key())) {
                continue;
            }
            states[0]++;
            Optional<Violation> orphan = orphan(root, w);
            if (orphan.isPresent()) {
                return orphan;
            }
            List<World> next = new ArrayList<>();
            for (int i = 0; i < w.reqs().size(); i++) {
                Req q = w.reqs().get(i);
                switch (q.phase()) {
                    case PENDING -> next.add(begin(w, i));
                    case WORKING -> {
                        for (boolean ok : new boolean[] {true, false}) {
                            World f = finish(w, i, ok, false);
                            if (f == null) {
                                return Optional.of(new Violation("a finish applied by a request that no longer holds "
                                        + "its row", append(w.trace(), describeFinish(w, i, ok, false))));
                            }
                            next.add(f);
                        }
                        if (!q.expired()) {
                            next.add(expire(w, i));
                        }
                    }
                    default -> {
                    }
                }
                if (q.staleAttempt()) {
                    // the worker that lost its lease wakes up, whenever, and tries to finish
                    World z = finish(w, i, true, true);
                    if (z == null) {
                        return Optional.of(new Violation("a stale worker's finish was applied over the request "
                                + "that holds the row", append(w.trace(), describeFinish(w, i, true, true))));
                    }
                    next.add(z);
                }
            }
            next.addAll(cleanup(w));
            if (next.isEmpty()) {
                Optional<String> stuck = w.rows().entrySet().stream()
                        .filter(e -> kind(machineOf(e.getKey()), e.getValue()) == StateKind.TRANSITIONAL)
                        .map(e -> e.getKey() + " in " + e.getValue()).findFirst();
                if (stuck.isPresent()) {
                    return Optional.of(new Violation("left in a transitional state with nothing to finish it: "
                            + stuck.get(), w.trace()));
                }
            }
            next.forEach(todo::push);
        }
        return Optional.empty();
    }

    private Optional<Violation> orphan(StateMachineDescriptor root, World w) {
        String rootState = w.rows().get(root.resource());
        if (kind(root, rootState) != StateKind.TERMINAL) {
            return Optional.empty();
        }
        return w.rows().entrySet().stream().filter(e -> !e.getKey().equals(root.resource()))
                .filter(e -> kind(machineOf(e.getKey()), e.getValue()) != StateKind.TERMINAL)
                .findFirst().map(e -> new Violation("a child without a live parent: " + e.getKey() + " is "
                        + e.getValue() + " while " + root.resource() + " is " + rootState, w.trace()));
    }

    private World begin(World w, int i) {
        Req q = w.reqs().get(i);
        Op o = q.op();
        Map<String, String> rows = new TreeMap<>(w.rows());
        Map<String, Integer> owners = new TreeMap<>(w.owners());
        Set<String> tainted = new TreeSet<>(w.tainted());
        String current = rows.get(q.row());
        boolean creates = o.op().style().equals("create");
        String refusal = null;
        if (!creates && !o.op().from().contains(current)) {
            refusal = q.row() + " is " + current;
        }
        for (GuardDescriptor g : o.op().guards()) {
            if (refusal == null && blocks(g, rows)) {
                refusal = "a live " + g.resource() + " exists";
            }
            if (refusal == null && g.kind().equals("parent_in") && !g.states().contains(rows.get(g.resource()))) {
                refusal = g.resource() + " is " + rows.get(g.resource());
            }
        }
        Optional<GuardDescriptor> pop = parentOperation(o.op());
        String parentRow = null;
        if (refusal == null && pop.isPresent()) {
            StateMachineDescriptor pm = machines.get(pop.get().resource());
            OperationDescriptor pop2 = operation(pm, pop.get().operation());
            parentRow = pm.resource();
            if (!pop2.from().contains(rows.get(parentRow))) {
                refusal = parentRow + " is " + rows.get(parentRow);
            }
            for (GuardDescriptor g : pop2.guards()) {
                if (refusal == null && blocks(g, rows)) {
                    refusal = parentRow + "." + pop2.name() + " needs no live " + g.resource();
                }
            }
            if (refusal == null) {
                rows.put(parentRow, pop2.via());
                owners.put(parentRow, i);
            }
        }
        if (refusal != null) {
            return next(w, i, q, Phase.DONE, rows, owners, tainted, "begin " + o.name() + ": refused (" + refusal + ")");
        }
        Phase phase = Phase.WORKING;
        if (o.op().style().equals("set")) {
            rows.put(q.row(), o.target());
            owners.remove(q.row());
            tainted.add(q.row()); // an admin escape hatch: whoever held the row is superseded
            phase = Phase.DONE;
            endChildren(rows, owners, q.row());
        } else {
            if (kind(o.machine(), current) == StateKind.TRANSITIONAL && current != null) {
                tainted.add(q.row()); // taken from another's transitional state: an admin escape hatch
            }
            rows.put(q.row(), o.op().via());
            owners.put(q.row(), i);
        }
        return next(w, i, q, phase, rows, owners, tainted, "begin " + o.name() + ": " + q.row() + " "
                + (current == null ? "new" : current) + " -> " + rows.get(q.row()));
    }

    /** A finish; null when it would be applied by a request that does not hold the row (a violation). */
    private World finish(World w, int i, boolean ok, boolean stale) {
        Req q = w.reqs().get(i);
        OperationDescriptor op = q.op().op();
        Map<String, String> rows = new TreeMap<>(w.rows());
        Map<String, Integer> owners = new TreeMap<>(w.owners());
        if (stale && options.ownerFence()) {
            // the stale attempt's write is fenced by the work item's owner: nothing happens
            return new World(rows, owners, w.tainted(), replace(w.reqs(), i, new Req(q.op(), q.row(), q.phase(),
                    q.attempt(), false, q.expired())), append(w.trace(), describeFinish(w, i, ok, true)
                    + ": fenced off"));
        }
        boolean applies = op.via().equals(rows.get(q.row()));
        if (applies) {
            Integer owner = owners.get(q.row());
            if (owner != null && owner != i && !w.tainted().contains(q.row()) && !sameOutcomes(w, owner, i)) {
                return null;
            }
            rows.put(q.row(), ok ? op.success().get(0) : op.errors().get(0));
            owners.remove(q.row());
            endChildren(rows, owners, q.row());
        }
        // a finish, applied or superseded, hands the parent's operation back if it is still running
        Optional<GuardDescriptor> pop = parentOperation(op);
        if (pop.isPresent()) {
            StateMachineDescriptor pm = machines.get(pop.get().resource());
            OperationDescriptor pop2 = operation(pm, pop.get().operation());
            if (pop2.via().equals(rows.get(pm.resource()))) {
                rows.put(pm.resource(), ok ? pop2.success().get(0) : pop2.errors().get(0));
                owners.remove(pm.resource());
            }
        }
        Req done = stale ? new Req(q.op(), q.row(), q.phase(), q.attempt(), false, q.expired())
                : new Req(q.op(), q.row(), Phase.DONE, q.attempt(), q.staleAttempt(), q.expired());
        return new World(rows, owners, w.tainted(), replace(w.reqs(), i, done), append(w.trace(),
                describeFinish(w, i, ok, stale) + (applies ? ": " + q.row() + " -> " + rows.get(q.row())
                        : ": superseded")));
    }

    /**
     * A row that reached its terminal state takes the kinds that end with their parent along, in the
     * same step (the service's transaction): their live rows become terminal and lose their holders.
     */
    private void endChildren(Map<String, String> rows, Map<String, Integer> owners, String row) {
        StateMachineDescriptor m = machineOf(row);
        if (kind(m, rows.get(row)) != StateKind.TERMINAL) {
            return;
        }
        for (Map.Entry<String, String> e : rows.entrySet()) {
            StateMachineDescriptor c = machineOf(e.getKey());
            if (c.endsWithParent() && m.resource().equals(c.parent()) && kind(c, e.getValue()) != StateKind.TERMINAL) {
                e.setValue(terminal(c));
                owners.remove(e.getKey());
            }
        }
    }

    private static String terminal(StateMachineDescriptor m) {
        return m.states().stream().filter(s -> s.kind() == StateKind.TERMINAL).map(StateDescriptor::name).findFirst()
                .orElseThrow();
    }

    /**
     * Two different operations holding one transitional state with the same outcomes (delete and
     * force_delete): either finishing it is the same change. Two requests of one operation are not.
     */
    private boolean sameOutcomes(World w, int a, int b) {
        OperationDescriptor x = w.reqs().get(a).op().op();
        OperationDescriptor y = w.reqs().get(b).op().op();
        return !x.name().equals(y.name()) && x.via() != null && x.via().equals(y.via()) && Set.copyOf(x.success()).equals(Set.copyOf(y.success()))
                && Set.copyOf(x.errors()).equals(Set.copyOf(y.errors()));
    }

    /** The worker's lease runs out: another takes the item over; the old attempt may still wake up. */
    private World expire(World w, int i) {
        Req q = w.reqs().get(i);
        return new World(w.rows(), w.owners(), w.tainted(), replace(w.reqs(), i, new Req(q.op(), q.row(), q.phase(),
                q.attempt() + 1, true, true)), append(w.trace(), "lease of " + q.op().name() + " expires: another "
                + "worker takes it over"));
    }

    /** The cleanup leader moves a row stuck in a transitional state with no work in progress to its error. */
    private List<World> cleanup(World w) {
        List<World> out = new ArrayList<>();
        for (Map.Entry<String, String> e : w.rows().entrySet()) {
            StateMachineDescriptor m = machineOf(e.getKey());
            if (kind(m, e.getValue()) != StateKind.TRANSITIONAL) {
                continue;
            }
            boolean worked = w.reqs().stream().anyMatch(q -> q.phase() == Phase.WORKING && (q.row().equals(e.getKey())
                    || parentOperation(q.op().op()).map(GuardDescriptor::resource).filter(e.getKey()::equals)
                    .isPresent()));
            if (worked) {
                continue;
            }
            Optional<OperationDescriptor> via = m.operations().stream().filter(o -> e.getValue().equals(o.via()))
                    .findFirst();
            if (via.isEmpty() || via.get().errors().isEmpty()) {
                continue; // nothing to move it to: the exploration reports it as stuck
            }
            Map<String, String> rows = new TreeMap<>(w.rows());
            rows.put(e.getKey(), via.get().errors().get(0));
            Map<String, Integer> owners = new TreeMap<>(w.owners());
            owners.remove(e.getKey());
            out.add(new World(rows, owners, w.tainted(), w.reqs(), append(w.trace(), "cleanup leader moves "
                    + e.getKey() + " from " + e.getValue() + " to " + rows.get(e.getKey()))));
        }
        return out;
    }

    private World next(World w, int i, Req q, Phase phase, Map<String, String> rows, Map<String, Integer> owners,
                       Set<String> tainted, String step) {
        return new World(rows, owners, tainted, replace(w.reqs(), i, new Req(q.op(), q.row(), phase, q.attempt(),
                q.staleAttempt(), q.expired())), append(w.trace(), step));
    }

    private static String describeFinish(World w, int i, boolean ok, boolean stale) {
        return (stale ? "stale attempt of " : "finish ") + w.reqs().get(i).op().name() + (ok ? " (ok)" : " (failed)");
    }

    private boolean liveChild(Map<String, String> rows, String kind) {
        return rows.entrySet().stream().anyMatch(e -> e.getKey().startsWith(kind + "#")
                && kind(machines.get(kind), e.getValue()) != StateKind.TERMINAL);
    }

    private StateMachineDescriptor machineOf(String row) {
        int hash = row.indexOf('#');
        return machines.get(hash < 0 ? row : row.substring(0, hash));
    }

    private static Optional<GuardDescriptor> parentOperation(OperationDescriptor op) {
        return op.guards().stream().filter(g -> g.kind().equals("parent_operation")).findFirst();
    }

    private static OperationDescriptor operation(StateMachineDescriptor m, String name) {
        return m.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    private static String stable(StateMachineDescriptor m) {
        return m.states().stream().filter(s -> s.kind() == StateKind.STABLE).map(StateDescriptor::name).findFirst()
                .orElseThrow();
    }

    private static StateKind kind(StateMachineDescriptor m, String state) {
        return m.states().stream().filter(s -> s.name().equals(state)).map(StateDescriptor::kind).findFirst()
                .orElse(StateKind.ERROR);
    }

    private static <T> List<T> replace(List<T> list, int i, T value) {
        List<T> copy = new ArrayList<>(list);
        copy.set(i, value);
        return List.copyOf(copy);
    }

    private static List<String> append(List<String> trace, String step) {
        List<String> copy = new ArrayList<>(trace);
        copy.add(step);
        return copy;
    }
}
