package io.lockstep.backend.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.event.ChangeSignal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The work items table: the API enqueues in the transaction that begins a transition; workers claim by
 * test-and-set on owner and lease. An item whose lease expired may be claimed by anyone, and writes by
 * an owner that lost it are refused ({@link LeaseLost}). Thread-safe.
 */
public final class WorkQueue {

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final Clock clock;
    private final ChangeSignal enqueued = new ChangeSignal();

    public WorkQueue(Jdbi jdbi, Database.Dialect dialect, Clock clock) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** Records work in the caller's transaction. Call {@link #wake()} after it commits. */
    public String enqueue(Handle h, String resourceType, String resourceId, String operation,
                          Map<String, Object> payload) {
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        h.createUpdate("""
                        INSERT INTO work_items (id, resource_type, resource_id, operation, payload, state, owner,
                                                lease_expires_at, attempts, created_at, updated_at)
                        VALUES (:id, :type, :rid, :op, :payload, 'pending', NULL, 0, 0, :now, :now)""")
                .bind("id", id).bind("type", resourceType).bind("rid", resourceId).bind("op", operation)
                .bind("payload", toJson(payload)).bind("now", now)
                .execute();
        return id;
    }

    public void wake() {
        enqueued.signal();
    }

    public ChangeSignal signal() {
        return enqueued;
    }

    /** Claims the oldest claimable item (unowned, or its lease expired) for {@code owner}, if any. */
    public Optional<WorkItem> claim(String owner, Duration lease) {
        long now = clock.millis();
        String select = "SELECT id FROM work_items WHERE state = 'pending' AND lease_expires_at < :now"
                + " ORDER BY created_at LIMIT 8" + (dialect == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "");
        return jdbi.inTransaction(h -> {
            List<String> candidates = h.createQuery(select).bind("now", now).mapTo(String.class).list();
            for (String id : candidates) {
                int claimed = h.createUpdate("""
                                UPDATE work_items SET owner = :owner, lease_expires_at = :until,
                                       attempts = attempts + 1, updated_at = :now
                                WHERE id = :id AND state = 'pending' AND lease_expires_at < :now""")
                        .bind("owner", owner).bind("until", now + lease.toMillis()).bind("now", now).bind("id", id)
                        .execute();
                if (claimed == 1) {
                    return Optional.of(load(h, id));
                }
            }
            return Optional.empty();
        });
    }

    /** Extends the lease; false if the owner lost the item. */
    public boolean renew(String id, String owner, Duration lease) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE work_items SET lease_expires_at = :until, updated_at = :now
                        WHERE id = :id AND owner = :owner AND state = 'pending'""")
                .bind("until", now + lease.toMillis()).bind("now", now).bind("id", id).bind("owner", owner)
                .execute() == 1);
    }

    /** Marks the item done in the caller's transaction; fenced by owner. */
    public void complete(Handle h, String id, String owner, String note) {
        end(h, id, owner, DONE, note);
    }

    /** Marks the item failed (given up) in the caller's transaction; fenced by owner. */
    public void fail(Handle h, String id, String owner, String error) {
        end(h, id, owner, FAILED, error);
    }

    private void end(Handle h, String id, String owner, String state, String note) {
        int n = h.createUpdate("""
                        UPDATE work_items SET state = :state, last_error = :note, updated_at = :now
                        WHERE id = :id AND owner = :owner AND state = 'pending'""")
                .bind("state", state).bind("note", note).bind("now", clock.millis()).bind("id", id)
                .bind("owner", owner).execute();
        if (n != 1) {
            throw new LeaseLost(id, owner);
        }
    }

    /** Gives an unfinished item back at once (clean shutdown), so the next service need not wait out the lease. */
    public void release(String id, String owner) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE work_items SET owner = NULL, lease_expires_at = 0, updated_at = :now
                        WHERE id = :id AND owner = :owner AND state = 'pending'""")
                .bind("now", clock.millis()).bind("id", id).bind("owner", owner).execute());
        wake();
    }

    /** Whether the item is still pending (not done, not failed), read in the caller's transaction. */
    public boolean isPending(Handle h, String id) {
        return h.createQuery("SELECT COUNT(*) FROM work_items WHERE id = :id AND state = 'pending'").bind("id", id)
                .mapTo(Integer.class).one() > 0;
    }

    /** Items still pending, claimed or not. */
    public int pendingCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM work_items WHERE state = 'pending'")
                .mapTo(Integer.class).one());
    }

    private static WorkItem load(Handle h, String id) {
        return h.createQuery("SELECT * FROM work_items WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new WorkItem(rs.getString("id"), rs.getString("resource_type"),
                        rs.getString("resource_id"), rs.getString("operation"), fromJson(rs.getString("payload")),
                        rs.getInt("attempts"), rs.getString("owner"), rs.getLong("lease_expires_at")))
                .one();
    }

    private static String toJson(Map<String, Object> payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("work payload is not serialisable", e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, PAYLOAD);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt work payload: " + json, e);
        }
    }
}
