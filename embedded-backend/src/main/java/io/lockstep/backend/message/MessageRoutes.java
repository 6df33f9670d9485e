package io.lockstep.backend.message;

import io.javalin.http.Context;
import io.lockstep.api.message.MessageEnvelope;
import io.lockstep.api.message.MessageList;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.api.message.Message;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.time.Clock;
import java.util.List;

/** Manila's user messages: {@code GET /v2/{project_id}/messages[/{id}]} and {@code DELETE .../{id}}. */
public final class MessageRoutes {

    private static final List<String> PARAMS = List.of("resource_id", "resource_type", "limit", "offset", "all_tenants",
            "action_id", "detail_id", "message_level", "request_id", "created_since", "created_before", "sort_key",
            "sort_dir", "project_id");
    private static final Microversion TIME_FILTERS = new Microversion(2, 52);
    private static final List<String> TYPES = List.of("SHARE", "SHARE_SNAPSHOT");

    private final MessageStore store;
    private final Clock clock;
    private final JsonRenderer json;

    public MessageRoutes(MessageStore store, Clock clock, JsonRenderer json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/messages", this::list);
        r.get("/messages/{id}", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, new MessageEnvelope(store.get(Requests.id(ctx, "id", "message"), c.scope())
                    .orElseThrow(() -> notFound(ctx)).withLinks(ManilaRouter.base(ctx))));
        });
        r.delete("/messages/{id}", ctx -> {
            Caller c = Requests.authorize(ctx, Privileged.DELETE_MESSAGE);
            if (!store.delete(Requests.id(ctx, "id", "message"), c.scope())) {
                throw notFound(ctx);
            }
            ctx.status(204);
        });
    }

    private void list(Context ctx) {
        Caller c = Requests.caller(ctx);
        Requests.checkParams(ctx, PARAMS);
        String type = Requests.oneOf(ctx, "resource_type", null, TYPES);
        int limit = (int) Requests.number(ctx, "limit", 1000, 0, 1000);
        int offset = (int) Requests.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String sortKey = Requests.oneOf(ctx, "sort_key", "created_at", MessageStore.SORT_KEYS);
        boolean ascending = Requests.oneOf(ctx, "sort_dir", "desc", List.of("asc", "desc")).equals("asc");
        String level = Requests.oneOf(ctx, "message_level", null, List.of("ERROR"));
        Long since = time(ctx, "created_since");
        Long before = time(ctx, "created_before");
        String project = c.projectFilter();
        String projectParam = ctx.queryParam("project_id");
        if (projectParam != null && !projectParam.isEmpty() && c.mayTouchProject(projectParam)) {
            project = projectParam;
        }
        String base = ManilaRouter.base(ctx);
        List<Message> found = store.list(new MessageStore.Filter(project, blank(ctx.queryParam("resource_id")), type,
                        blank(ctx.queryParam("action_id")), blank(ctx.queryParam("detail_id")), level,
                        blank(ctx.queryParam("request_id")), since, before), sortKey, ascending, limit == 0 ? 1000 : limit,
                offset, clock.millis()).stream().map(m -> m.withLinks(base)).toList();
        json.render(ctx, 200, new MessageList(found));
    }

    /** {@code created_since} / {@code created_before} (2.52): an ISO 8601 time, UTC unless it says otherwise. */
    private static Long time(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!Requests.version(ctx).atLeast(TIME_FILTERS)) {
            throw ApiError.field(name, "Filtering by '" + name + "' needs API version " + TIME_FILTERS + " or later.");
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException withoutZone) {
            try {
                return java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiError.field(name, "'" + name + "' must be an ISO 8601 time, e.g. 2026-12-05T10:00:00Z (got '"
                        + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "').");
            }
        }
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static ApiError notFound(Context ctx) {
        return new ApiError(404, "Message " + ctx.pathParam("id") + " could not be found.");
    }
}
