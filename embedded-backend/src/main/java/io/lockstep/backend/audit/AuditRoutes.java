package io.lockstep.backend.audit;

import io.javalin.Javalin;
import io.lockstep.api.audit.AuditList;
import io.lockstep.api.auth.Role;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.util.List;

/**
 * {@code GET /lockstep/v1/audit?after_id=&limit=&actor=&action=&target_id=&outcome=accepted|refused}:
 * the audit log, oldest first after an id (operators and admins; an admin sees every project).
 */
public final class AuditRoutes {

    private static final List<String> PARAMS = List.of("after_id", "limit", "actor", "action", "target_id",
            "outcome", "all_tenants");
    private static final List<String> OUTCOMES = List.of("accepted", "refused");
    private final AuditLog log;
    private final JsonRenderer json;

    public AuditRoutes(AuditLog log, JsonRenderer json) {
        this.log = log;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/audit", ctx -> {
            Caller c = Requests.authorize(ctx, Privileged.READ_AUDIT);
            Requests.checkParams(ctx, PARAMS);
            long after = Requests.number(ctx, "after_id", 0, 0, Long.MAX_VALUE);
            int limit = (int) Requests.number(ctx, "limit", 500, 1, 1000);
            String outcome = Requests.oneOf(ctx, "outcome", null, OUTCOMES);
            json.render(ctx, 200, new AuditList(log.list(new AuditLog.Query(after, limit, c.role() == Role.ADMIN
                    ? null : c.projectId(), ctx.queryParam("actor"), ctx.queryParam("action"),
                    ctx.queryParam("target_id"), outcome == null ? null : outcome.equals("refused")))));
        });
    }
}
