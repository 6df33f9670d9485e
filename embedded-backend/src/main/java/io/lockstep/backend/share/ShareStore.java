package io.lockstep.backend.share;

import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.ResourceNotFound;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** Reads of the shares table; writes go through the transition primitive. Thread-safe. */
public final class ShareStore {

    static final RowMapper<ShareRow> MAPPER = (rs, ctx) -> new ShareRow(
            rs.getString("id"), rs.getString("project_id"), rs.getString("user_id"), rs.getString("name"),
            rs.getString("description"), rs.getInt("size"), rs.getString("share_proto"), rs.getString("status"),
            rs.getString("host"), rs.getString("export_location"), rs.getBoolean("is_public"),
            Metadata.read(rs.getString("metadata")), rs.getLong("created_at"), rs.getLong("updated_at"),
            rs.getString("task_state"), rs.getString("share_type_id"), rs.getString("share_type_name"),
            rs.getString("availability_zone"));
    /** Every column of a share and its type's name (null if the type is gone). */
    static final String SELECT = "SELECT shares.*, (SELECT t.name FROM share_types t WHERE t.id = shares.share_type_id)"
            + " AS share_type_name FROM shares";

    private final Jdbi jdbi;

    public ShareStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A live (not deleted) share visible to {@code projectId} (null: any project). */
    public ShareRow get(String id, String projectId) {
        return jdbi.withHandle(h -> find(h, id, projectId)).orElseThrow(() -> new ResourceNotFound("share", id));
    }

    public static Optional<ShareRow> find(Handle h, String id, String projectId) {
        return h.createQuery(SELECT + " WHERE id = :id AND status <> 'deleted'"
                        + (projectId == null ? "" : " AND project_id = :project"))
                .bind("id", id).bind("project", projectId).map(MAPPER).findOne();
    }

    public List<ShareRow> list(ListQuery q) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE status <> 'deleted'");
        if (q.projectId() != null) {
            sql.append(" AND project_id = :project");
        }
        if (q.status() != null) {
            sql.append(" AND status = :status");
        }
        if (q.name() != null) {
            sql.append(" AND name = :name");
        }
        // sortKey comes from a closed list (validated), never from raw input.
        sql.append(" ORDER BY ").append(q.sortKey()).append(q.ascending() ? " ASC" : " DESC")
                .append(", id LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("project", q.projectId()).bind("status", q.status())
                    .bind("name", q.name()).bind("limit", q.limit()).bind("offset", q.offset());
            return query.map(MAPPER).list();
        });
    }
}
