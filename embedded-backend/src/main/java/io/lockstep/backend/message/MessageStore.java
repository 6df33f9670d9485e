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
        h.createUpdate("""
                        INSERT INTO messages (id, project_id, resource_type, resource_id, action_id, detail_id,
                            message_level, user_message, request_id, created_at, expires_at)
                        VALUES (:id, :project, :type, :resource, :action, :detail, 'ERROR', :text, NULL, :now, :expires)""")
                .bind("id", UUID.randomUUID().toString()).bind("project", projectId)
                .bind("type", resource.equals("share") ? "SHARE" : "SHARE_SNAPSHOT").bind("resource", resourceId)
                .bind("action", actionId).bind("detail", detailId)
                .bind("text", text.length() > 1024 ? text.substring(0, 1024) : text)
                .bind("now", now).bind("expires", now + TTL.toMillis()).execute();
    }

    /** Records an error message for a resource, in the caller's transaction. */
    public static void error(Handle h, String projectId, String resource, String resourceId, String operation,
                             String text, long now) {
        error(h, projectId, resource, resourceId, ACTIONS.getOrDefault(operation, "005"), "001", text, now);
    }

    /** Messages of {@code project} (every project when null) not expired at {@code now}, newest first. */
    public List<Message> list(String project, String resourceId, String resourceType, int limit, long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM messages WHERE expires_at > :now"
                        + (project == null ? "" : " AND project_id = :project")
                        + (resourceId == null ? "" : " AND resource_id = :resource")
                        + (resourceType == null ? "" : " AND resource_type = :type")
                        + " ORDER BY created_at DESC, id LIMIT :limit")
                .bind("now", now).bind("project", project).bind("resource", resourceId).bind("type", resourceType)
                .bind("limit", limit).map((rs, ctx) -> row(rs)).list());
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
