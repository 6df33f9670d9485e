package io.lockstep.backend.lab;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.LabResetReport;
import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.api.lab.ReplicationSettings;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.conflict.DescriptorClient;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts the lab back to a known state in one action: every node running again, every resource ended
 * through the public API (so each end is a transition with its event, refused or allowed by the same
 * rules as anyone's request), and the simulated storage's settings back to the lab's. Nothing is
 * deleted behind the service's back.
 *
 * <p>Which resources and how: every served kind a client ends itself (not an instance that follows its
 * share, not a rule or replica that ends with its share), children before parents; each with the
 * operation its declaration says ends it from its status ({@link StateMachine#endingOperation}), an
 * operator's {@code delete} before an admin's {@code force_delete}. A resource whose work is running is
 * left to finish for a while, then ended from there if its machine allows it. Refusals (a parent whose
 * children are still going) are tried again in the next round.
 */
final class LabReset {

    /** While resetting: quick storage that does not fail, so that the ends finish in seconds. */
    private static final DriverSettings QUICK = new DriverSettings(5L, 20L, 0.0, null, null);
    private static final NetworkPluginSettings QUICK_NETWORK = new NetworkPluginSettings(5L, 20L, 0.0, null);
    /** How long running work is left to finish before its resource is ended from where it is. */
    private static final Duration LET_WORK_FINISH = Duration.ofSeconds(10);
    private static final Duration AT_MOST = Duration.ofSeconds(120);

    private record Live(StateMachine machine, String id, String project, String status) {
    }

    private final LabCluster lab;
    private final Jdbi jdbi;

    LabReset(LabCluster lab, Jdbi jdbi) {
        this.lab = lab;
        this.jdbi = jdbi;
    }

    /** Runs the reset as the caller (an admin, whose token acts through the API). */
    LabResetReport run(String token, String project, String actor) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<String> restarted = lab.restartDownNodes(actor);
        lab.releaseStrayLocks();
        lab.storage().update(QUICK);
        lab.storage().network().update(QUICK_NETWORK);
        int ended = 0;
        List<Live> live;
        try {
            DescriptorClient api = new DescriptorClient(lab.uri(), Map.of(Role.ADMIN, token), project);
            Set<String> asked = new HashSet<>();
            live = live();
            while (!live.isEmpty() && System.nanoTime() - started < AT_MOST.toNanos()) {
                boolean workMayFinish = System.nanoTime() - started < LET_WORK_FINISH.toNanos();
                for (Live r : live) {
                    if (workMayFinish && r.machine().state(r.status()).map(s -> s.kind() == StateKind.TRANSITIONAL)
                            .orElse(false)) {
                        continue;
                    }
                    var op = r.machine().endingOperation(r.status());
                    // once per resource and status until something else ends: a refusal (a parent whose
                    // children are going) is its own event, so it is not asked again before it might pass
                    if (op.isPresent() && asked.add(r.machine().resource() + "/" + r.id() + "/" + r.status())
                            && end(api, r, op.get())) {
                        ended++;
                    }
                }
                Thread.sleep(100); // the ends run on the share nodes; look again shortly
                List<Live> before = live;
                live = live();
                if (live.size() < before.size()) {
                    asked.clear();
                }
            }
        } finally {
            // the lab's settings come back whatever happened above
            lab.storage().update(DriverSettings.DEFAULTS.merge(lab.defaultDriver()));
            lab.storage().network().update(NetworkPluginSettings.DEFAULTS);
            lab.storage().replication().update(ReplicationSettings.DEFAULTS);
        }
        List<String> remaining = live.stream().map(r -> r.machine().resource() + " " + r.id() + " (" + r.status()
                + ")").toList();
        double seconds = (System.nanoTime() - started) / 1e9;
        lab.recordReset(actor, ended, restarted, remaining.size());
        return new LabResetReport(LabResetReport.DONE, ended, restarted, remaining, Math.round(seconds * 10) / 10.0);
    }

    private static boolean end(DescriptorClient api, Live r, Operation op) throws IOException, InterruptedException {
        var machine = api.machine(r.machine().resource());
        var answer = api.inProject(r.project()).start(machine, DescriptorClient.operation(machine, op.name()), r.id(),
                Role.ADMIN, r.status());
        return answer.accepted();
    }

    /** The kinds a client ends itself, deepest first (a snapshot before its share, a server before its network). */
    static List<StateMachine> endable() {
        return ResourceMachines.served().stream()
                .filter(m -> m.wire() != null && m.leader().isEmpty() && !m.onAnotherRow() && !m.endsWithParent())
                .sorted(Comparator.comparingInt(LabReset::depth).reversed()).toList();
    }

    private static int depth(StateMachine m) {
        return m.parent().map(p -> 1 + depth(p)).orElse(0);
    }

    /** What is not yet in its terminal state, read from the lab's database (reading goes around no rule). */
    private List<Live> live() {
        List<Live> out = new ArrayList<>();
        for (StateMachine m : endable()) {
            jdbi.useHandle(h -> h.createQuery("SELECT id, project_id, " + m.column() + " AS status FROM " + m.table()
                            + " WHERE " + m.column() + " <> :terminal ORDER BY created_at")
                    .bind("terminal", m.terminalState())
                    .map((rs, ctx) -> new Live(m, rs.getString("id"), rs.getString("project_id"), rs.getString("status")))
                    .forEach(out::add));
        }
        return out;
    }
}
