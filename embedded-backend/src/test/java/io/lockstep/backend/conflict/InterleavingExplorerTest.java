package io.lockstep.backend.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.backend.statemachine.ResourceMachines;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving of up to three requests on the share family, with failures, lease expiry, stale
 * workers and the cleanup leader: none breaks an invariant on the machines as served, and deliberately
 * broken machines (or a service without the owner fence) are caught with a trace a person can follow.
 */
class InterleavingExplorerTest {

    private static final List<StateMachineDescriptor> SERVED = ResourceMachines.describeAll().stateMachines();

    @Test
    void noInterleavingOfThreeRequestsBreaksAnInvariant() {
        var result = new InterleavingExplorer(SERVED, InterleavingExplorer.Options.DEFAULTS).explore("share");
        System.out.printf("interleavings: share family, k=3: %d scenarios, %d states explored in %.1f s; %d "
                        + "violations%n", result.scenarios(), result.states(), result.micros() / 1e6,
                result.violations().size());
        assertThat(result.violations()).as(result.violations().toString()).isEmpty();
        assertThat(result.states()).isGreaterThan(result.scenarios());
    }

    @Test
    void theShareNetworkFamilyWithItsServersPhasesHasNoBrokenInterleaving() {
        var result = new InterleavingExplorer(SERVED, InterleavingExplorer.Options.DEFAULTS).explore("share_network");
        System.out.printf("interleavings: share_network family, k=3: %d scenarios, %d states explored; %d violations%n",
                result.scenarios(), result.states(), result.violations().size());
        assertThat(result.violations()).as(result.violations().toString()).isEmpty();
        assertThat(result.scenarios()).isPositive();
    }

    @Test
    void aShareDeleteWithoutItsBackupGuardLeavesAnOrphan() {
        var broken = edit("share", "delete", op -> new OperationDescriptor(op.name(), op.style(), op.from(), op.via(),
                op.success(), op.errors(), op.role(), op.guards().stream()
                .filter(g -> !g.resource().equals("backup")).toList(), op.description(), op.trigger()));
        // the snapshot guard still holds: it takes the snapshot's delete first, then the share's
        var result = new InterleavingExplorer(broken, new InterleavingExplorer.Options(2, true)).explore("share");
        assertThat(result.violations()).isNotEmpty();
        var v = result.violations().get(0);
        assertThat(v.invariant()).contains("a child without a live parent").contains("backup#0");
        assertThat(v.trace()).anyMatch(step -> step.startsWith("begin share.delete"));
    }

    @Test
    void aStaleWorkerWithoutTheOwnerFenceIsCaught() {
        var result = new InterleavingExplorer(SERVED, new InterleavingExplorer.Options(2, false)).explore("share");
        assertThat(result.violations()).anySatisfy(v -> {
            assertThat(v.invariant()).contains("stale worker");
            assertThat(v.trace()).anyMatch(step -> step.contains("lease of"));
        });
    }

    private static List<StateMachineDescriptor> edit(String resource, String operation,
                                                     UnaryOperator<OperationDescriptor> change) {
        return SERVED.stream().map(m -> !m.resource().equals(resource) ? m : new StateMachineDescriptor(
                m.resource(), m.parent(), m.states(), m.operations().stream()
                .map(o -> o.name().equals(operation) ? change.apply(o) : o).toList())).toList();
    }
}
