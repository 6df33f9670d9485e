package io.lockstep.backend.share;

import io.lockstep.backend.metadata.Metadata;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_NETWORK;
import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;

import io.lockstep.backend.network.ServerPlacement;
import io.lockstep.backend.sharetype.ExtraSpecs;

import io.lockstep.backend.quota.QuotaLedger;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import io.lockstep.api.auth.Role;
import io.lockstep.backend.sharetype.ShareType;
import io.lockstep.backend.sharetype.ShareTypeStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import io.lockstep.backend.driver.StoragePool;
import io.lockstep.backend.pool.Scheduler;
import org.jdbi.v3.core.Handle;

/**
 * Share commands as the API runs them: each records its transition and its work item in one locked
 * transaction and returns; the share service finishes it. Never calls the driver. Thread-safe.
 */
public final class ShareService {

    /** What a valid create asks for. */
    /** @param shareType the type's id or name as the client gave it; null for the default type */
    /** @param zone the availability zone asked for, or null for any */
    public record NewShare(String name, String description, int size, String proto, boolean isPublic,
                           Map<String, String> metadata, String shareType, String zone, String snapshotId,
                           String shareNetworkId) {
    }

    public static final List<String> PROTOCOLS = List.of("NFS", "CIFS", "GLUSTERFS", "HDFS", "CEPHFS", "MAPRFS");
    public static final int MAX_SIZE_GB = 16_384;

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final ShareStore shares;
    private final String nodeId;
    private final ShareTypeStore types;
    private final Scheduler scheduler = new Scheduler(SHARE);
    private final Supplier<List<StoragePool>> pools;

    /** @param pools the pools the storage reports now */
    public ShareService(TransitionStore transitions, WorkQueue queue, ShareStore shares, ShareTypeStore types,
                        Supplier<List<StoragePool>> pools, String nodeId) {
        this.types = types;
        this.pools = pools;
        this.transitions = transitions;
        this.queue = queue;
        this.shares = shares;
        this.nodeId = nodeId;
    }

    public ShareRow create(OperationRequest r, NewShare s) {
        if (s.zone() != null && pools.get().stream().noneMatch(p -> p.zone().equals(s.zone()))) {
            throw new ResourceNotFound("availability zone", s.zone());
        }
        String id = UUID.randomUUID().toString();
        Map<String, Object> columns = columns(r, s);
        transitions.locked(transitions.lockOfNew(SHARE, id, null), r.holder(nodeId), h -> {
            // the type's row stays locked until the share is in: a type is never deleted under a new share
            ShareType type = types.lockForUse(h, s.shareType() == null ? ShareTypeStore.DEFAULT_ID : s.shareType(),
                    new ShareTypeStore.Viewer(r.caller().projectId(), r.caller().role() == Role.ADMIN));
            if (handlesServers(type)) {
                throw new InvalidRequest("share_network_id", "Share type " + type.name() + " has "
                        + ExtraSpecs.DHSS + "=True: a share of it needs a share network (share_network_id).");
            }
            columns.put("share_type_id", type.id());
            Map<String, Object> work = new LinkedHashMap<>(Map.of("size", s.size(), "proto", s.proto()));
            Scheduler.Placement placement = scheduler.place(h, pools.get(), s.size(), type.extraSpecs(), s.zone());
            if (placement instanceof Scheduler.Placement.Placed p) {
                columns.put("host", p.pool().name());
                columns.put("availability_zone", p.pool().zone());
            } else if (placement instanceof Scheduler.Placement.Unplaced u) {
                // as in Manila the create is accepted and the share ends in error, with a user message
                columns.put("availability_zone", s.zone());
                work.put(ShareWork.UNPLACED_DETAIL, u.detailId());
                work.put(ShareWork.UNPLACED_MESSAGE, u.message());
                if (r.requestId() != null) {
                    work.put(ShareWork.REQUEST_ID, r.requestId());
                }
            }
            transitions.create(h, SHARE, id, r.caller().projectId(), columns, r.actor());
            return queue.enqueue(h, SHARE.resource(), id, r.operation().name(), work);
        });
        queue.wake();
        return shares.get(id, null);
    }

    /** The new share's own columns as asked. */
    private static Map<String, Object> columns(OperationRequest r, NewShare s) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("user_id", r.actor());
        columns.put("name", s.name());
        columns.put("description", s.description());
        columns.put("size", s.size());
        columns.put("share_proto", s.proto());
        columns.put("is_public", s.isPublic());
        columns.put("metadata", Metadata.write(s.metadata()));
        return columns;
    }

    private static boolean handlesServers(ShareType type) {
        return ExtraSpecs.bool(type.extraSpecs().getOrDefault(ExtraSpecs.DHSS, "false")).orElse(false);
    }

    /**
     * Creates a share of a type whose driver handles share servers, on a server of the network: under the
     * network's family lock the scheduler places it, then a live server of the pool and the network's
     * subnet for its zone is reused, or a new one is inserted and its setup queued. The share waits in
     * {@code creating} until the server is active (its work is queued then), or ends in error with it.
     */
    public ShareRow createOnServer(OperationRequest r, NewShare s) {
        String id = UUID.randomUUID().toString();
        String lock = transitions.lockOf(SHARE_NETWORK, s.shareNetworkId()); // 404 for an unknown network
        transitions.locked(lock, r.holder(nodeId), h -> {
            String networkProject = h.createQuery("SELECT project_id FROM " + SHARE_NETWORK.table() + " WHERE id = :id "
                            + "AND status <> :gone").bind("id", s.shareNetworkId())
                    .bind("gone", SHARE_NETWORK.terminalState()).mapTo(String.class).findOne()
                    .filter(p -> r.scope() == null || r.scope().equals(p))
                    .orElseThrow(() -> new ResourceNotFound("share network", s.shareNetworkId()));
            ShareType type = types.lockForUse(h, s.shareType() == null ? ShareTypeStore.DEFAULT_ID : s.shareType(),
                    new ShareTypeStore.Viewer(r.caller().projectId(), r.caller().role() == Role.ADMIN));
            if (!handlesServers(type)) {
                throw new InvalidRequest("share_network_id", "Share type " + type.name() + " has "
                        + ExtraSpecs.DHSS + "=False: its shares need no share network (omit share_network_id, or "
                        + "choose a type with " + ExtraSpecs.DHSS + "=True).");
            }
            Map<String, Object> columns = columns(r, s);
            columns.put("share_type_id", type.id());
            columns.put("share_network_id", s.shareNetworkId());
            Scheduler.Placement placement = scheduler.place(h, pools.get(), s.size(), type.extraSpecs(), s.zone());
            if (!(placement instanceof Scheduler.Placement.Placed p)) {
                Scheduler.Placement.Unplaced u = (Scheduler.Placement.Unplaced) placement;
                columns.put("availability_zone", s.zone());
                transitions.create(h, SHARE, id, r.caller().projectId(), columns, r.actor());
                return queue.enqueue(h, SHARE.resource(), id, SHARE.createOperation().orElseThrow().name(),
                        Map.of(ShareWork.UNPLACED_DETAIL, u.detailId(), ShareWork.UNPLACED_MESSAGE, u.message()));
            }
            columns.put("host", p.pool().name());
            columns.put("availability_zone", p.pool().zone());
            ServerPlacement.Placed server = ServerPlacement.place(h, transitions, queue, s.shareNetworkId(),
                    p.pool().zone(), p.pool().name(), networkProject, r.actor());
            columns.put("share_server_id", server.serverId());
            transitions.create(h, SHARE, r.operation().name(), id, r.caller().projectId(), columns, r.actor());
            // on a server still being set up the share waits; the server's last phase queues its work
            return server.active() ? queue.enqueue(h, SHARE.resource(), id, r.operation().name(),
                    Map.of("size", s.size(), "proto", s.proto())) : null;
        });
        queue.wake();
        return shares.get(id, null);
    }

    /**
     * Makes a share from a snapshot, as Manila does: on the snapshot's share's pool and zone, of its type
     * unless one is named, at least the snapshot's size (its size by default), the same protocol. The
     * create takes the snapshot's family lock, so the snapshot's declared guards (available, no delete
     * while a share is made from it) hold against its own operations.
     */
    public ShareRow createFromSnapshot(OperationRequest r, NewShare s) {
        String id = UUID.randomUUID().toString();
        String lock = transitions.lockOf(SNAPSHOT, s.snapshotId()); // 404 for an unknown snapshot
        transitions.locked(lock, r.holder(nodeId), h -> {
            Map<String, Object> source = h.createQuery("SELECT s.size, s.project_id, sh.share_proto, sh.host, "
                            + "sh.availability_zone, sh.share_type_id FROM " + SNAPSHOT.table() + " s JOIN "
                            + SHARE.table() + " sh ON sh.id = s.share_id WHERE s.id = :id AND s.status <> :gone")
                    .bind("id", s.snapshotId()).bind("gone", SNAPSHOT.terminalState()).mapToMap().findOne()
                    .filter(row -> r.scope() == null || r.scope().equals(row.get("project_id")))
                    .orElseThrow(() -> new ResourceNotFound("snapshot", s.snapshotId()));
            int snapshotSize = ((Number) source.get("size")).intValue();
            int size = s.size() == 0 ? snapshotSize : s.size();
            if (size < snapshotSize) {
                throw new InvalidRequest("size", "Share size '" + size + "' must be equal or greater than snapshot size ("
                        + snapshotSize + " GB).");
            }
            if (!s.proto().equals(source.get("share_proto"))) {
                throw new InvalidRequest("share_proto", "A share made from snapshot " + s.snapshotId() + " is "
                        + source.get("share_proto") + ", like the snapshot's share (asked: " + s.proto() + ").",
                        List.of((String) source.get("share_proto")));
            }
            if (s.zone() != null && !s.zone().equals(source.get("availability_zone"))) {
                throw new InvalidRequest("availability_zone", "A share made from snapshot " + s.snapshotId()
                        + " is created in its share's zone, " + source.get("availability_zone") + ".");
            }
            ShareType type = types.lockForUse(h, s.shareType() != null ? s.shareType()
                    : (String) source.get("share_type_id"), new ShareTypeStore.Viewer(r.caller().projectId(),
                    r.caller().role() == Role.ADMIN));
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("user_id", r.actor());
            columns.put("name", s.name());
            columns.put("description", s.description());
            columns.put("size", size);
            columns.put("share_proto", s.proto());
            columns.put("is_public", s.isPublic());
            columns.put("metadata", Metadata.write(s.metadata()));
            columns.put("share_type_id", type.id());
            columns.put("host", source.get("host"));
            columns.put("availability_zone", source.get("availability_zone"));
            columns.put("snapshot_id", s.snapshotId());
            transitions.create(h, SHARE, r.operation().name(), id, r.caller().projectId(), columns, r.actor());
            return queue.enqueue(h, SHARE.resource(), id, r.operation().name(), Map.of("size", size, "proto",
                    s.proto(), "snapshot_id", s.snapshotId()));
        });
        queue.wake();
        return shares.get(id, null);
    }

    /** An operation its worker finishes: delete, force_delete. */
    public void begin(OperationRequest r) {
        begin(r, Map.of());
    }

    /** extend or shrink to {@code newSize} GB. */
    public void resize(OperationRequest r, int newSize) {
        sizeInRange(newSize);
        begin(r, Map.of("new_size", newSize));
    }

    /**
     * Moves the share to the recycle bin, to be purged after the retention time, or takes it back out:
     * one test-and-set each, the declared operation's only target state.
     *
     * @param purgeAfter when the leader purges it, or null when the operation takes it out
     */
    public void recycle(OperationRequest r, java.time.Duration purgeAfter) {
        Map<String, Object> sets = new java.util.HashMap<>();
        sets.put("scheduled_to_be_deleted_at", purgeAfter == null ? null : System.currentTimeMillis()
                + purgeAfter.toMillis());
        transitions.locked(SHARE, r.id(), r.holder(nodeId), h -> {
            visible(h, r.caller(), r.id());
            return transitions.set(h, SHARE, r.id(), r.operation().name(), r.operation().successState(), r.actor(),
                    r.seen(), sets);
        });
    }

    /** The share a live instance of it belongs to, for the instance's forwarded actions. */
    public java.util.Optional<String> ofInstance(String instanceId) {
        return transitions.leaderOf(io.lockstep.backend.statemachine.ResourceMachines.SHARE_INSTANCE, instanceId);
    }

    public void resetStatus(OperationRequest r, String status) {
        transitions.set(r, status, r.holder(nodeId), h -> visible(h, r.caller(), r.id()));
    }

    private void begin(OperationRequest r, Map<String, Object> payload) {
        transitions.locked(SHARE, r.id(), r.holder(nodeId), h -> {
            ShareRow row = visible(h, r.caller(), r.id());
            checkSize(r.operation().name(), row, payload);
            if (r.operation().name().equals("extend")) {
                // charged as it begins, so a granted extend never finds its quota gone; a failure gives it back
                int growth = (Integer) payload.get("new_size") - row.size();
                QuotaLedger.counted(h, SHARE, r.id()).ifPresent(c ->
                        transitions.quotas().chargeGrowth(h, SHARE, c, growth));
            }
            transitions.begin(h, r, Map.of());
            return queue.enqueue(h, SHARE.resource(), r.id(), r.operation().name(), payload);
        });
        queue.wake();
    }

    /** Manila's checks of the requested size against the current one, read under the lock. */
    private static void checkSize(String operation, ShareRow row, Map<String, Object> payload) {
        if (!payload.containsKey("new_size")) {
            return;
        }
        int newSize = (Integer) payload.get("new_size");
        if (operation.equals("extend") && newSize <= row.size()) {
            throw new InvalidRequest("new_size", "New size for extend must be greater than current size "
                    + row.size() + " GB (received " + newSize + ").");
        }
        if (operation.equals("shrink") && newSize >= row.size()) {
            throw new InvalidRequest("new_size", "New size for shrink must be less than current size "
                    + row.size() + " GB (received " + newSize + ").");
        }
    }

    private static void sizeInRange(int size) {
        if (size < 1 || size > MAX_SIZE_GB) {
            throw new InvalidRequest("new_size", "new_size must be an integer from 1 to " + MAX_SIZE_GB + " (GB).");
        }
    }

    private static ShareRow visible(Handle h, Caller c, String id) {
        return ShareStore.find(h, id, c.scope())
                .orElseThrow(() -> new ResourceNotFound("share", id));
    }
}
