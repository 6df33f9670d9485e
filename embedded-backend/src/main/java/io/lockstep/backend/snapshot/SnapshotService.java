package io.lockstep.backend.snapshot;

import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;

import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Snapshot commands as the API runs them. A snapshot is locked with its share (one lock per share
 * family), so its create and the share's delete are serialised as well as test-and-set. Thread-safe.
 */
public final class SnapshotService {

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final SnapshotStore snapshots;
    private final String nodeId;
    private final io.lockstep.backend.replica.SnapshotCopies copies;

    public SnapshotService(TransitionStore transitions, WorkQueue queue, SnapshotStore snapshots, String nodeId) {
        this.copies = new io.lockstep.backend.replica.SnapshotCopies(transitions);
        this.transitions = transitions;
        this.queue = queue;
        this.snapshots = snapshots;
        this.nodeId = nodeId;
    }

    public SnapshotRow create(OperationRequest r, String shareId, String name, String description,
                              Map<String, String> metadata) {
        String id = UUID.randomUUID().toString();
        Caller c = r.caller();
        transitions.locked(transitions.lockOfNew(SNAPSHOT, id, shareId), r.holder(nodeId), h -> {
            Integer size = h.createQuery("SELECT size FROM shares WHERE id = :id AND status <> 'deleted'"
                            + (c.scope() == null ? "" : " AND project_id = :project"))
                    .bind("id", shareId).bind("project", c.projectId()).mapTo(Integer.class).findOne()
                    .orElseThrow(() -> new ResourceNotFound("share", shareId));
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("share_id", shareId);
            columns.put("user_id", c.actor());
            columns.put("name", name);
            columns.put("description", description);
            columns.put("size", size);
            columns.put("metadata", io.lockstep.backend.metadata.Metadata.write(metadata));
            // Begins share.snapshot (available -> snapshotting) first: that test-and-set gates this create.
            transitions.create(h, SNAPSHOT, id, c.projectId(), columns, c.actor());
            copies.onNewSnapshot(h, id, shareId, c.projectId(), c.actor());
            return queue.enqueue(h, SNAPSHOT.resource(), id, r.operation().name(), Map.of("share_id", shareId));
        });
        queue.wake();
        return snapshots.get(id, null);
    }

    /** An operation its worker finishes: delete, force_delete. */
    public void begin(OperationRequest r) {
        SnapshotRow row = snapshots.get(r.id(), r.scope());
        transitions.locked(SNAPSHOT, r.id(), r.holder(nodeId), h -> {
            visible(h, r.caller(), r.id());
            transitions.begin(h, r, Map.of());
            return queue.enqueue(h, SNAPSHOT.resource(), r.id(), r.operation().name(),
                    Map.of("share_id", row.shareId()));
        });
        queue.wake();
    }

    /**
     * Reverts {@code shareId} to the snapshot the request names: it must be that share's, of the share's
     * size (Manila's rule); the declared guards hold the share in reverting and refuse any but the latest.
     */
    public void revert(OperationRequest r, String shareId) {
        SnapshotRow row = snapshots.get(r.id(), r.scope());
        if (!row.shareId().equals(shareId)) {
            throw new InvalidRequest("snapshot_id", "Snapshot " + r.id() + " is not a snapshot of share " + shareId
                    + ".");
        }
        transitions.locked(SNAPSHOT, r.id(), r.holder(nodeId), h -> {
            visible(h, r.caller(), r.id());
            int shareSize = h.createQuery("SELECT size FROM shares WHERE id = :id").bind("id", shareId)
                    .mapTo(Integer.class).one();
            if (shareSize != row.size()) {
                throw new InvalidRequest("snapshot_id", "Reverting share " + shareId + " (" + shareSize + " GB) to "
                        + "snapshot " + r.id() + " (" + row.size() + " GB) is not supported: the sizes must match.");
            }
            transitions.begin(h, r, Map.of());
            return queue.enqueue(h, SNAPSHOT.resource(), r.id(), r.operation().name(), Map.of("share_id", shareId));
        });
        queue.wake();
    }

    /** The snapshot a live instance of it belongs to, for the instance's forwarded actions. */
    public java.util.Optional<String> ofInstance(String instanceId) {
        return transitions.leaderOf(io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT_INSTANCE, instanceId);
    }

    public void resetStatus(OperationRequest r, String status) {
        snapshots.get(r.id(), r.scope());
        transitions.set(r, status, r.holder(nodeId), h -> visible(h, r.caller(), r.id()));
    }

    private static void visible(Handle h, Caller c, String id) {
        SnapshotStore.find(h, id, c.scope()).orElseThrow(() -> new ResourceNotFound("snapshot", id));
    }
}
