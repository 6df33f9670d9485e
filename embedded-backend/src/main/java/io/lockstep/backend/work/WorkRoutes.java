package io.lockstep.backend.work;

import io.javalin.Javalin;
import io.lockstep.api.work.WorkList;
import io.lockstep.api.work.WorkView;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /lockstep/v1/work}: which service on which node is working on what, for the console. */
public final class WorkRoutes {

    private static final int LIMIT = 1000;

    private final Jdbi jdbi;
    private final JsonRenderer json;

    public WorkRoutes(Jdbi jdbi, JsonRenderer json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/work", ctx -> {
            var caller = Requests.caller(ctx);
            // Admins see every project's work; anyone else only the work on their project's resources.
            String project = caller.role() == io.lockstep.api.auth.Role.ADMIN ? null : caller.projectId();
            json.render(ctx, 200, new WorkList(jdbi.withHandle(h -> h.createQuery("""
                            SELECT w.id, w.resource_type, w.resource_id, w.operation, w.owner, w.attempts,
                                   w.lease_expires_at
                            FROM work_items w
                            LEFT JOIN shares s ON w.resource_type = 'share' AND s.id = w.resource_id
                            LEFT JOIN snapshots n ON w.resource_type = 'snapshot' AND n.id = w.resource_id
                            WHERE w.state = 'pending'
                              AND (CAST(:project AS VARCHAR(64)) IS NULL OR COALESCE(s.project_id, n.project_id) = :project)
                            ORDER BY w.created_at LIMIT :limit""")
                    .bind("limit", LIMIT).bind("project", project)
                    .map((rs, c) -> new WorkView(rs.getString("id"), rs.getString("resource_type"),
                            rs.getString("resource_id"), rs.getString("operation"), rs.getString("owner"),
                            nodeOf(rs.getString("owner")), rs.getInt("attempts"),
                            Instant.ofEpochMilli(rs.getLong("lease_expires_at")).toString()))
                    .list())));
        });
    }

    /** {@code share@node-2/1a2b3c4d} is node-2's (see {@code ServiceNode}). */
    public static String nodeOf(String owner) {
        if (owner == null) {
            return null;
        }
        int at = owner.indexOf('@');
        int slash = owner.lastIndexOf('/');
        return at < 0 ? owner : owner.substring(at + 1, slash > at ? slash : owner.length());
    }
}
