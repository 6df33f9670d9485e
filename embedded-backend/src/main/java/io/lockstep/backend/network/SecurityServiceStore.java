package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER;

import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.request.ResourceNotFound;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The security services table: plain rows a project adds to its share networks. Each change that
 * depends on the links to networks (a delete, an update while a network with servers uses it) locks
 * the service's row first, as adding it to a network does ({@link #lockLive}), so a service is never
 * linked to a network while it is being deleted. Thread-safe.
 */
final class SecurityServiceStore {

    private final Jdbi jdbi;
    private final Clock clock;

    SecurityServiceStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A live security service visible in {@code scope} (null: any project). */
    static Optional<Map<String, Object>> find(Handle h, String id, String scope) {
        return h.createQuery("SELECT * FROM security_services WHERE id = :id AND deleted_at IS NULL"
                + (scope == null ? "" : " AND project_id = :p")).bind("id", id).bind("p", scope).mapToMap().findOne();
    }

    /** {@link #find} with the row locked until the caller's transaction ends. */
    static Optional<Map<String, Object>> lockLive(Handle h, String id, String scope) {
        return h.createQuery("SELECT * FROM security_services WHERE id = :id AND deleted_at IS NULL"
                        + (scope == null ? "" : " AND project_id = :p") + " FOR UPDATE")
                .bind("id", id).bind("p", scope).mapToMap().findOne();
    }

    Map<String, Object> get(String id, String scope) {
        return jdbi.withHandle(h -> find(h, id, scope)).orElseThrow(() -> new ResourceNotFound("security service", id));
    }

    void insert(Map<String, Object> row) {
        jdbi.useHandle(h -> {
            var u = h.createUpdate("INSERT INTO security_services (" + String.join(", ", row.keySet()) + ") VALUES (:"
                    + String.join(", :", row.keySet()) + ")");
            row.forEach(u::bind);
            u.execute();
        });
    }

    /** Changes the given columns; only name and description while a network with share servers uses it. */
    void update(String id, String scope, Map<String, Object> changes) {
        jdbi.useTransaction(h -> {
            lockLive(h, id, scope).orElseThrow(() -> new ResourceNotFound("security service", id));
            List<String> busy = networksWithServers(h, id);
            if (!busy.isEmpty() && changes.keySet().stream().anyMatch(k -> !k.equals("name") && !k.equals("description"))) {
                throw new ApiError(403, "Security service " + id + " is used by share networks " + busy + " that have "
                        + "share servers: only its name and description may change.");
            }
            if (!changes.isEmpty()) {
                var u = h.createUpdate("UPDATE security_services SET " + String.join(", ", changes.keySet().stream()
                        .map(k -> k + " = :" + k).toList()) + ", updated_at = :now WHERE id = :id");
                changes.forEach(u::bind);
                u.bind("now", clock.millis()).bind("id", id).execute();
            }
        });
    }

    /** Deletes it; refused (403) while a network uses it. */
    void delete(String id, String scope) {
        jdbi.useTransaction(h -> {
            lockLive(h, id, scope).orElseThrow(() -> new ResourceNotFound("security service", id));
            List<String> used = networksOf(h, id);
            if (!used.isEmpty()) {
                throw new ApiError(403, "Security service " + id + " is used by share networks " + used
                        + ": remove it from them first.");
            }
            h.createUpdate("UPDATE security_services SET deleted_at = :now WHERE id = :id").bind("now", clock.millis())
                    .bind("id", id).execute();
        });
    }

    List<Map<String, Object>> list(String where, Map<String, Object> binds) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT s.* FROM security_services s" + where + " ORDER BY s.created_at, s.id");
            binds.forEach(q::bind);
            return q.mapToMap().list();
        });
    }

    List<String> networksOf(String id) {
        return jdbi.withHandle(h -> networksOf(h, id));
    }

    private static List<String> networksOf(Handle h, String id) {
        return h.createQuery("SELECT share_network_id FROM share_network_security_services WHERE security_service_id = :id"
                + " ORDER BY created_at").bind("id", id).mapTo(String.class).list();
    }

    private static List<String> networksWithServers(Handle h, String serviceId) {
        return h.createQuery("SELECT DISTINCT l.share_network_id FROM share_network_security_services l JOIN "
                        + SHARE_SERVER.table() + " s ON s.share_network_id = l.share_network_id WHERE "
                        + "l.security_service_id = :id AND s.status <> :t")
                .bind("id", serviceId).bind("t", SHARE_SERVER.terminalState()).mapTo(String.class).list();
    }
}
