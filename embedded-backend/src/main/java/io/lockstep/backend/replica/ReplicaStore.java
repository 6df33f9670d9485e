package io.lockstep.backend.replica;

import static io.lockstep.backend.statemachine.ResourceMachines.ACTIVE_REPLICA;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA_STATE;

import io.lockstep.backend.request.ResourceNotFound;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Reads of the share_replicas table; writes go through the transition primitive. Thread-safe. */
public final class ReplicaStore {

    private static final String SELECT = "SELECT r.*, s.share_proto, s.size, s.share_network_id FROM "
            + SHARE_REPLICA.table() + " r JOIN shares s ON s.id = r.share_id";
    private static final String LIVE = " r." + SHARE_REPLICA.column() + " <> '" + SHARE_REPLICA.terminalState() + "'";

    static final RowMapper<ReplicaRow> MAPPER = (rs, ctx) -> new ReplicaRow(rs.getString("id"),
            rs.getString("share_id"), rs.getString("project_id"), rs.getString(SHARE_REPLICA.column()),
            rs.getString(SHARE_REPLICA_STATE.column()), rs.getString("host"), rs.getString("availability_zone"),
            rs.getString("export_location"), (Long) rs.getObject("lag_ms", Long.class),
            (Long) rs.getObject("last_synced_at", Long.class), rs.getLong("version"), rs.getLong("created_at"),
            rs.getLong("updated_at"), rs.getString("share_proto"), rs.getInt("size"),
            rs.getString("share_network_id"));

    private final Jdbi jdbi;

    public ReplicaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A live replica visible to {@code projectId} (null: any project). */
    public ReplicaRow get(String id, String projectId) {
        return jdbi.withHandle(h -> find(h, id, projectId))
                .orElseThrow(() -> new ResourceNotFound(SHARE_REPLICA.noun(), id));
    }

    static Optional<ReplicaRow> find(Handle h, String id, String projectId) {
        return h.createQuery(SELECT + " WHERE r.id = :id AND" + LIVE + (projectId == null ? ""
                        : " AND r.project_id = :project"))
                .bind("id", id).bind("project", projectId).map(MAPPER).findOne();
    }

    /** Live replicas, of one share or all, visible to {@code projectId} (null: any), oldest first. */
    public List<ReplicaRow> list(String projectId, String shareId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE" + LIVE
                        + (projectId == null ? "" : " AND r.project_id = :project")
                        + (shareId == null ? "" : " AND r.share_id = :share") + " ORDER BY r.created_at, r.id")
                .bind("project", projectId).bind("share", shareId).map(MAPPER).list());
    }

    /** The live replicas of a share, in the caller's transaction. */
    static List<ReplicaRow> ofShare(Handle h, String shareId) {
        return h.createQuery(SELECT + " WHERE" + LIVE + " AND r.share_id = :share ORDER BY r.created_at, r.id")
                .bind("share", shareId).map(MAPPER).list();
    }

    /** The share's active replica, if it has replicas. */
    static Optional<ReplicaRow> active(Handle h, String shareId) {
        return ofShare(h, shareId).stream().filter(r -> ACTIVE_REPLICA.equals(r.replicaState())).findFirst();
    }

    /** Every live secondary whose status is settled, for the replication leader's poll. */
    public List<ReplicaRow> secondaries() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE" + LIVE + " AND r."
                        + SHARE_REPLICA_STATE.column() + " <> :active ORDER BY r.share_id, r.id")
                .bind("active", ACTIVE_REPLICA).map(MAPPER).list());
    }
}
