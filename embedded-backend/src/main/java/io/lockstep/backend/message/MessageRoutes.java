package io.lockstep.backend.message;

import io.javalin.http.Context;
import io.lockstep.api.message.MessageEnvelope;
import io.lockstep.api.message.MessageList;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.time.Clock;
import java.util.List;

/** Manila's user messages: {@code GET /v2/{project_id}/messages[/{id}]} and {@code DELETE .../{id}}. */
public final class MessageRoutes {

    private static final List<String> PARAMS = List.of("resource_id", "resource_type", "limit", "all_tenants");
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
                    .orElseThrow(() -> notFound(ctx))));
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
        int limit = (int) Requests.number(ctx, "limit", 1000, 1, 1000);
        json.render(ctx, 200, new MessageList(store.list(c.projectFilter(), ctx.queryParam("resource_id"), type, limit,
                clock.millis())));
    }

    private static ApiError notFound(Context ctx) {
        return new ApiError(404, "Message " + ctx.pathParam("id") + " could not be found.");
    }
}
