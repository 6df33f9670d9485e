package io.lockstep.backend.share;

import io.lockstep.backend.metadata.Metadata;

import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.statemachine.ResourceMachines;
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
            rs.getString("availability_zone"), typeSpecs(rs),
            ResourceMachines.ACCESS_RULES_STATUS.name(rs.getInt("access_rank")), rs.getString("snapshot_id"),
            (Long) rs.getObject("scheduled_to_be_deleted_at", Long.class), rs.getString("share_network_id"),
            rs.getString("share_server_id"), rs.getInt("replica_count"));

    private static java.util.Map<String, String> typeSpecs(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String key : ShareView.TYPE_CAPABILITIES) {
            String v = rs.getString("ts_" + key);
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }
    /** Every column of a share and its type's name (null if the type is gone). */
    static final String SELECT = "SELECT shares.*, (SELECT t.name FROM share_types t WHERE t.id = shares.share_type_id)"
            + " AS share_type_name" + ShareView.TYPE_CAPABILITIES.stream().map(k -> ", (SELECT e.spec_value FROM "
            + "share_type_extra_specs e WHERE e.type_id = shares.share_type_id AND e.spec_key = '" + k + "') AS ts_" + k)
            .collect(java.util.stream.Collectors.joining()) + ", " + ResourceMachines.ACCESS_RULES_STATUS.rankSql("shares")
            + " AS access_rank, (SELECT COUNT(*) FROM " + ResourceMachines.SHARE_REPLICA.table() + " r WHERE r.share_id"
            + " = shares.id AND r." + ResourceMachines.SHARE_REPLICA.column() + " <> '"
            + ResourceMachines.SHARE_REPLICA.terminalState() + "' AND r."
            + ResourceMachines.SHARE_REPLICA_STATE.column() + " <> '" + ResourceMachines.ACTIVE_REPLICA
            + "') AS replica_count FROM shares";

    /** The states of the recycle bin: where soft_delete puts a share. */
    private static final java.util.Set<String> BINNED = java.util.Set.copyOf(
            ResourceMachines.SHARE.operation("soft_delete").success());

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

    /** One page of a list, and how many match in all. */
    public record Page(List<ShareRow> rows, int count) {
    }

    public List<ShareRow> list(ListQuery q) {
        return list(q, ShareFilter.NONE).rows();
    }

    /**
     * The shares {@code q} and {@code f} select. The project filter lets another project's public share
     * through when {@code f} asks for public shares, as Manila lists them.
     */
    public Page list(ListQuery q, ShareFilter f) {
        String where = where(q, f);
        // sortKey comes from a closed list (validated), never from raw input.
        String order = " ORDER BY " + q.sortKey() + (q.ascending() ? " ASC" : " DESC") + ", id";
        boolean afterRead = f.afterRead();
        String sql = SELECT + where + order + (afterRead ? "" : " LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            Query query = bind(h.createQuery(sql), q, f).bind("limit", q.limit()).bind("offset", q.offset());
            List<ShareRow> rows = query.map(MAPPER).list();
            if (afterRead) {
                List<ShareRow> all = rows.stream().filter(r -> matchesAfterRead(r, f)).toList();
                int from = Math.min(q.offset(), all.size());
                return new Page(all.subList(from, Math.min(all.size(), from + q.limit())), all.size());
            }
            int count = bind(h.createQuery("SELECT COUNT(*) FROM shares" + where), q, f).mapTo(Integer.class).one();
            return new Page(rows, count);
        });
    }

    private static String where(ListQuery q, ShareFilter f) {
        StringBuilder where = new StringBuilder(" WHERE status <> 'deleted'");
        if (q.projectId() != null) {
            where.append(f.withPublic() ? " AND (project_id = :project OR is_public = TRUE)" : " AND project_id = :project");
        }
        if (q.status() != null) {
            where.append(" AND status = :status");
        }
        if (q.name() != null) {
            where.append(" AND name = :name");
        }
        if (f.nameLike() != null) {
            where.append(" AND LOWER(name) LIKE :nameLike ESCAPE '!'");
        }
        if (f.description() != null) {
            where.append(" AND description = :description");
        }
        if (f.descriptionLike() != null) {
            where.append(" AND LOWER(description) LIKE :descriptionLike ESCAPE '!'");
        }
        if (f.host() != null) {
            where.append(" AND host = :host");
        }
        if (f.shareTypeId() != null) {
            where.append(" AND share_type_id = :type");
        }
        if (f.snapshotId() != null) {
            where.append(" AND snapshot_id = :snapshot");
        }
        if (f.shareNetworkId() != null) {
            where.append(" AND share_network_id = :network");
        }
        if (f.shareServerId() != null) {
            where.append(" AND share_server_id = :server");
        }
        // the recycle bin is listed only when asked for, and then alone (Manila's is_soft_deleted)
        where.append(f.softDeleted() ? " AND status IN (<binned>)" : " AND status NOT IN (<binned>)");
        if (f.zone() != null) {
            where.append(" AND availability_zone = :zone");
        }
        if (f.exportLocationPath() != null) {
            where.append(" AND export_location = :path");
        }
        int i = 0;
        for (String ignored : f.extraSpecs().keySet()) {
            where.append(" AND EXISTS (SELECT 1 FROM share_type_extra_specs e WHERE e.type_id = shares.share_type_id"
                    + " AND e.spec_key = :sk").append(i).append(" AND LOWER(e.spec_value) = :sv").append(i).append(")");
            i++;
        }
        return where.toString();
    }

    /**
     * The offset just past share {@code markerId} in the order {@code q} and {@code f} list in: how
     * Manila's {@code marker} pages.
     *
     * @throws InvalidRequest if no share so listed has that id
     */
    public int offsetAfter(ListQuery q, ShareFilter f, String markerId) {
        String order = " ORDER BY " + q.sortKey() + (q.ascending() ? " ASC" : " DESC") + ", id";
        List<String> ids = jdbi.withHandle(h -> bind(h.createQuery("SELECT id FROM shares" + where(q, f) + order), q, f)
                .mapTo(String.class).list());
        int at = ids.indexOf(markerId);
        if (at < 0) {
            throw new io.lockstep.backend.request.InvalidRequest("marker", "marker [" + markerId + "] not found.");
        }
        return at + 1;
    }

    private static Query bind(Query query, ListQuery q, ShareFilter f) {
        query.bind("project", q.projectId()).bind("status", q.status()).bind("name", q.name())
                .bind("nameLike", like(f.nameLike())).bind("description", f.description())
                .bind("descriptionLike", like(f.descriptionLike())).bind("host", f.host())
                .bind("type", f.shareTypeId()).bind("snapshot", f.snapshotId()).bind("network", f.shareNetworkId()).bind("server", f.shareServerId())
                .bindList("binned", List.copyOf(BINNED)).bind("zone", f.zone()).bind("path", f.exportLocationPath());
        int i = 0;
        for (var e : f.extraSpecs().entrySet()) {
            query.bind("sk" + i, e.getKey()).bind("sv" + i, e.getValue().toLowerCase(java.util.Locale.ROOT));
            i++;
        }
        return query;
    }

    private static String like(String contains) {
        return contains == null ? null : "%" + contains.toLowerCase(java.util.Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static boolean matchesAfterRead(ShareRow r, ShareFilter f) {
        if (f.exportLocationId() != null && !f.exportLocationId().equals(ExportLocations.idOf(r.id(), r.host()))) {
            return false;
        }
        return f.metadata().entrySet().stream().allMatch(e -> e.getValue().equals(r.metadata().get(e.getKey())));
    }

    /** A live share that {@code projectId} may read: its own, or any public one (null: any share). */
    public ShareRow getReadable(String id, String projectId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id AND status <> 'deleted'"
                        + (projectId == null ? "" : " AND (project_id = :project OR is_public = TRUE)"))
                .bind("id", id).bind("project", projectId).map(MAPPER).findOne())
                .orElseThrow(() -> new ResourceNotFound("share", id));
    }
}
