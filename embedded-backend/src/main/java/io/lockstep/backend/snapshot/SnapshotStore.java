package io.lockstep.backend.snapshot;

import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.ResourceNotFound;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Reads of the snapshots table. Thread-safe. */
public final class SnapshotStore {

    private static final String SELECT = "SELECT s.*, sh.share_proto FROM snapshots s JOIN shares sh ON sh.id = s.share_id";

    static final RowMapper<SnapshotRow> MAPPER = (rs, ctx) -> new SnapshotRow(
            rs.getString("id"), rs.getString("share_id"), rs.getString("project_id"), rs.getString("user_id"),
            rs.getString("name"), rs.getString("description"), rs.getInt("size"), rs.getString("status"),
            rs.getString("provider_location"), rs.getString("share_proto"), rs.getLong("created_at"),
            rs.getLong("updated_at"), io.lockstep.backend.metadata.Metadata.read(rs.getString("metadata")));

    private final Jdbi jdbi;

    public SnapshotStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public SnapshotRow get(String id, String projectId) {
        return jdbi.withHandle(h -> find(h, id, projectId)).orElseThrow(() -> new ResourceNotFound("snapshot", id));
    }

    static Optional<SnapshotRow> find(Handle h, String id, String projectId) {
        return h.createQuery(SELECT + " WHERE s.id = :id AND s.status <> 'deleted'"
                        + (projectId == null ? "" : " AND s.project_id = :project"))
                .bind("id", id).bind("project", projectId).map(MAPPER).findOne();
    }

    public List<SnapshotRow> list(ListQuery q) {
        String sql = SELECT + where(q) + " ORDER BY s." + q.sortKey() + (q.ascending() ? " ASC" : " DESC")
                + ", s.id LIMIT :limit OFFSET :offset";
        return jdbi.withHandle(h -> bind(h.createQuery(sql), q).bind("limit", q.limit()).bind("offset", q.offset())
                .map(MAPPER).list());
    }

    /** How many snapshots {@code q} selects, paging aside. */
    public int count(ListQuery q) {
        return jdbi.withHandle(h -> bind(h.createQuery("SELECT COUNT(*) FROM snapshots s" + where(q)), q)
                .mapTo(Integer.class).one());
    }

    private static String where(ListQuery q) {
        StringBuilder sql = new StringBuilder(" WHERE s.status <> 'deleted'");
        if (q.projectId() != null) {
            sql.append(" AND s.project_id = :project");
        }
        if (q.status() != null) {
            sql.append(" AND s.status = :status");
        }
        if (q.name() != null) {
            sql.append(" AND s.name = :name");
        }
        if (q.shareId() != null) {
            sql.append(" AND s.share_id = :share");
        }
        return sql.toString();
    }

    private static org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query query, ListQuery q) {
        return query.bind("project", q.projectId()).bind("status", q.status()).bind("name", q.name())
                .bind("share", q.shareId());
    }
}
