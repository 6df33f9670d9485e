package io.lockstep.backend.audit;

import io.lockstep.api.audit.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The audit table: appended after each write, read oldest first after an id. Thread-safe. */
public final class AuditLog {

    /** A write to record. */
    public record Entry(long at, String node, String actor, String role, String projectId, String method,
                       String path, String action, String targetType, String targetId, String seen, int outcome,
                       String message, String requestId) {
    }

    /** What to list; null fields do not filter. */
    public record Query(long afterId, int limit, String projectId, String actor, String action, String targetId,
                        Boolean refused) {
    }

    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void append(Entry e) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit (at, node, actor, role, project_id, method, path, action, target_type,
                            target_id, seen, outcome, message, request_id)
                        VALUES (:at, :node, :actor, :role, :project, :method, :path, :action, :type, :target,
                            :seen, :outcome, :message, :request)""")
                .bind("at", e.at()).bind("node", cut(e.node(), 64)).bind("actor", cut(e.actor(), 128))
                .bind("role", cut(e.role(), 16)).bind("project", cut(e.projectId(), 64)).bind("method", cut(e.method(), 8)).bind("path", cut(e.path(), 512))
                .bind("action", cut(e.action(), 64)).bind("type", cut(e.targetType(), 32))
                .bind("target", cut(e.targetId(), 255)).bind("seen", cut(e.seen(), 64)).bind("outcome", e.outcome())
                .bind("message", cut(e.message(), 1024)).bind("request", cut(e.requestId(), 64)).execute());
    }

    public List<AuditEntry> list(Query q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE id > :after");
        if (q.projectId() != null) {
            sql.append(" AND project_id = :project");
        }
        if (q.actor() != null) {
            sql.append(" AND actor = :actor");
        }
        if (q.action() != null) {
            sql.append(" AND action = :action");
        }
        if (q.targetId() != null) {
            sql.append(" AND target_id = :target");
        }
        if (q.refused() != null) {
            sql.append(q.refused() ? " AND outcome >= 400" : " AND outcome < 400");
        }
        sql.append(" ORDER BY id LIMIT :limit");
        return jdbi.withHandle(h -> h.createQuery(sql.toString()).bind("after", q.afterId())
                .bind("project", q.projectId()).bind("actor", q.actor()).bind("action", q.action())
                .bind("target", q.targetId()).bind("limit", q.limit())
                .map((rs, c) -> new AuditEntry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")).toString(),
                        rs.getString("node"), rs.getString("actor"), rs.getString("role"), rs.getString("project_id"),
                        rs.getString("method"), rs.getString("path"), rs.getString("action"),
                        rs.getString("target_type"), rs.getString("target_id"), rs.getString("seen"),
                        rs.getInt("outcome"), rs.getString("message"), rs.getString("request_id")))
                .list());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
