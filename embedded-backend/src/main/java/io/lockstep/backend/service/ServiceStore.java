package io.lockstep.backend.service;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The services table: heartbeats written by each service, read and switched by operators. Thread-safe. */
public final class ServiceStore {

    private final Jdbi jdbi;

    public ServiceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a heartbeat (the first one registers the service) and returns the row as it is now. */
    public ServiceRow beat(String host, String binary, String nodeId, String zone, long now) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("""
                            UPDATE services SET updated_at = :now, report_count = report_count + 1, node_id = :node
                            WHERE host = :host AND binary_name = :binary""")
                    .bind("now", now).bind("node", nodeId).bind("host", host).bind("binary", binary).execute();
            if (n == 0) {
                h.createUpdate("""
                                INSERT INTO services (host, binary_name, node_id, zone, created_at, updated_at,
                                                      report_count, disabled)
                                VALUES (:host, :binary, :node, :zone, :now, :now, 1, FALSE)""")
                        .bind("host", host).bind("binary", binary).bind("node", nodeId).bind("zone", zone)
                        .bind("now", now).execute();
            }
            return h.createQuery("SELECT * FROM services WHERE host = :host AND binary_name = :binary")
                    .bind("host", host).bind("binary", binary).map((rs, ctx) -> row(rs)).one();
        });
    }

    public List<ServiceRow> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM services ORDER BY binary_name, host")
                .map((rs, ctx) -> row(rs)).list());
    }

    public Optional<ServiceRow> find(String host, String binary) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM services WHERE host = :host AND binary_name = :binary")
                .bind("host", host).bind("binary", binary).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Enables or disables a service; false when there is no such service. */
    public boolean setDisabled(String host, String binary, boolean disabled, String reason) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE services SET disabled = :disabled, disabled_reason = :reason
                        WHERE host = :host AND binary_name = :binary""")
                .bind("disabled", disabled).bind("reason", disabled ? reason : null)
                .bind("host", host).bind("binary", binary).execute() == 1);
    }

    private static ServiceRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ServiceRow(rs.getLong("id"), rs.getString("host"), rs.getString("binary_name"),
                rs.getString("node_id"), rs.getString("zone"), rs.getLong("created_at"), rs.getLong("updated_at"),
                rs.getLong("report_count"), rs.getBoolean("disabled"), rs.getString("disabled_reason"));
    }
}
