package io.lockstep.backend.audit;

import io.javalin.Javalin;
import io.lockstep.api.audit.AuditList;
import io.lockstep.api.auth.Role;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.share.ShareRoutes;
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
    private final ShareRoutes.Renderer json;

    public AuditRoutes(AuditLog log, ShareRoutes.Renderer json) {
        this.log = log;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/audit", ctx -> {
            Caller c = Requests.requireRole(ctx, Role.OPERATOR);
            Requests.checkParams(ctx, PARAMS);
            long after = number(ctx.queryParam("after_id"), "after_id", 0, Long.MAX_VALUE, 0);
            int limit = (int) number(ctx.queryParam("limit"), "limit", 1, 1000, 500);
            String outcome = ctx.queryParam("outcome");
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                throw new ApiError(new ErrorDetail(400, "'outcome' must be one of " + OUTCOMES + ".", null, null,
                        null, null, null, "outcome", OUTCOMES));
            }
            json.render(ctx, 200, new AuditList(log.list(new AuditLog.Query(after, limit, c.role() == Role.ADMIN
                    ? null : c.projectId(), ctx.queryParam("actor"), ctx.queryParam("action"),
                    ctx.queryParam("target_id"), outcome == null ? null : outcome.equals("refused")))));
        });
    }

    private static long number(String raw, String field, long min, long max, long dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiError(new ErrorDetail(400, "'" + field + "' must be a whole number from " + min + " to " + max
                + " (got '" + raw + "').", null, null, null, null, null, field, null));
    }
}
