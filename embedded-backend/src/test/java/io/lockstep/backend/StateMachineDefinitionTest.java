package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.OperationStyle;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import org.junit.jupiter.api.Test;

class StateMachineDefinitionTest {

    @Test
    void everyTransitionalStateBelongsToExactlyOneOperationOrIsSharedByCreateAndSnapshot() {
        for (StateMachine m : ResourceMachines.all()) {
            for (String s : m.statesOfKind(StateKind.TRANSITIONAL)) {
                assertThat(m.operations()).as(m.resource() + "." + s).anyMatch(o -> s.equals(o.via()));
            }
        }
    }

    /** Access rules have no reset or force delete in Manila; a rule in error is denied instead. */
    private static java.util.List<StateMachine> withAdminHatches() {
        // an access rule is denied, not reset; a replica's replica_state has its own reset (below)
        return ResourceMachines.all().stream().filter(m -> m != ResourceMachines.ACCESS_RULE && !m.onAnotherRow())
                .toList();
    }

    @Test
    void resetReplicaStateNeverMakesOrUnmakesTheActiveReplica() {
        var reset = ResourceMachines.SHARE_REPLICA_STATE.operation("reset_replica_state");
        assertThat(reset.success()).doesNotContain(ResourceMachines.ACTIVE_REPLICA);
        assertThat(reset.from()).doesNotContain(ResourceMachines.ACTIVE_REPLICA);
        // only a promote's finish makes one active, and it demotes the old one in the same transaction
        assertThat(ResourceMachines.SHARE_REPLICA_STATE.operations().stream()
                .filter(o -> o.success().contains(ResourceMachines.ACTIVE_REPLICA) && !o.from().isEmpty())
                .map(o -> o.name())).containsExactly("promoted");
    }

    @Test
    void everyErrorStateHasAWayOut() {
        for (StateMachine m : ResourceMachines.all()) {
            for (String s : m.statesOfKind(StateKind.ERROR)) {
                assertThat(m.operations()).as(m.resource() + " leaves " + s)
                        .anyMatch(o -> o.isRouted() && o.from().contains(s));
            }
        }
    }

    @Test
    void resetStatusNeverSetsATransitionalOrTerminalState() {
        for (StateMachine m : withAdminHatches()) {
            for (String s : m.operation("reset_status").success()) {
                assertThat(m.state(s).orElseThrow().kind()).isIn(StateKind.STABLE, StateKind.ERROR);
            }
        }
    }

    @Test
    void forceDeleteStartsFromEveryLiveState() {
        // Manila has no force delete for share networks and servers: reset_status, then delete
        for (StateMachine m : withAdminHatches().stream().filter(m -> m.operations().stream()
                .anyMatch(o -> o.name().equals("force_delete"))).toList()) {
            assertThat(m.operation("force_delete").from()).isEqualTo(m.liveStates());
        }
    }

    @Test
    void theShareDeleteGuardMatchesTheSnapshotMachine() {
        Guard.NoLiveChildren g = (Guard.NoLiveChildren) ResourceMachines.SHARE.operation("delete").guards().get(0);
        assertThat(g.table()).isEqualTo(ResourceMachines.SNAPSHOT.table());
        assertThat(g.parentColumn()).isEqualTo(ResourceMachines.SNAPSHOT.parentColumn());
        assertThat(g.terminalState()).isEqualTo(ResourceMachines.SNAPSHOT.terminalState());
    }

    @Test
    void snapshotCreateIsGatedByTheSharesSnapshotOperation() {
        var create = ResourceMachines.SNAPSHOT.operations().stream()
                .filter(o -> o.style() == OperationStyle.CREATE).findFirst().orElseThrow();
        assertThat(create.guards()).singleElement().isInstanceOf(Guard.ParentOperation.class);
        assertThat(ResourceMachines.SHARE.operation("snapshot").from()).containsExactly("available");
    }
}
