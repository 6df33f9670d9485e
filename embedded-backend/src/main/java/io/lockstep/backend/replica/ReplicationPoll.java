package io.lockstep.backend.replica;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA_STATE;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.ReplicaHealth;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.request.TransitionConflict;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.transition.TransitionStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The replication leader's duty: ask the backend how each secondary replica stands and move its
 * {@code replica_state} by the declared {@code poll} (only ever from {@code in_sync} to behind). Each
 * change is a test-and-set under the share's family lock, fenced by the row version the poll read: a
 * result read before a promote, a resync or a reset is dropped, never written over the newer state. The
 * poll keeps nothing of its own; a new leader goes on from the table. Thread-safe.
 */
public final class ReplicationPoll {

    /** What one poll did. */
    public record Round(int polled, int movedBehind, int stale) {
    }

    private static final Operation POLL = SHARE_REPLICA_STATE.operation("poll");
    /** The state from which the poll may find a replica behind: the one it is in step in. */
    private static final String IN_STEP = POLL.from().iterator().next();

    private final Jdbi jdbi;
    private final ReplicaStore replicas;
    private final TransitionStore transitions;
    private final ShareDriver driver;
    private final Clock clock;
    private final Holder holder;

    public ReplicationPoll(Jdbi jdbi, TransitionStore transitions, ShareDriver driver, Clock clock, String nodeId) {
        this.jdbi = jdbi;
        this.replicas = new ReplicaStore(jdbi);
        this.transitions = transitions;
        this.driver = driver;
        this.clock = clock;
        this.holder = new Holder(nodeId, "replication", "leader: replication poll");
    }

    public Round poll() {
        List<ReplicaRow> secondaries = replicas.secondaries();
        Map<String, String> activePools = new HashMap<>();
        int moved = 0;
        int stale = 0;
        int polled = 0;
        String settled = SHARE_REPLICA.createOperation().orElseThrow().successState();
        for (ReplicaRow r : secondaries) {
            if (!settled.equals(r.status())) {
                continue; // being made, promoted, resynced or deleted: its own work owns it
            }
            String activePool = activePools.computeIfAbsent(r.shareId(), share -> jdbi.withHandle(h ->
                    ReplicaStore.active(h, share)).map(ReplicaRow::pool).orElse(null));
            if (activePool == null) {
                continue;
            }
            polled++;
            ReplicaHealth health = driver.replicaHealth(r.id(), r.pool(), activePool);
            if (health.reachable()) {
                recordLag(r, health.lagMs());
                if (IN_STEP.equals(r.replicaState())) {
                    syncSnapshots(r);
                }
            } else if (POLL.from().contains(r.replicaState())) {
                if (moveBehind(r, health)) {
                    moved++;
                } else {
                    stale++;
                }
            }
        }
        return new Round(polled, moved, stale);
    }

    /** Snapshot copies waiting on a replica found in step become available (their own transitions). */
    private void syncSnapshots(ReplicaRow r) {
        if (jdbi.withHandle(h -> SnapshotCopies.pending(h, r.id())).isEmpty()) {
            return;
        }
        try {
            transitions.locked(SHARE_REPLICA, r.id(), holder, h -> {
                new SnapshotCopies(transitions).synced(h, r.id(), holder.toString());
                return null;
            });
        } catch (TransitionConflict | ResourceNotFound moved) {
            // the replica or a copy moved meanwhile: the next poll looks again
        }
    }

    /** A measurement, not a state: written only when it changed, without an event. */
    private void recordLag(ReplicaRow r, long lagMs) {
        if (Objects.equals(r.lagMs(), lagMs)) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE " + SHARE_REPLICA.table() + " SET lag_ms = :lag, last_synced_at = "
                        + ":now WHERE id = :id AND version = :v").bind("lag", lagMs).bind("now", clock.millis() - lagMs)
                .bind("id", r.id()).bind("v", r.version()).execute());
    }

    private boolean moveBehind(ReplicaRow r, ReplicaHealth health) {
        String target = POLL.success().get(0);
        try {
            return transitions.locked(SHARE_REPLICA_STATE, r.id(), holder, h -> {
                long version = h.createQuery("SELECT version FROM " + SHARE_REPLICA.table() + " WHERE id = :id")
                        .bind("id", r.id()).mapTo(Long.class).one();
                if (version != r.version()) {
                    return false; // read before a newer change: dropped
                }
                transitions.set(h, SHARE_REPLICA_STATE, r.id(), POLL.name(), target, holder.toString(),
                        r.replicaState(), Map.of("lag_ms", health.lagMs()));
                return true;
            });
        } catch (TransitionConflict | ResourceNotFound moved) {
            return false;
        }
    }
}
