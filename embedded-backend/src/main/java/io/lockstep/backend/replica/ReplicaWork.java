package io.lockstep.backend.replica;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA_STATE;

import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The share service's side of replica operations: the driver call with no lock held, then one
 * transaction that finishes the replica's status and moves its {@code replica_state} by that machine's
 * declared operations. A promote's finish swaps the active replica and moves the share onto the promoted
 * replica's pool; the share's {@code replication_change} ends with it (or is handed back if the replica was
 * reset or force-deleted meanwhile). Thread-safe.
 */
public final class ReplicaWork {

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final Completion completion;
    private final ShareDriver driver;
    private final Clock clock;
    private final SnapshotCopies copies;

    public ReplicaWork(Jdbi jdbi, TransitionStore transitions, Completion completion, ShareDriver driver,
                       Clock clock) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.completion = completion;
        this.driver = driver;
        this.clock = clock;
        this.copies = new SnapshotCopies(transitions);
    }

    public Map<String, WorkHandler> handlers() {
        String r = SHARE_REPLICA.resource() + ".";
        return Map.of(
                r + "create", this::create,
                r + "promote", this::promote,
                r + "resync", this::resync,
                r + "delete", this::delete,
                r + "force_delete", this::delete);
    }

    private Optional<ReplicaRow> row(String id) {
        return jdbi.withHandle(h -> ReplicaStore.find(h, id, null));
    }

    private void create(WorkItem item, String owner) {
        String id = item.resourceId();
        Optional<ReplicaRow> found = row(id);
        if (found.isEmpty()) {
            completion.finish(item, owner, h -> { });
            return;
        }
        ReplicaRow r = found.get();
        String location = null;
        Outcome outcome;
        try {
            location = driver.createReplica(id, r.shareId(), r.pool(), r.size(), r.shareProto());
            outcome = Outcome.ok();
        } catch (DriverException e) {
            outcome = Outcome.failed(Failure.DRIVER, e.getMessage());
        }
        Map<String, Object> sets = new LinkedHashMap<>();
        if (location != null) {
            sets.put("export_location", location);
            sets.put("last_synced_at", clock.millis());
        }
        Outcome done = outcome;
        String actor = completion.actor(owner);
        Completion.Result result = completion.finish(item, owner, h -> {
            transitions.finish(h, SHARE_REPLICA, id, item.operation(), done, actor, sets);
            if (done instanceof Outcome.Ok) {
                synced(h, id, actor);
            }
        });
        if (result == Completion.Result.SUPERSEDED && location != null && Completion.isGoing(jdbi, SHARE_REPLICA, id)) {
            try {
                driver.deleteReplica(id);
            } catch (DriverException e) {
                // its copy is left for a later delete; the replica row is already gone
            }
        }
    }

    /**
     * Promotes: the driver makes the replica writable, then one transaction ends the promote (and the
     * share's replication_change), demotes the old active replica, makes this one active and moves the
     * share onto its pool and export location.
     */
    private void promote(WorkItem item, String owner) {
        String id = item.resourceId();
        Optional<ReplicaRow> found = row(id);
        Outcome done = found.isEmpty() ? gone(id) : outcomeOf(() -> driver.promoteReplica(id, found.get().pool()));
        String actor = completion.actor(owner);
        completion.finishHoldingParent(item, owner, done, h -> {
            transitions.finish(h, SHARE_REPLICA, id, item.operation(), done, actor, Map.of());
            if (!(done instanceof Outcome.Ok)) {
                return;
            }
            ReplicaRow promoted = ReplicaStore.find(h, id, null).orElseThrow();
            ReplicaStore.active(h, promoted.shareId()).filter(a -> !a.id().equals(id)).ifPresent(old ->
                    transitions.set(h, SHARE_REPLICA_STATE, old.id(), "demoted", only(SHARE_REPLICA_STATE
                            .operation("demoted").success()), actor, null));
            transitions.set(h, SHARE_REPLICA_STATE, id, "promoted", only(SHARE_REPLICA_STATE.operation("promoted")
                    .success()), actor, null);
            h.createUpdate("UPDATE " + SHARE.table() + " SET host = :host, export_location = :loc, "
                            + "availability_zone = :zone WHERE id = :share")
                    .bind("host", promoted.host()).bind("loc", promoted.exportLocation())
                    .bind("zone", promoted.availabilityZone()).bind("share", promoted.shareId()).execute();
            copies.promoted(h, promoted.shareId(), id, actor);
            transitions.changed(h, SHARE, promoted.shareId(), "replication_change", actor, "its active replica is now "
                    + id + " on " + promoted.host());
        });
    }

    private void resync(WorkItem item, String owner) {
        String id = item.resourceId();
        Optional<ReplicaRow> found = row(id);
        Outcome done = found.isEmpty() ? gone(id) : outcomeOf(() -> driver.resyncReplica(id, found.get().shareId(),
                found.get().pool(), found.get().size()));
        String actor = completion.actor(owner);
        completion.finishHoldingParent(item, owner, done, h -> {
            transitions.finish(h, SHARE_REPLICA, id, item.operation(), done, actor,
                    done instanceof Outcome.Ok ? Map.of("last_synced_at", clock.millis()) : Map.of());
            if (done instanceof Outcome.Ok) {
                synced(h, id, actor);
            }
        });
    }

    private void delete(WorkItem item, String owner) {
        String id = item.resourceId();
        Outcome done = outcomeOf(() -> driver.deleteReplica(id));
        boolean gone = SHARE_REPLICA.terminalState().equals(SHARE_REPLICA.operation(item.operation()).stateFor(done));
        Map<String, Object> sets = gone ? Map.of("deleted_at", clock.millis()) : Map.of();
        completion.finish(item, owner, h -> {
            transitions.finish(h, SHARE_REPLICA, id, item.operation(), done, completion.actor(owner), sets);
            if (gone) {
                copies.endOn(h, id, completion.actor(owner));
            }
        });
    }

    public void giveUp(WorkItem item, String owner) {
        completion.giveUp(item, owner, h -> transitions.finish(h, SHARE_REPLICA, item.resourceId(), item.operation(),
                Completion.gaveUp(item), completion.actor(owner), Map.of()));
    }

    /** A copy caught up: the replica_state machine's {@code synced}, if it is where that may start. */
    private void synced(Handle h, String id, String actor) {
        copies.synced(h, id, actor);
        var op = SHARE_REPLICA_STATE.operation("synced");
        String now = h.createQuery("SELECT " + SHARE_REPLICA_STATE.column() + " FROM " + SHARE_REPLICA_STATE.table()
                + " WHERE id = :id").bind("id", id).mapTo(String.class).one();
        if (op.from().contains(now)) {
            transitions.set(h, SHARE_REPLICA_STATE, id, op.name(), only(op.success()), actor, null);
        }
    }

    /** A driver call with no answer to keep. */
    @FunctionalInterface
    private interface DriverCall {
        void run() throws DriverException;
    }

    /** What a driver call's end makes of the operation: ok, or a driver failure with its message. */
    private static Outcome outcomeOf(DriverCall call) {
        try {
            call.run();
            return Outcome.ok();
        } catch (DriverException e) {
            return Outcome.failed(Failure.DRIVER, e.getMessage());
        }
    }

    private static Outcome gone(String id) {
        return Outcome.failed(Failure.DRIVER, "replica " + id + " is gone");
    }

    private static String only(java.util.List<String> states) {
        return states.get(0);
    }
}
