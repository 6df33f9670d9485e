package io.lockstep.backend.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.backend.statemachine.ResourceMachines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The design-time checker on the machines as served (the gate: no unsafe pair, every pair judged) and
 * on deliberately broken ones, which it must catch with a counter-example a person can follow.
 */
class ConflictCheckerTest {

    private static final List<StateMachineDescriptor> ALL = ResourceMachines.describeAll().stateMachines();
    /** The kinds with operations of their own: an instance's are its leader's. */
    private static final List<StateMachineDescriptor> SERVED = ALL.stream().filter(m -> !m.followsAnother()).toList();

    @Test
    void instancesAddNoCellsOfTheirOwn() {
        assertThat(ALL).extracting(StateMachineDescriptor::follows).contains("share", "snapshot");
        List<ConflictCell> cells = new ConflictChecker(ALL).check();
        assertThat(cells).isEqualTo(new ConflictChecker(SERVED).check());
        assertThat(cells).noneMatch(c -> c.a().contains("instance") || c.b().contains("instance"));
    }

    @Test
    void theServedMachinesHaveNoUnsafePair() {
        long t0 = System.nanoTime();
        List<ConflictCell> cells = new ConflictChecker(SERVED).check();
        long micros = (System.nanoTime() - t0) / 1000;
        StringWriter report = new StringWriter();
        int unsafe = ConflictReport.print(cells, micros, new PrintWriter(report));
        System.out.print(report);
        assertThat(unsafe).as(report.toString()).isZero();
        assertThat(cells).extracting(ConflictCell::family).contains("share", "job");
    }

    @Test
    void everyPairOfEveryFamilyHasAVerdict() {
        List<ConflictCell> cells = new ConflictChecker(SERVED).check();
        Set<String> judged = cells.stream().map(c -> c.a() + " | " + c.b()).collect(Collectors.toSet());
        for (StateMachineDescriptor root : SERVED.stream().filter(m -> m.parent() == null).toList()) {
            List<String> ops = new ArrayList<>();
            for (StateMachineDescriptor m : SERVED) {
                if (rootOf(m).equals(root.resource())) {
                    // a second machine on a row is made by its host's create, whose cells cover it
                    m.operations().stream().filter(o -> !(m.onParentRow() && o.style().equals("create")))
                            .forEach(o -> ops.add(m.resource() + "." + o.name()));
                }
            }
            for (String a : ops) {
                for (String b : ops) {
                    assertThat(judged).as("a verdict for %s against %s", a, b).contains(a + " | " + b);
                }
            }
        }
    }

    @Test
    void theRacesFoundIn2016AreExclusive() {
        List<ConflictCell> cells = new ConflictChecker(SERVED).check();
        assertThat(verdicts(cells, "share.delete", "snapshot.create")).containsOnly("exclusive", "guarded");
        // on one share: its status orders them (across shares the project's quota row does, below)
        assertThat(verdicts(cells.stream().filter(c -> !c.relation().equals(ConflictChecker.QUOTA)).toList(),
                "snapshot.create", "snapshot.create")).containsOnly("exclusive");
        assertThat(verdicts(cells, "share.extend", "share.extend")).containsOnly("exclusive");
        assertThat(verdicts(cells, "share.delete", "backup.delete")).containsOnly("guarded");
        assertThat(verdicts(cells, "backup.create", "snapshot.delete")).contains("guarded");
        assertThat(verdicts(cells, "job.give_up", "job.cancel_now")).containsOnly("exclusive");
    }

    @Test
    void quotaPairsJoinTheMatrixForEveryCountedKind() {
        List<ConflictCell> cells = new ConflictChecker(SERVED).check();
        List<ConflictCell> quota = cells.stream().filter(c -> c.relation().equals(ConflictChecker.QUOTA)).toList();
        for (StateMachineDescriptor m : SERVED) {
            String create = m.resource() + ".create";
            if (m.usage() == null) {
                assertThat(quota).noneMatch(c -> c.a().startsWith(m.resource() + "."));
                continue;
            }
            assertThat(quota).as("%s at its limit", create).anyMatch(c -> c.a().equals(create) && c.b().equals(create)
                    && c.start().endsWith(ConflictChecker.AT_LIMIT) && c.verdict().equals("guarded"));
            assertThat(quota).as("%s deleted twice", m.resource()).anyMatch(c -> c.a().equals(m.resource() + ".delete")
                    && c.b().equals(m.resource() + ".delete") && c.start().endsWith(ConflictChecker.COUNTED));
        }
        assertThat(quota).extracting(ConflictCell::verdict).containsOnly("guarded");
    }

    @Test
    void everyFinishIsJudgedAgainstWhatMayTakeItsRow() {
        List<ConflictCell> cells = new ConflictChecker(SERVED).check();
        for (StateMachineDescriptor m : SERVED) {
            for (var op : m.operations()) {
                if (op.via() == null || m.onParentRow() && op.style().equals("create")) {
                    continue;
                }
                String finish = m.resource() + "." + op.name() + ConflictChecker.FINISH;
                assertThat(cells).as("%s against a lease running out", finish)
                        .anyMatch(c -> c.a().equals(finish) && c.b().equals(ConflictChecker.LEASE_EXPIRY));
                for (var y : m.operations()) {
                    if (!y.style().equals("create") && y.from().contains(op.via())) {
                        String hatch = m.resource() + "." + y.name();
                        assertThat(verdicts(cells, finish, hatch)).as("%s against %s", finish, hatch)
                                .isNotEmpty().doesNotContain("unsafe");
                    }
                }
            }
        }
        assertThat(verdicts(cells, "share.extend#finish", "share.reset_status")).containsOnly("commutative");
        assertThat(verdicts(cells, "share.extend#finish", "share.force_delete")).containsOnly("commutative");
        assertThat(verdicts(cells, "share.extend#finish", ConflictChecker.MOVE_TO_ERROR)).containsOnly("exclusive");
        assertThat(verdicts(cells, "job.claim#finish", "job.cancel_now")).isNotEmpty();
    }

    @Test
    void aShareDeleteWithoutItsBackupGuardIsCaught() {
        List<ConflictCell> cells = new ConflictChecker(edit("share", "delete", op -> withGuards(op,
                op.guards().stream().filter(g -> !g.resource().equals("backup")).toList()))).check();
        assertThat(unsafe(cells)).anySatisfy(c -> {
            assertThat(c.a()).isEqualTo("share.delete");
            assertThat(c.b()).startsWith("backup.");
            assertThat(c.reason()).contains("no guard on backups").contains("without a live parent");
        });
    }

    @Test
    void twoOperationsSharingATransitionalStateAreCaught() {
        List<ConflictCell> cells = new ConflictChecker(edit("share", "extend", op -> new OperationDescriptor(
                op.name(), op.style(), op.from(), "shrinking", op.success(), op.errors(), op.role(), op.guards(),
                op.description(), op.trigger()))).check();
        assertThat(unsafe(cells)).anySatisfy(c -> assertThat(c.reason()).contains("both hold shrinking"));
    }

    @Test
    void anOperatorOperationStartingFromAnothersTransitionalStateIsCaught() {
        List<ConflictCell> cells = new ConflictChecker(edit("share", "delete", op -> {
            List<String> from = new ArrayList<>(op.from());
            from.add("extending");
            return new OperationDescriptor(op.name(), op.style(), from, op.via(), op.success(), op.errors(),
                    op.role(), op.guards(), op.description(), op.trigger());
        })).check();
        assertThat(unsafe(cells)).anySatisfy(c -> {
            assertThat(c.a() + " " + c.b()).contains("share.extend").contains("share.delete");
            assertThat(c.reason()).contains("two owners of one transitional state");
        });
    }

    @Test
    void aChildCreateThatDoesNotHoldItsParentIsCaught() {
        List<ConflictCell> cells = new ConflictChecker(edit("snapshot", "create", op -> withGuards(op, List.of())))
                .check();
        assertThat(unsafe(cells)).anySatisfy(c -> assertThat(c.reason())
                .contains("snapshot.create does not hold its share"));
    }

    private static List<String> verdicts(List<ConflictCell> cells, String a, String b) {
        return cells.stream().filter(c -> c.a().equals(a) && c.b().equals(b)).map(ConflictCell::verdict).toList();
    }

    private static List<ConflictCell> unsafe(List<ConflictCell> cells) {
        return cells.stream().filter(c -> c.verdict().equals("unsafe")).toList();
    }

    private static String rootOf(StateMachineDescriptor m) {
        StateMachineDescriptor at = m;
        while (at.parent() != null) {
            String parent = at.parent();
            at = SERVED.stream().filter(x -> x.resource().equals(parent)).findFirst().orElseThrow();
        }
        return at.resource();
    }

    private static OperationDescriptor withGuards(OperationDescriptor op, List<GuardDescriptor> guards) {
        return new OperationDescriptor(op.name(), op.style(), op.from(), op.via(), op.success(), op.errors(),
                op.role(), guards, op.description(), op.trigger());
    }

    /** The served machines with one operation changed. */
    private static List<StateMachineDescriptor> edit(String resource, String operation,
                                                     UnaryOperator<OperationDescriptor> change) {
        return SERVED.stream().map(m -> !m.resource().equals(resource) ? m : new StateMachineDescriptor(
                m.resource(), m.parent(), m.states(), m.operations().stream()
                .map(o -> o.name().equals(operation) ? change.apply(o) : o).toList())).toList();
    }
}
