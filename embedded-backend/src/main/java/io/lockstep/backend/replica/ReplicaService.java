package io.lockstep.backend.replica;

import static io.lockstep.backend.statemachine.ResourceMachines.ACTIVE_REPLICA;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_INSTANCE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA;

import io.lockstep.backend.driver.StoragePool;
import io.lockstep.backend.pool.Scheduler;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Replica commands as the API runs them, each under the share's family lock. The first replica asked for
 * makes the share's own copy its active replica in the same transaction ({@code adopt}), so a replicated
 * share always has exactly one. A new replica is placed by the scheduler on a pool that matches the
 * share's type and holds no replica of the share yet. Thread-safe.
 */
public final class ReplicaService {

    private static final String REPLICATION_TYPE = "replication_type";

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final ReplicaStore replicas;
    private final Supplier<List<StoragePool>> pools;
    private final String nodeId;
    private final Scheduler scheduler = new Scheduler(SHARE);

    public ReplicaService(TransitionStore transitions, WorkQueue queue, ReplicaStore replicas,
                          Supplier<List<StoragePool>> pools, String nodeId) {
        this.transitions = transitions;
        this.queue = queue;
        this.replicas = replicas;
        this.pools = pools;
        this.nodeId = nodeId;
    }

    public ReplicaStore store() {
        return replicas;
    }

    public ReplicaRow create(OperationRequest r, String shareId, String zone) {
        String id = UUID.randomUUID().toString();
        Caller c = r.caller();
        transitions.locked(transitions.lockOfNew(SHARE_REPLICA, id, shareId), r.holder(nodeId), h -> {
            Map<String, Object> share = h.createQuery("SELECT project_id, size, host, availability_zone, "
                            + "export_location, share_type_id FROM " + SHARE.table() + " WHERE id = :id AND "
                            + SHARE.column() + " <> :gone" + (c.scope() == null ? "" : " AND project_id = :project"))
                    .bind("id", shareId).bind("gone", SHARE.terminalState()).bind("project", c.scope())
                    .mapToMap().findOne().orElseThrow(() -> new ResourceNotFound("share", shareId));
            Map<String, String> specs = specs(h, (String) share.get("share_type_id"));
            if (specs.get(REPLICATION_TYPE) == null) {
                throw new InvalidRequest("share_id", "Share " + shareId + " cannot have replicas: its share type "
                        + "declares no replication_type (one of readable, dr, writable).");
            }
            String project = (String) share.get("project_id");
            List<ReplicaRow> existing = ReplicaStore.ofShare(h, shareId);
            // placed before anything is written: the scheduler locks pool rows, and every writer takes them
            // before the event counter (a share's create does), never after
            Set<String> used = new HashSet<>();
            used.add((String) share.get("host"));
            existing.forEach(x -> used.add(x.host()));
            List<StoragePool> candidates = pools.get().stream().filter(p -> !used.contains(p.name())).toList();
            int size = ((Number) share.get("size")).intValue();
            Scheduler.Placement placement = candidates.isEmpty()
                    ? new Scheduler.Placement.Unplaced("008", "every pool already holds a replica of the share")
                    : scheduler.place(h, candidates, size, specs, zone);
            if (placement instanceof Scheduler.Placement.Unplaced u) {
                throw new InvalidRequest("availability_zone", "No pool can take a replica of share " + shareId
                        + (zone == null ? "" : " in availability zone " + zone) + ": " + u.message());
            }
            StoragePool pool = ((Scheduler.Placement.Placed) placement).pool();
            if (existing.isEmpty()) {
                adopt(h, shareId, project, share, r.actor());
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("share_id", shareId);
            columns.put("host", pool.name());
            columns.put("availability_zone", pool.zone());
            transitions.create(h, SHARE_REPLICA, id, project, columns, r.actor());
            new SnapshotCopies(transitions).onNewReplica(h, id, shareId, project, r.actor());
            return queue.enqueue(h, SHARE_REPLICA.resource(), id, r.operation().name(), Map.of("share_id", shareId));
        });
        queue.wake();
        return replicas.get(id, null);
    }

    /** The share's own copy becomes its active replica, under the id of its instance (Manila's replica ids). */
    private void adopt(Handle h, String shareId, String project, Map<String, Object> share, String actor) {
        String instance = h.createQuery("SELECT id FROM " + SHARE_INSTANCE.table() + " WHERE share_id = :s AND "
                        + SHARE_INSTANCE.column() + " <> :gone ORDER BY created_at DESC, id")
                .bind("s", shareId).bind("gone", SHARE_INSTANCE.terminalState()).setMaxRows(1).mapTo(String.class)
                .findFirst().orElseGet(() -> UUID.randomUUID().toString());
        if (h.createQuery("SELECT COUNT(*) FROM " + SHARE_REPLICA.table() + " WHERE id = :id").bind("id", instance)
                .mapTo(Integer.class).one() > 0) {
            instance = UUID.randomUUID().toString(); // an earlier active replica of this instance was deleted
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("share_id", shareId);
        columns.put("host", share.get("host"));
        columns.put("availability_zone", share.get("availability_zone"));
        columns.put("export_location", share.get("export_location"));
        String adopt = "adopt";
        transitions.create(h, SHARE_REPLICA, adopt, instance, project, columns, actor);
        transitions.finish(h, SHARE_REPLICA, instance, adopt, Outcome.ok(), actor, Map.of());
    }

    /** An operation its worker finishes: delete, force_delete, promote, resync. */
    public void begin(OperationRequest r) {
        ReplicaRow row = replicas.get(r.id(), r.scope());
        transitions.locked(SHARE_REPLICA, r.id(), r.holder(nodeId), h -> {
            visible(h, r.caller(), r.id());
            transitions.begin(h, r, Map.of());
            return queue.enqueue(h, SHARE_REPLICA.resource(), r.id(), r.operation().name(),
                    Map.of("share_id", row.shareId()));
        });
        queue.wake();
    }

    /** Whether the replica is its share's active one (Manila answers a promote or resync of it with 200). */
    public boolean isActive(String id, String scope) {
        return ACTIVE_REPLICA.equals(replicas.get(id, scope).replicaState());
    }

    /** reset_status and reset_replica_state: a SET of the request's machine, on the replica's row. */
    public void set(OperationRequest r, String value) {
        replicas.get(r.id(), r.scope());
        transitions.set(r, value, r.holder(nodeId), h -> visible(h, r.caller(), r.id()));
    }

    private static Map<String, String> specs(Handle h, String typeId) {
        Map<String, String> out = new LinkedHashMap<>();
        h.createQuery("SELECT spec_key, spec_value FROM share_type_extra_specs WHERE type_id = :t").bind("t", typeId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void visible(Handle h, Caller c, String id) {
        ReplicaStore.find(h, id, c.scope()).orElseThrow(() -> new ResourceNotFound(SHARE_REPLICA.noun(), id));
    }
}
