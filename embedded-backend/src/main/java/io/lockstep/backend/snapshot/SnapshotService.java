package io.lockstep.backend.snapshot;

import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.transition.ResourceNotFound;
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

    public SnapshotService(TransitionStore transitions, WorkQueue queue, SnapshotStore snapshots, String nodeId) {
        this.transitions = transitions;
        this.queue = queue;
        this.snapshots = snapshots;
        this.nodeId = nodeId;
    }

    public SnapshotRow create(Caller c, String shareId, String name, String description) {
        String id = UUID.randomUUID().toString();
        transitions.locked(TransitionStore.lockName(shareId), holder("create"), h -> {
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
            // Begins share.snapshot (available -> snapshotting) first: that test-and-set gates this create.
            transitions.create(h, SNAPSHOT, id, c.projectId(), columns, c.actor());
            return queue.enqueue(h, "snapshot", id, "create", Map.of("share_id", shareId));
        });
        queue.wake();
        return snapshots.get(id, null);
    }

    public void delete(Caller c, String id, String seen) {
        begin(c, id, "delete", seen);
    }

    public void forceDelete(Caller c, String id, String seen) {
        begin(c, id, "force_delete", seen);
    }

    public void resetStatus(Caller c, String id, String status, String seen) {
        List<String> settable = SNAPSHOT.operation("reset_status").success();
        if (!settable.contains(status)) {
            throw new InvalidRequest("status", "Invalid snapshot status '" + status + "': reset_status accepts "
                    + settable + ".", settable);
        }
        SnapshotRow row = snapshots.get(id, scope(c));
        transitions.locked(TransitionStore.lockName(row.shareId()), holder("reset_status"),
                h -> transitions.set(h, SNAPSHOT, id, "reset_status", status, c.actor(), seen));
    }

    private void begin(Caller c, String id, String operation, String seen) {
        SnapshotRow row = snapshots.get(id, scope(c)); // its share never changes: the lock name is stable
        transitions.locked(TransitionStore.lockName(row.shareId()), holder(operation), h -> {
            visible(h, c, id);
            transitions.begin(h, SNAPSHOT, id, operation, c.actor(), seen, Map.of());
            return queue.enqueue(h, "snapshot", id, operation, Map.of("share_id", row.shareId()));
        });
        queue.wake();
    }

    private static void visible(Handle h, Caller c, String id) {
        SnapshotStore.find(h, id, scope(c)).orElseThrow(() -> new ResourceNotFound("snapshot", id));
    }

    private static String scope(Caller c) {
        return c.scope();
    }

    private Holder holder(String operation) {
        return new Holder(nodeId, "api", "api:snapshot_" + operation);
    }
}
