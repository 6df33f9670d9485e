package io.lockstep.backend.message;

import io.lockstep.api.message.Message;
import io.lockstep.backend.http.ManilaTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code messages} table. Thread-safe. */
public final class MessageStore {

    /** Manila keeps messages for 30 days by default ({@code message_ttl}). */
    public static final Duration TTL = Duration.ofDays(30);
    private static final Map<String, String> ACTIONS = Map.of("create", "002", "delete", "007", "extend", "008",
            "shrink", "009");

    private final Jdbi jdbi;

    public MessageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Manila's action id of a scheduler's placement ("allocate host"). */
    public static final String ALLOCATE_HOST = "001";

    /** Records an error message with Manila's action and detail ids, in the caller's transaction. */
    public static void error(Handle h, String projectId, String resource, String resourceId, String actionId,
                             String detailId, String text, long now) {
        error(h, projectId, resource, resourceId, actionId, detailId, text, null, now);
    }

    /** As above, naming the API request that led to it (its {@code X-Openstack-Request-Id}). */
    public static void error(Handle h, String projectId, String resource, String resourceId, String actionId,
                             String detailId, String text, String requestId, long now) {
        h.createUpdate("""
                        INSERT INTO messages (id, project_id, resource_type, resource_id, action_id, detail_id,
                            message_level, user_message, request_id, created_at, expires_at)
                        VALUES (:id, :project, :type, :resource, :action, :detail, 'ERROR', :text, :request, :now, :expires)""")
                .bind("id", UUID.randomUUID().toString()).bind("project", projectId)
                .bind("type", resource.equals("share") ? "SHARE" : "SHARE_SNAPSHOT").bind("resource", resourceId)
                .bind("action", actionId).bind("detail", detailId).bind("request", requestId)
                .bind("text", text.length() > 1024 ? text.substring(0, 1024) : text)
                .bind("now", now).bind("expires", now + TTL.toMillis()).execute();
    }

    /** Records an error message for a resource, in the caller's transaction. */
    public static void error(Handle h, String projectId, String resource, String resourceId, String operation,
                             String text, long now) {
        error(h, projectId, resource, resourceId, ACTIONS.getOrDefault(operation, "005"), "001", text, now);
    }

    /** Manila's message filters; null fields do not filter; times are epoch milliseconds. */
    public record Filter(String project, String resourceId, String resourceType, String actionId, String detailId,
                         String messageLevel, String requestId, Long createdSince, Long createdBefore) {
    }

    /** The columns a list may be sorted by (Manila's {@code sort_key} values). */
    public static final List<String> SORT_KEYS = List.of("id", "project_id", "request_id", "resource_type",
            "action_id", "detail_id", "resource_id", "message_level", "expires_at", "created_at");

    /** Messages of {@code project} (every project when null) not expired at {@code now}, newest first. */
    public List<Message> list(String project, String resourceId, String resourceType, int limit, long now) {
        return list(new Filter(project, resourceId, resourceType, null, null, null, null, null, null), "created_at",
                false, limit, 0, now);
    }

    /** Messages {@code f} selects, not expired at {@code now}; {@code sortKey} is one of {@link #SORT_KEYS}. */
    public List<Message> list(Filter f, String sortKey, boolean ascending, int limit, int offset, long now) {
        if (!SORT_KEYS.contains(sortKey)) {
            throw new IllegalArgumentException("sort key " + sortKey);
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM messages WHERE expires_at > :now");
        Map<String, Object> binds = new java.util.LinkedHashMap<>();
        where(sql, binds, "project_id", f.project());
        where(sql, binds, "resource_id", f.resourceId());
        where(sql, binds, "resource_type", f.resourceType());
        where(sql, binds, "action_id", f.actionId());
        where(sql, binds, "detail_id", f.detailId());
        where(sql, binds, "message_level", f.messageLevel());
        where(sql, binds, "request_id", f.requestId());
        if (f.createdSince() != null) {
            sql.append(" AND created_at >= :since");
            binds.put("since", f.createdSince());
        }
        if (f.createdBefore() != null) {
            sql.append(" AND created_at <= :before");
            binds.put("before", f.createdBefore());
        }
        sql.append(" ORDER BY ").append(sortKey).append(ascending ? " ASC" : " DESC").append(", id LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("now", now).bind("limit", limit).bind("offset", offset);
            binds.forEach(q::bind);
            return q.map((rs, ctx) -> row(rs)).list();
        });
    }

    private static void where(StringBuilder sql, Map<String, Object> binds, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            binds.put(column, value);
        }
    }

    public Optional<Message> get(String id, String project) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM messages WHERE id = :id"
                        + (project == null ? "" : " AND project_id = :project"))
                .bind("id", id).bind("project", project).map((rs, ctx) -> row(rs)).findOne());
    }

    public boolean delete(String id, String project) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM messages WHERE id = :id"
                        + (project == null ? "" : " AND project_id = :project"))
                .bind("id", id).bind("project", project).execute()) == 1;
    }

    private static Message row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Message(rs.getString("id"), rs.getString("project_id"), rs.getString("resource_type"),
                rs.getString("resource_id"), rs.getString("action_id"), rs.getString("detail_id"),
                rs.getString("message_level"), rs.getString("user_message"), rs.getString("request_id"),
                ManilaTime.format(rs.getLong("created_at")), ManilaTime.format(rs.getLong("expires_at")));
    }
}
