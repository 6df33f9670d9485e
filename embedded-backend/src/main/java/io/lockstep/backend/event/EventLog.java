package io.lockstep.backend.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The append-only event log (the outbox). Appends happen inside the caller's transaction, so an event
 * exists exactly when its change committed. Ids come from one counter row that each appending
 * transaction updates and holds until it commits: ids are gapless and visible in id order.
 * Thread-safe.
 */
public final class EventLog {

    private static final int MAX_MESSAGE = 2000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final ChangeSignal appended = new ChangeSignal();

    public EventLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Brings the event counter up to the newest event, if a crash left it behind (seen on H2 after a
     * {@code kill -9}: an event row kept, its counter increment not). Behind, every later append would
     * collide with an existing id and no write could commit again; ahead is harmless. Returns how far it
     * moved; run at start, before any append.
     */
    public long repairCounter() {
        return jdbi.inTransaction(h -> {
            long counter = h.createQuery("SELECT last_id FROM event_counter WHERE name = 'events'").mapTo(Long.class)
                    .one();
            long newest = h.createQuery("SELECT COALESCE(MAX(id), 0) FROM events").mapTo(Long.class).one();
            if (newest <= counter) {
                return 0L;
            }
            // conditional: another node's append may have moved the counter past it meanwhile
            int moved = h.createUpdate("UPDATE event_counter SET last_id = :n WHERE name = 'events' AND last_id < :n")
                    .bind("n", newest).execute();
            return moved == 0 ? 0L : newest - counter;
        });
    }

    /**
     * Takes the event counter's row lock now, in the caller's transaction (a no-op if it holds it). A
     * transaction that will lock other shared rows after its first event (quota usage) takes this first,
     * so every transaction takes the counter before those rows and none can wait on another in a cycle.
     */
    public static void takeCounterFirst(Handle h) {
        h.execute("UPDATE event_counter SET last_id = last_id WHERE name = 'events'");
    }

    /** Appends in the caller's transaction and returns the new id. Call {@link #committed()} after commit. */
    public long append(Handle h, NewEvent e) {
        h.execute("UPDATE event_counter SET last_id = last_id + 1 WHERE name = 'events'");
        long id = h.createQuery("SELECT last_id FROM event_counter WHERE name = 'events'").mapTo(Long.class).one();
        String message = e.message() == null || e.message().length() <= MAX_MESSAGE
                ? e.message() : e.message().substring(0, MAX_MESSAGE);
        h.createUpdate("""
                        INSERT INTO events (id, created_at, kind, resource_type, resource_id, project_id, operation,
                                            from_status, to_status, actor, message, row_json)
                        VALUES (:id, :at, :kind, :type, :rid, :project, :op, :from, :to, :actor, :message, :row)""")
                .bind("id", id)
                .bind("at", clock.millis())
                .bind("kind", e.kind().wireName())
                .bind("type", e.resourceType())
                .bind("rid", e.resourceId())
                .bind("project", e.projectId())
                .bind("op", e.operation())
                .bind("from", e.from())
                .bind("to", e.to())
                .bind("actor", e.actor())
                .bind("message", message)
                .bind("row", rowJson(e.row()))
                .execute();
        return id;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ROW = 4000;

    /** The row as stored; a row that would not fit is left out (readers fall back to asking). */
    private static String rowJson(Map<String, Object> row) {
        if (row == null || row.isEmpty()) {
            return null;
        }
        try {
            String json = JSON.writeValueAsString(row);
            return json.length() <= MAX_ROW ? json : null;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event row must be plain values: " + row.keySet(), e);
        }
    }

    private static Map<String, Object> row(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return null; // written by us; never expected
        }
    }

    /** Appends in a transaction of its own (rejections: the refused change was rolled back). */
    public long appendAlone(NewEvent e) {
        long id = jdbi.inTransaction(h -> append(h, e));
        committed();
        return id;
    }

    /** Wakes readers waiting for new events; call after a transaction that appended commits. */
    public void committed() {
        appended.signal();
    }

    public ChangeSignal signal() {
        return appended;
    }

    public long lastId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_id FROM event_counter WHERE name = 'events'")
                .mapTo(Long.class).one());
    }

    /**
     * Filters for reading the log; null fields do not filter.
     *
     * @param systemToo with a project filter: also the events that belong to no project (leaders,
     *                  services), which only admins see
     */
    public record Filter(String resourceType, String resourceId, String projectId, boolean systemToo) {
        public static final Filter ALL = new Filter(null, null, null, true);

        public Filter(String resourceType, String resourceId, String projectId) {
            this(resourceType, resourceId, projectId, false);
        }

        /** Whether {@code e} passes this filter: the same test {@link #after} makes in SQL. */
        public boolean matches(Event e) {
            if (resourceType != null && !resourceType.equals(e.resourceType())) {
                return false;
            }
            if (resourceId != null && !resourceId.equals(e.resourceId())) {
                return false;
            }
            if (projectId == null) {
                return true;
            }
            return projectId.equals(e.projectId()) || systemToo && e.projectId() == null;
        }
    }

    /** Events with ids above {@code afterId}, oldest first. */
    public List<Event> after(long afterId, int limit, Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM events WHERE id > :after");
        if (filter.resourceType() != null) {
            sql.append(" AND resource_type = :type");
        }
        if (filter.resourceId() != null) {
            sql.append(" AND resource_id = :rid");
        }
        if (filter.projectId() != null) {
            sql.append(filter.systemToo() ? " AND (project_id = :project OR project_id IS NULL)"
                    : " AND project_id = :project");
        }
        sql.append(" ORDER BY id LIMIT :limit");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("after", afterId).bind("limit", limit);
            if (filter.resourceType() != null) {
                q.bind("type", filter.resourceType());
            }
            if (filter.resourceId() != null) {
                q.bind("rid", filter.resourceId());
            }
            if (filter.projectId() != null) {
                q.bind("project", filter.projectId());
            }
            return q.map((rs, ctx) -> new Event(
                    rs.getLong("id"),
                    Instant.ofEpochMilli(rs.getLong("created_at")).toString(),
                    EventKind.fromWire(rs.getString("kind")),
                    rs.getString("resource_type"),
                    rs.getString("resource_id"),
                    rs.getString("project_id"),
                    rs.getString("operation"),
                    rs.getString("from_status"),
                    rs.getString("to_status"),
                    rs.getString("actor"),
                    rs.getString("message"),
                    row(rs.getString("row_json")))).list();
        });
    }
}
