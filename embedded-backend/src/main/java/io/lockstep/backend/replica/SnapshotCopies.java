package io.lockstep.backend.replica;

import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;
import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT_INSTANCE;

import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A snapshot of a replicated share has an instance on each replica (Manila's replicated snapshots). The
 * one on the active replica follows the snapshot; each one on a secondary (a copy) starts as the
 * snapshot's create does and becomes available when the replication leader finds its replica in step,
 * ends with its replica or its snapshot, and takes the lead when its replica is promoted. Every change is
 * a transition of the snapshot instance machine with its event, in the caller's transaction under the
 * share's family lock. Stateless.
 */
public final class SnapshotCopies {

    /** The column of a snapshot instance naming the share instance (replica) it is on. */
    private static final String ON = "share_instance_id";

    private final TransitionStore transitions;

    public SnapshotCopies(TransitionStore transitions) {
        this.transitions = transitions;
    }

    /** A new snapshot gets a copy on each live secondary replica of its share. */
    public void onNewSnapshot(Handle h, String snapshotId, String shareId, String projectId, String actor) {
        // the instance that follows the snapshot is on the active replica, wherever promotes have moved it
        ReplicaStore.active(h, shareId).ifPresent(a -> h.createUpdate("UPDATE " + SNAPSHOT_INSTANCE.table()
                        + " SET " + ON + " = :a WHERE snapshot_id = :s AND on_secondary = FALSE").bind("a", a.id())
                .bind("s", snapshotId).execute());
        for (ReplicaRow r : ReplicaStore.ofShare(h, shareId)) {
            if (!io.lockstep.backend.statemachine.ResourceMachines.ACTIVE_REPLICA.equals(r.replicaState())) {
                transitions.insertSecondary(h, SNAPSHOT_INSTANCE, snapshotId, ON, r.id(), projectId, actor);
            }
        }
    }

    /** A new replica gets a copy of each of its share's available snapshots. */
    void onNewReplica(Handle h, String replicaId, String shareId, String projectId, String actor) {
        String available = SNAPSHOT.createOperation().orElseThrow().successState();
        List<String> snapshots = h.createQuery("SELECT id FROM " + SNAPSHOT.table() + " WHERE share_id = :s AND "
                        + SNAPSHOT.column() + " = :ok ORDER BY created_at, id").bind("s", shareId).bind("ok", available)
                .mapTo(String.class).list();
        snapshots.forEach(s -> transitions.insertSecondary(h, SNAPSHOT_INSTANCE, s, ON, replicaId, projectId, actor));
    }

    /** Copies on {@code replicaId} still being made whose snapshot is available: the poll found it in step. */
    static List<String> pending(Handle h, String replicaId) {
        Operation create = SNAPSHOT_INSTANCE.createOperation().orElseThrow();
        return h.createQuery("SELECT i.id FROM " + SNAPSHOT_INSTANCE.table() + " i JOIN " + SNAPSHOT.table()
                        + " s ON s.id = i.snapshot_id WHERE i." + ON + " = :r AND i.on_secondary = TRUE AND i.status = "
                        + ":making AND s." + SNAPSHOT.column() + " = :ok ORDER BY i.id")
                .bind("r", replicaId).bind("making", create.via()).bind("ok", create.successState())
                .mapTo(String.class).list();
    }

    /** Makes each pending copy on the replica available: its replica caught up with the active one. */
    void synced(Handle h, String replicaId, String actor) {
        Operation create = SNAPSHOT_INSTANCE.createOperation().orElseThrow();
        for (String copy : pending(h, replicaId)) {
            transitions.finish(h, SNAPSHOT_INSTANCE, copy, create.name(), Outcome.ok("its replica is in sync"),
                    actor, Map.of());
        }
    }

    /** The copies on a deleted replica end with it. */
    void endOn(Handle h, String replicaId, String actor) {
        Operation end = SNAPSHOT_INSTANCE.operation("force_delete");
        List<String> live = h.createQuery("SELECT id FROM " + SNAPSHOT_INSTANCE.table() + " WHERE " + ON + " = :r AND "
                        + "on_secondary = TRUE AND status <> :gone ORDER BY id").bind("r", replicaId)
                .bind("gone", SNAPSHOT_INSTANCE.terminalState()).mapTo(String.class).list();
        for (String copy : live) {
            transitions.begin(h, SNAPSHOT_INSTANCE, copy, end.name(), actor, null, Map.of());
            transitions.finish(h, SNAPSHOT_INSTANCE, copy, end.name(), Outcome.ok("ended with its replica " + replicaId),
                    actor, Map.of());
        }
    }

    /**
     * A promote swaps the roles: the promoted replica's copies follow their snapshots from now on, the old
     * active replica's instances become copies (in step, as they were the snapshot's). A copy that had not
     * reached the promoted replica is set to error: that snapshot's data is not there.
     */
    void promoted(Handle h, String shareId, String promotedId, String actor) {
        Operation reset = SNAPSHOT_INSTANCE.operation("reset_status");
        String making = SNAPSHOT_INSTANCE.createOperation().orElseThrow().via();
        String error = reset.success().stream().filter(s -> SNAPSHOT_INSTANCE.state(s).orElseThrow().kind()
                == io.lockstep.api.statemachine.StateKind.ERROR).findFirst().orElseThrow();
        List<String> missing = h.createQuery("SELECT i.id FROM " + SNAPSHOT_INSTANCE.table() + " i JOIN "
                        + SNAPSHOT.table() + " s ON s.id = i.snapshot_id WHERE s.share_id = :share AND i." + ON
                        + " = :p AND i.on_secondary = TRUE AND i.status = :making ORDER BY i.id")
                .bind("share", shareId).bind("p", promotedId).bind("making", making).mapTo(String.class).list();
        for (String copy : missing) {
            transitions.set(h, SNAPSHOT_INSTANCE, copy, reset.name(), error, actor, null);
        }
        h.createUpdate("UPDATE " + SNAPSHOT_INSTANCE.table() + " SET on_secondary = (" + ON + " <> :p) WHERE "
                        + "snapshot_id IN (SELECT id FROM " + SNAPSHOT.table() + " WHERE share_id = :share)")
                .bind("p", promotedId).bind("share", shareId).execute();
    }
}
