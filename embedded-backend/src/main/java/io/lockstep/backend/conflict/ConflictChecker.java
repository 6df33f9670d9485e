package io.lockstep.backend.conflict;

import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The design-time checker: from the machine descriptors alone, every ordered pair of operations of a
 * resource family (the same operation twice, siblings, parent against child), from every starting
 * configuration both allow, gets a verdict. It relies on what the service guarantees for every
 * operation's first step: a test-and-set on the status under the family lock, with the operation's
 * guards, and a parent operation begun in the same transaction. Stateless and thread-safe.
 */
public final class ConflictChecker {

    /** What the rules make of two operations started together. */
    public enum Verdict {
        /** Exactly one can win; the other is refused naming the state it found. */
        EXCLUSIVE,
        /** The rules allow both, and no invariant breaks. */
        COMMUTATIVE,
        /** The conflict runs through another table (a guard over children), under the same family lock. */
        GUARDED,
        /** The rules as written let both through and break an invariant. */
        UNSAFE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Op(StateMachineDescriptor machine, OperationDescriptor op) {
        String name() {
            return machine.resource() + "." + op.name();
        }

        boolean creates() {
            return op.style().equals("create");
        }

        boolean sets() {
            return op.style().equals("set");
        }

        boolean admin() {
            return "admin".equals(op.role());
        }

        Optional<GuardDescriptor> parentOperation() {
            return op.guards().stream().filter(g -> g.kind().equals("parent_operation")).findFirst();
        }

        Optional<GuardDescriptor> parentIn() {
            return op.guards().stream().filter(g -> g.kind().equals("parent_in")).findFirst();
        }

        Optional<GuardDescriptor> unique() {
            return op.guards().stream().filter(g -> g.kind().equals("unique")).findFirst();
        }

        /** The states its first step leaves its row in: its transitional state, or those it may set. */
        List<String> after() {
            return sets() ? op.success() : op.via() == null ? List.of() : List.of(op.via());
        }

        boolean guardsChildren(String childResource) {
            return op.guards().stream()
                    .anyMatch(g -> g.kind().equals("no_live_children") && g.resource().equals(childResource));
        }
    }

    /** What a completion cell's first operation is: the worker's finish of an operation, {@code share.extend#finish}. */
    public static final String FINISH = "#finish";
    /** The cleanup leader's move of a resource stuck with no work in progress to its operation's error state. */
    public static final String MOVE_TO_ERROR = "leader.move_to_error";
    /** A work item's lease running out, so that it is handed back and another worker redoes it. */
    public static final String LEASE_EXPIRY = "lease.expiry";
    /** The relation of a completion cell: a finish against what may take the row from its transitional state. */
    public static final String COMPLETION = "completion";
    /** The relation of a quota cell: two operations that change one project's usage of a quota resource. */
    public static final String QUOTA = "quota";
    /** A quota cell's start: the project one short of its count limit, or with two resources counted. */
    public static final String AT_LIMIT = " one short of its limit";
    public static final String COUNTED = " counting two";

    private final Map<String, StateMachineDescriptor> machines = new LinkedHashMap<>();

    public ConflictChecker(List<StateMachineDescriptor> descriptors) {
        // an instance's cells are its leader's
        descriptors.stream().filter(m -> !m.followsAnother()).forEach(m -> machines.put(m.resource(), m));
    }

    /** Every cell of every family, families in declaration order. */
    public List<ConflictCell> check() {
        List<ConflictCell> cells = new ArrayList<>();
        for (StateMachineDescriptor m : machines.values()) {
            if (m.parent() == null) {
                cells.addAll(family(m));
            }
        }
        for (StateMachineDescriptor m : machines.values()) {
            m.operations().forEach(o -> cells.addAll(madeInAnotherFamily(new Op(m, o))));
        }
        return cells;
    }

    /**
     * A create made on a resource of another family ({@code source_in}: a share on a share server): it takes
     * that family's lock, so it is paired with every operation of that family that could change what it
     * reads, in both orders. When the source is made on demand by this very create ({@code made_by}), two
     * such creates meet on the family lock too: the second reuses what the first made.
     */
    private List<ConflictCell> madeInAnotherFamily(Op p) {
        List<ConflictCell> cells = new ArrayList<>();
        for (GuardDescriptor g : p.op().guards()) {
            if (!g.kind().equals("source_in") || !machines.containsKey(g.resource())) {
                continue;
            }
            StateMachineDescriptor source = machine(g.resource());
            StateMachineDescriptor root = root(source);
            if (root == root(p.machine())) {
                continue;
            }
            for (StateMachineDescriptor member : machines.values()) {
                if (root(member) != root) {
                    continue;
                }
                for (OperationDescriptor o : member.operations()) {
                    Op c = new Op(member, o);
                    if (c.creates()) {
                        continue;
                    }
                    if (member == source) {
                        cells.add(madeFrom(root, p, c, g, "made-from", false));
                        cells.add(madeFrom(root, p, c, g, "made-from", true));
                    } else if (isAncestor(member, source) && c.op().success().contains(terminal(member))) {
                        String reason = p.name() + " takes the " + root.resource() + " family lock and reads the "
                                + member.resource() + " under it: if " + c.name() + " commits first, " + p.name()
                                + " finds it " + String.join("|", c.after()) + " and is refused naming that state; if "
                                + p.name() + " commits first, " + c.name() + " is refused while a " + source.resource()
                                + " (or the new " + p.machine().resource() + ") uses it";
                        cells.add(ordered(root, p, c, "made-from", member.resource() + "=" + String.join("|",
                                c.op().from()), Verdict.GUARDED, reason, false));
                        cells.add(ordered(root, p, c, "made-from", member.resource() + "=" + String.join("|",
                                c.op().from()), Verdict.GUARDED, reason, true));
                    }
                }
            }
            boolean madeHere = source.operations().stream().anyMatch(o -> o.trigger() != null
                    && o.trigger().kind().equals("made_by") && o.trigger().action().equals(p.name()));
            if (madeHere) {
                cells.add(cell(root, p, p, "made-from", root.resource() + "=*, no " + source.resource() + " yet",
                        Verdict.GUARDED, "both take the " + root.resource() + " family lock to find or make the "
                        + source.resource() + ": the first inserts it (and queues its setup), the second finds it in "
                        + String.join(" or ", g.states()) + " and reuses it; never two made for one place"));
            }
        }
        return cells;
    }

    private List<ConflictCell> family(StateMachineDescriptor root) {
        List<StateMachineDescriptor> members = new ArrayList<>();
        for (StateMachineDescriptor m : machines.values()) {
            if (root(m) == root) {
                members.add(m);
            }
        }
        List<Op> ops = new ArrayList<>();
        // a second machine on a row is made with it, by the host's create: those creates are the host's cells
        members.forEach(m -> m.operations().stream().filter(o -> !(m.onParentRow() && o.style().equals("create")))
                .forEach(o -> ops.add(new Op(m, o))));
        List<ConflictCell> cells = new ArrayList<>();
        members.forEach(m -> cells.addAll(sharedTransitionalStates(root, m)));
        for (Op a : ops) {
            for (Op b : ops) {
                cells.addAll(pair(root, a, b));
            }
        }
        for (Op a : ops) {
            cells.addAll(completion(root, a, ops));
        }
        members.forEach(m -> cells.addAll(quota(root, m)));
        return cells;
    }

    /**
     * Quota cells of a counted kind: two creates in one project at its limit (across families: each
     * create is a family of its own, so no family lock orders them; the project's usage row does), and
     * every pair of operations that end a resource (racing deletes must give its usage back once).
     */
    private List<ConflictCell> quota(StateMachineDescriptor root, StateMachineDescriptor m) {
        if (m.usage() == null) {
            return List.of();
        }
        String count = m.usage().count();
        String gigabytes = m.usage().gigabytes();
        String terminal = m.states().stream().filter(s -> s.kind() == StateKind.TERMINAL).map(s -> s.name())
                .findFirst().orElseThrow();
        List<ConflictCell> cells = new ArrayList<>();
        m.operations().stream().filter(o -> o.style().equals("create")).findFirst().ifPresent(create -> {
            Op c = new Op(m, create);
            cells.add(cell(root, c, c, QUOTA, "project " + count + AT_LIMIT, Verdict.GUARDED, "both charge the "
                    + "project's " + count + " and " + gigabytes + " rows (and the user's and share type's) by a "
                    + "conditional update in their create's transaction, the rows locked after the event counter: "
                    + "the first to commit takes the last one, the other is refused with 413 naming the limit; usage "
                    + "never passes it"));
        });
        List<Op> ending = m.operations().stream().filter(o -> o.success().contains(terminal)).map(o -> new Op(m, o))
                .toList();
        for (int i = 0; i < ending.size(); i++) {
            for (int j = i; j < ending.size(); j++) {
                cells.add(cell(root, ending.get(i), ending.get(j), QUOTA, "project " + count + COUNTED,
                        Verdict.GUARDED, "usage is given back by the change into " + terminal + " in its "
                        + "transaction, and only one change can make it (a test-and-set on the status): the "
                        + m.resource() + " stops counting once, never below zero"));
            }
        }
        return cells;
    }

    /**
     * Completion-phase cells: the worker's finish of {@code x} (a test-and-set from its transitional state,
     * fenced by the work's owner) against every operation that may take the row from that state (the
     * admin's escape hatches), the cleanup leader's move-to-error and the lease running out under it.
     */
    private List<ConflictCell> completion(StateMachineDescriptor root, Op x, List<Op> ops) {
        String via = x.op().via();
        if (via == null) {
            return List.of();
        }
        StateMachineDescriptor m = x.machine();
        String r = m.resource();
        String finish = x.name() + FINISH;
        String start = r + "=" + via;
        List<ConflictCell> cells = new ArrayList<>();
        for (Op y : ops) {
            if (y.machine() != m || y.creates() || !y.op().from().contains(via)) {
                continue;
            }
            Optional<String> after = x.op().success().stream().filter(s -> y.op().from().contains(s)).findFirst();
            String takes = y.sets() ? "sets the " + r + " to " + String.join("|", y.op().success())
                    : "moves the " + r + " to " + y.op().via();
            String superseded = "if " + y.name() + " commits first it " + takes + ", and " + finish + " fails its "
                    + "test-and-set on " + via + " and is closed as superseded";
            cells.add(ConflictCell.judged(root.resource(), finish, y.name(), COMPLETION, start,
                    (after.isPresent() ? Verdict.COMMUTATIVE : Verdict.EXCLUSIVE).wireName(), after.isPresent()
                    ? superseded + "; if the finish commits first the " + r + " is " + after.get() + ", from which "
                            + y.name() + " applies too: the " + r + " ends as " + y.name() + " left it either way"
                    : superseded + "; if the finish commits first, " + y.name() + " is refused naming the state"));
        }
        if (!root.resource().equals("job")) {
            String error = x.op().errors().isEmpty() ? "error" : x.op().errors().get(0);
            cells.add(ConflictCell.judged(root.resource(), finish, MOVE_TO_ERROR, COMPLETION, start,
                    Verdict.EXCLUSIVE.wireName(), "both are test-and-sets on " + via + ": the sweep moves the " + r
                    + " to " + error + " only when no work is pending for it, the finish writes only while its work "
                    + "item is pending and its own; whichever commits first wins and the other finds the row moved"));
        }
        cells.add(ConflictCell.judged(root.resource(), finish, LEASE_EXPIRY, COMPLETION, start,
                Verdict.EXCLUSIVE.wireName(), "the hand-back clears the owner by test-and-set; a finish after it "
                + "fails its owner check (nothing written), and the worker that takes the work over redoes the "
                + "idempotent call and finishes once: exactly one finish, one event"));
        return cells;
    }

    private StateMachineDescriptor root(StateMachineDescriptor m) {
        StateMachineDescriptor at = m;
        while (at.parent() != null) {
            at = machine(at.parent());
        }
        return at;
    }

    private StateMachineDescriptor machine(String resource) {
        StateMachineDescriptor m = machines.get(resource);
        if (m == null) {
            throw new IllegalArgumentException("no machine for " + resource);
        }
        return m;
    }

    private boolean isAncestor(StateMachineDescriptor maybeAncestor, StateMachineDescriptor m) {
        for (StateMachineDescriptor at = m; at.parent() != null; ) {
            at = machine(at.parent());
            if (at == maybeAncestor) {
                return true;
            }
        }
        return false;
    }

    /** Two operations holding the same transitional state with different outcomes cannot be told apart. */
    private List<ConflictCell> sharedTransitionalStates(StateMachineDescriptor root, StateMachineDescriptor m) {
        List<ConflictCell> cells = new ArrayList<>();
        List<OperationDescriptor> ops = m.operations();
        for (int i = 0; i < ops.size(); i++) {
            for (int j = i + 1; j < ops.size(); j++) {
                OperationDescriptor x = ops.get(i);
                OperationDescriptor y = ops.get(j);
                boolean sameOutcomes = Set.copyOf(x.success()).equals(Set.copyOf(y.success()))
                        && Set.copyOf(x.errors()).equals(Set.copyOf(y.errors()));
                if (x.via() != null && x.via().equals(y.via()) && !sameOutcomes) {
                    cells.add(cell(root, new Op(m, x), new Op(m, y), "same", m.resource() + "=" + x.via(),
                            Verdict.UNSAFE, m.resource() + "." + x.name() + " and " + m.resource() + "." + y.name()
                                    + " both hold " + x.via() + " but end differently (" + x.success() + "/"
                                    + x.errors() + " against " + y.success() + "/" + y.errors() + "): a " + m.resource()
                                    + " found stuck in " + x.via() + " cannot be finished for the right one"));
                }
            }
        }
        return cells;
    }

    private List<ConflictCell> pair(StateMachineDescriptor root, Op a, Op b) {
        StateMachineDescriptor ma = a.machine();
        StateMachineDescriptor mb = b.machine();
        if (ma == mb) {
            return sameKind(root, a, b);
        }
        if (isAncestor(ma, mb)) {
            return parentChild(root, a, b, "parent-child", false);
        }
        if (isAncestor(mb, ma)) {
            return parentChild(root, b, a, "child-parent", true);
        }
        return siblings(root, a, b);
    }

    private List<ConflictCell> sameKind(StateMachineDescriptor root, Op a, Op b) {
        String r = a.machine().resource();
        if (!a.creates() && !b.creates()) {
            List<ConflictCell> cells = new ArrayList<>(sameRow(root, a, b, a, b, "same", ""));
            // two resources of the kind that begin their parent's operations meet on the parent's row
            if (a.parentOperation().isPresent() && b.parentOperation().isPresent()) {
                cells.addAll(throughParent(root, a, b, "siblings"));
            }
            return cells;
        }
        if (a.creates() && b.creates()) {
            if (a.parentOperation().isPresent() && b.parentOperation().isPresent()) {
                return throughParent(root, a, b, "siblings");
            }
            if (a.op() == b.op() && a.unique().isPresent()) {
                List<String> columns = a.unique().get().columns();
                return List.of(cell(root, a, b, "siblings", root.resource() + "=*, both naming the same "
                        + String.join(" and ", columns), Verdict.GUARDED, "each create looks for a live " + r
                        + " of the " + machine(a.machine().parent()).resource() + " with the same "
                        + String.join(" and ", columns) + " under the " + root.resource() + " family lock before "
                        + "it inserts: the second finds the first and is refused with 400; two different ones both "
                        + "apply"));
            }
            return List.of(cell(root, a, b, "siblings", "nothing", Verdict.COMMUTATIVE,
                    "two new " + r + "s: no row in common"));
        }
        return siblings(root, a, b);
    }

    /** {@code p} acts on the parent (or an ancestor), {@code c} on a child of it. */
    private List<ConflictCell> parentChild(StateMachineDescriptor root, Op p, Op c, String relation,
                                           boolean swapped) {
        if (c.machine().onParentRow() && isChild(c.machine(), p.machine()) && !readsParent(p, c)) {
            return List.of(sameRowOtherColumn(root, p, c, swapped));
        }
        String child = c.machine().resource();
        String parent = p.machine().resource();
        boolean endsParent = p.op().success().contains(terminal(p.machine()));
        List<ConflictCell> cells = new ArrayList<>();
        Optional<GuardDescriptor> source = p.creates() ? p.op().guards().stream()
                .filter(g -> g.kind().equals("source_in") && g.resource().equals(child)).findFirst() : Optional.empty();
        if (source.isPresent() && !c.creates()) {
            cells.add(madeFrom(root, p, c, source.get(), relation, swapped));
            return cells;
        }
        if (c.creates()) {
            if (p.guardsChildren(child)) {
                cells.add(ordered(root, p, c, relation, parent + "=*, a live " + child + " exists", Verdict.GUARDED,
                        p.name() + " is refused while any " + child + " is live (its guard reads the " + child
                                + " table under the " + root.resource() + " family lock)", swapped));
            }
            Optional<GuardDescriptor> pop = c.parentOperation();
            if (pop.isPresent()) {
                Op parentOp = new Op(machine(pop.get().resource()), operation(machine(pop.get().resource()),
                        pop.get().operation()));
                cells.addAll(sameRowOrdered(root, p, parentOp, p, c, relation, " (" + c.name() + " begins "
                        + parentOp.name() + " in the same transaction)", swapped));
            } else if (readsParent(p, c)) {
                cells.add(parentRead(root, p, c, relation, parent + "=*", swapped));
            } else if (endsParent) {
                cells.add(ordered(root, p, c, relation, parent + "=*", Verdict.UNSAFE, c.name()
                        + " does not hold its " + parent + ": " + p.name() + " can delete the " + parent
                        + " while a " + child + " is being created, leaving it without a live parent", swapped));
            } else {
                cells.add(ordered(root, p, c, relation, parent + "=*", Verdict.COMMUTATIVE,
                        "different rows; no rule links them", swapped));
            }
            return cells;
        }
        String childStates = String.join("|", c.op().from());
        if (p.guardsChildren(child)) {
            cells.add(ordered(root, p, c, relation, parent + "=*, " + child + "=" + childStates, Verdict.GUARDED,
                    p.name() + " is refused while the " + child + " is live (its guard reads the " + child
                            + " table under the " + root.resource() + " family lock)", swapped));
        } else if (readsParent(p, c)) {
            cells.add(parentRead(root, p, c, relation, parent + "=*, " + child + "=" + childStates, swapped));
        } else if (endsParent && !p.sets()) {
            cells.add(ordered(root, p, c, relation, parent + "=*, " + child + "=" + childStates, Verdict.UNSAFE,
                    p.name() + " has no guard on " + child + "s: it deletes the " + parent + " while a " + child
                            + " is " + childStates + ", and the " + child + " is left without a live parent", swapped));
        } else if (c.parentOperation().isPresent()) {
            GuardDescriptor pop = c.parentOperation().get();
            Op parentOp = new Op(machine(pop.resource()), operation(machine(pop.resource()), pop.operation()));
            cells.addAll(sameRowOrdered(root, p, parentOp, p, c, relation, " (" + c.name() + " begins "
                    + parentOp.name() + " in the same transaction)", swapped));
        } else {
            cells.add(ordered(root, p, c, relation, parent + "=*, " + child + "=" + childStates,
                    Verdict.COMMUTATIVE, "different rows; no rule links them", swapped));
        }
        return cells;
    }

    /**
     * {@code c} is a second machine on {@code p}'s row: each is a test-and-set on its own column under the
     * family lock, so they serialise; they conflict only where one's guard reads the other's column
     * ({@code column_not_in}: the active replica is not deleted).
     */
    private ConflictCell sameRowOtherColumn(StateMachineDescriptor root, Op p, Op c, boolean swapped) {
        String column = c.machine().column();
        String start = p.machine().resource() + "=" + String.join("|", p.creates() ? List.of("*") : p.op().from())
                + ", " + column + "=" + String.join("|", c.op().from());
        Optional<GuardDescriptor> reads = p.op().guards().stream().filter(g -> g.kind().equals("column_not_in")
                && g.columns() != null && g.columns().contains(column)).findFirst();
        if (reads.isPresent()) {
            List<String> refused = c.after().stream().filter(reads.get().states()::contains).toList();
            return ordered(root, p, c, "same-row", start, Verdict.GUARDED, p.name() + " reads " + column
                    + " in its own conditional update and is refused while it is " + String.join(" or ",
                    reads.get().states()) + (refused.isEmpty() ? "; " + c.name() + " never moves it there, so both "
                    + "apply in either order" : ": after " + c.name() + " moves it to " + String.join("|", refused)
                    + ", " + p.name() + " is refused naming it; before, both apply"), swapped);
        }
        return ordered(root, p, c, "same-row", start, Verdict.COMMUTATIVE, "one row, two columns: " + p.name()
                + " changes its status and " + c.name() + " its " + column + ", each by a test-and-set on its own "
                + "column under the " + root.resource() + " family lock; neither reads the other's", swapped);
    }

    /**
     * {@code p} makes a new {@code p}-kind resource from {@code c}'s row (a share from a snapshot): it reads
     * that row's status under the family lock it takes for the create; {@code c}'s step either leaves the
     * row where {@code p} may still start, or {@code p} is refused naming it; and if {@code p} commits first,
     * {@code c} is refused while the new resource is being made, if it declares so ({@code no_referrers}).
     */
    private ConflictCell madeFrom(StateMachineDescriptor root, Op p, Op c, GuardDescriptor source, String relation,
                                  boolean swapped) {
        String child = c.machine().resource();
        String made = p.machine().resource();
        Optional<GuardDescriptor> referrers = c.op().guards().stream()
                .filter(g -> g.kind().equals("no_referrers") && g.resource().equals(made)).findFirst();
        List<String> blocked = c.after().stream().filter(s -> !source.states().contains(s)).toList();
        // where both may start, if anywhere; else wherever c may
        List<String> both = c.op().from().stream().filter(source.states()::contains).toList();
        String start = child + "=" + String.join("|", both.isEmpty() ? c.op().from() : both);
        String first = blocked.isEmpty() ? c.name() + " leaves the " + child + " " + String.join("|", c.after())
                + ", from which " + p.name() + " may still start"
                : "after " + c.name() + " moves the " + child + " to " + String.join("|", blocked) + ", " + p.name()
                        + " is refused naming that state (it reads it under the " + root.resource()
                        + " family lock, which it takes for the create)";
        String second = referrers.isPresent() ? "if " + p.name() + " commits first, " + c.name() + " is refused while "
                + "the new " + made + " is " + String.join(" or ", referrers.get().states()) + " (its no_referrers guard)"
                : "if " + p.name() + " commits first, " + c.name() + " applies and the new " + made + " keeps what it "
                        + "was made from";
        Verdict v = blocked.isEmpty() && referrers.isEmpty() ? Verdict.COMMUTATIVE : Verdict.GUARDED;
        return ordered(root, p, c, relation, start, v, first + "; " + second, swapped);
    }

    /**
     * Whether {@code c}'s rules link it to {@code p}'s row without changing it: it reads the parent's
     * status ({@code parent_in}), or it ends with the parent.
     */
    private boolean readsParent(Op p, Op c) {
        boolean endsParent = p.op().success().contains(terminal(p.machine()));
        return c.parentIn().filter(g -> g.resource().equals(p.machine().resource())).isPresent()
                || endsParent && endsWith(c.machine(), p.machine());
    }

    /** Whether {@code m} ends with {@code ancestor}: it, and each kind between them, ends with its parent. */
    private boolean endsWith(StateMachineDescriptor m, StateMachineDescriptor ancestor) {
        for (StateMachineDescriptor at = m; at.endsWithParent() && at.parent() != null; ) {
            at = machine(at.parent());
            if (at == ancestor) {
                return true;
            }
        }
        return false;
    }

    private boolean isChild(StateMachineDescriptor child, StateMachineDescriptor parent) {
        return parent.resource().equals(child.parent());
    }

    /**
     * {@code c} reads its parent's status under the family lock (or ends with it): after {@code p}'s
     * step leaves the parent where {@code c} may not start, {@code c} is refused naming it; if {@code c}
     * commits first {@code p} still applies, and a child that ends with its parent ends in the parent's
     * final transaction, so none outlives it.
     */
    private ConflictCell parentRead(StateMachineDescriptor root, Op p, Op c, String relation, String start,
                                    boolean swapped) {
        String parent = p.machine().resource();
        String child = c.machine().resource();
        boolean endsParent = p.op().success().contains(terminal(p.machine()));
        String cascade = endsParent && endsWith(c.machine(), p.machine()) ? "; the " + child + " ends with the " + parent
                + " in the transaction that deletes it, so none outlives it" : "";
        Optional<GuardDescriptor> in = c.parentIn().filter(g -> g.resource().equals(parent));
        if (in.isEmpty()) {
            return ordered(root, p, c, relation, start, Verdict.COMMUTATIVE, "the rules allow both" + cascade, swapped);
        }
        List<String> blocked = p.after().stream().filter(s -> !in.get().states().contains(s)).toList();
        if (blocked.isEmpty()) {
            return ordered(root, p, c, relation, start, Verdict.COMMUTATIVE, c.name() + " needs the " + parent + " "
                    + String.join(" or ", in.get().states()) + ", which " + p.name() + " leaves it in" + cascade, swapped);
        }
        return ordered(root, p, c, relation, start, Verdict.GUARDED, c.name() + " reads the " + parent
                + "'s status under the " + root.resource() + " family lock and needs it " + String.join(" or ",
                in.get().states()) + ": after " + p.name() + " moves it to " + String.join("|", blocked) + ", "
                + c.name() + " is refused naming that state; if " + c.name() + " commits first, " + p.name()
                + " still applies" + cascade, swapped);
    }

    /** Resources of different kinds (or two of one kind) under the same parent. */
    private List<ConflictCell> siblings(StateMachineDescriptor root, Op a, Op b) {
        Optional<GuardDescriptor> popA = a.parentOperation();
        Optional<GuardDescriptor> popB = b.parentOperation();
        List<ConflictCell> cells = new ArrayList<>();
        // a live sibling refused by the other's parent operation's guard (a backup while a snapshot is live)
        guardedByParentOperation(root, a, b, a, b).ifPresent(cells::add);
        guardedByParentOperation(root, b, a, a, b).ifPresent(cells::add);
        // one moves the parent by its parent operation, the other reads the parent's status
        parentOperationAgainstRead(root, a, b, a, b).ifPresent(cells::add);
        parentOperationAgainstRead(root, b, a, a, b).ifPresent(cells::add);
        if (popA.isPresent() && popB.isPresent()) {
            cells.addAll(throughParent(root, a, b, "siblings"));
        } else if (cells.isEmpty()) {
            cells.add(cell(root, a, b, "siblings", "*", Verdict.COMMUTATIVE, "different rows; no rule links them"));
        }
        return cells;
    }

    private Optional<ConflictCell> parentOperationAgainstRead(StateMachineDescriptor root, Op mover, Op reader, Op a,
                                                             Op b) {
        return mover.parentOperation().flatMap(pop -> reader.parentIn()
                .filter(g -> g.resource().equals(pop.resource()))
                .map(g -> {
                    Op parentOp = new Op(machine(pop.resource()), operation(machine(pop.resource()), pop.operation()));
                    boolean refused = parentOp.after().stream().anyMatch(s -> !g.states().contains(s));
                    return cell(root, a, b, "siblings", pop.resource() + "=" + String.join("|", parentOp.op().from()),
                            refused ? Verdict.GUARDED : Verdict.COMMUTATIVE, mover.name() + " begins "
                                    + parentOp.name() + " (the " + pop.resource() + " to " + parentOp.op().via()
                                    + ") and " + reader.name() + " reads the " + pop.resource() + "'s status, both "
                                    + "under the " + root.resource() + " family lock: " + (refused ? "after "
                                    + mover.name() + ", " + reader.name() + " is refused naming the state; before, "
                                    + "both apply" : "both apply in either order"));
                }));
    }

    private Optional<ConflictCell> guardedByParentOperation(StateMachineDescriptor root, Op creator, Op other,
                                                            Op a, Op b) {
        if (other.creates()) {
            return Optional.empty();
        }
        return creator.parentOperation().flatMap(pop -> {
            Op parentOp = new Op(machine(pop.resource()), operation(machine(pop.resource()), pop.operation()));
            String otherKind = other.machine().resource();
            if (!parentOp.guardsChildren(otherKind)) {
                return Optional.empty();
            }
            return Optional.of(cell(root, a, b, "siblings", otherKind + "=" + String.join("|",
                            other.op().from()), Verdict.GUARDED, creator.name() + " begins " + parentOp.name()
                            + ", which is refused while any " + otherKind + " is live (under the "
                            + root.resource() + " family lock)"));
        });
    }

    /** Both begin an operation of their common parent: they meet on the parent's row. */
    private List<ConflictCell> throughParent(StateMachineDescriptor root, Op a, Op b, String relation) {
        GuardDescriptor popA = a.parentOperation().orElseThrow();
        GuardDescriptor popB = b.parentOperation().orElseThrow();
        StateMachineDescriptor parent = machine(popA.resource());
        Op pa = new Op(parent, operation(parent, popA.operation()));
        Op pb = new Op(machine(popB.resource()), operation(machine(popB.resource()), popB.operation()));
        return sameRow(root, pa, pb, a, b, relation, " (on the " + parent.resource() + ": " + a.name() + " begins "
                + pa.name() + ", " + b.name() + " begins " + pb.name() + ")");
    }

    private List<ConflictCell> sameRowOrdered(StateMachineDescriptor root, Op x, Op y, Op shownX, Op shownY,
                                              String relation, String through, boolean swapped) {
        return swapped ? sameRow(root, y, x, shownY, shownX, relation, through)
                : sameRow(root, x, y, shownX, shownY, relation, through);
    }

    /**
     * Two first steps on one row from each state both allow: each is a test-and-set under the family lock,
     * so they serialise; what matters is whether the second still finds a state it may start from.
     */
    private List<ConflictCell> sameRow(StateMachineDescriptor root, Op x, Op y, Op shownX, Op shownY,
                                       String relation, String through) {
        StateMachineDescriptor m = x.machine();
        List<ConflictCell> cells = new ArrayList<>();
        List<String> common = m.states().stream().map(StateDescriptor::name)
                .filter(s -> x.op().from().contains(s) && y.op().from().contains(s)).toList();
        if (common.isEmpty()) {
            cells.add(cell(root, shownX, shownY, relation, m.resource() + " in no common state", Verdict.EXCLUSIVE,
                    "never both from one state: " + x.name() + " needs " + x.op().from() + ", " + y.name()
                            + " needs " + y.op().from() + through));
            return cells;
        }
        // what the second finds after the first's step does not depend on where both started
        Optional<String> xy = secondAllowed(m, x, y);
        Optional<String> yx = secondAllowed(m, y, x);
        for (String s : common) {
            String start = m.resource() + "=" + s;
            if (xy.isEmpty() && yx.isEmpty()) {
                cells.add(cell(root, shownX, shownY, relation, start, Verdict.EXCLUSIVE, "whichever commits first "
                        + "moves the " + m.resource() + " to " + after(x) + " or " + after(y) + "; the other is "
                        + "refused naming it" + through));
                continue;
            }
            Op first = xy.isPresent() ? x : y;
            Op second = xy.isPresent() ? y : x;
            String found = xy.isPresent() ? xy.get() : yx.get();
            if (kind(m, found) == StateKind.TRANSITIONAL && !found.equals(s)) {
                if (second.admin()) {
                    cells.add(cell(root, shownX, shownY, relation, start, Verdict.COMMUTATIVE, second.name()
                            + " (admin) may take the " + m.resource() + " from " + first.name() + "'s " + found
                            + ": an escape hatch; " + first.name() + "'s finish then fails its test-and-set on "
                            + found + " and its work is closed as superseded" + through));
                } else {
                    cells.add(cell(root, shownX, shownY, relation, start, Verdict.UNSAFE, second.name()
                            + " may start from " + found + ", which " + first.name() + " holds: two owners of one "
                            + "transitional state (after " + first.name() + " from " + s + ", " + second.name()
                            + " is allowed)" + through));
                }
            } else {
                cells.add(cell(root, shownX, shownY, relation, start, Verdict.COMMUTATIVE, "the rules allow both: "
                        + "after " + first.name() + " the " + m.resource() + " is " + found + ", from which "
                        + second.name() + " may start" + through));
            }
        }
        return cells;
    }

    /** The state after {@code first}'s step from which {@code second} may still start, if any. */
    private static Optional<String> secondAllowed(StateMachineDescriptor m, Op first, Op second) {
        List<String> afterFirst = first.sets() ? first.op().success() : List.of(first.op().via());
        return afterFirst.stream().filter(t -> second.op().from().contains(t)).findFirst();
    }

    private static String after(Op o) {
        return o.sets() ? String.join("|", o.op().success()) : o.op().via();
    }

    private static StateKind kind(StateMachineDescriptor m, String state) {
        return m.states().stream().filter(s -> s.name().equals(state)).map(StateDescriptor::kind).findFirst()
                .orElse(StateKind.ERROR);
    }

    private static String terminal(StateMachineDescriptor m) {
        return m.states().stream().filter(s -> s.kind() == StateKind.TERMINAL).map(StateDescriptor::name)
                .findFirst().orElse("");
    }

    private static OperationDescriptor operation(StateMachineDescriptor m, String name) {
        return m.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no operation " + name + " on " + m.resource()));
    }

    private static ConflictCell ordered(StateMachineDescriptor root, Op p, Op c, String relation, String start,
                                        Verdict v, String reason, boolean swapped) {
        return swapped ? cell(root, c, p, relation, start, v, reason) : cell(root, p, c, relation, start, v, reason);
    }

    private static ConflictCell cell(StateMachineDescriptor root, Op a, Op b, String relation, String start,
                                     Verdict v, String reason) {
        return ConflictCell.judged(root.resource(), a.name(), b.name(), relation, start, v.wireName(), reason);
    }
}
