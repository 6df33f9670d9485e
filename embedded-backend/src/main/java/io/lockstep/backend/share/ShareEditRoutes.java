package io.lockstep.backend.share;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.api.share.ShareEnvelope;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.sharetype.ExtraSpecs;
import io.lockstep.backend.transition.TransitionStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What changes a share without changing its status, as Manila has it: {@code PUT /shares/{id}} (name,
 * description, {@code is_public}) and the metadata API (list, show, set, update-all, update one,
 * unset). Each change is a read-modify-write of the share's row under its family lock, so two
 * concurrent metadata changes never lose one another.
 */
public final class ShareEditRoutes {

    static final int MAX_KEYS = 64;

    private final TransitionStore transitions;
    private final ShareStore store;
    private final Bodies bodies;
    private final JsonRenderer json;
    private final Clock clock;
    private final String nodeId;

    public ShareEditRoutes(TransitionStore transitions, ShareStore store, Bodies bodies, JsonRenderer json, Clock clock,
                           String nodeId) {
        this.transitions = transitions;
        this.store = store;
        this.bodies = bodies;
        this.json = json;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    public void register(ManilaRouter r) {
        r.put("/shares/{id}", this::update);
        r.get("/shares/{id}/metadata", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, Map.of("metadata", store.get(Requests.id(ctx, "id", "share"), c.scope()).metadata()));
        });
        r.get("/shares/{id}/metadata/{key}", ctx -> {
            Caller c = Requests.caller(ctx);
            String key = ctx.pathParam("key");
            String value = store.get(Requests.id(ctx, "id", "share"), c.scope()).metadata().get(key);
            if (value == null) {
                throw new ApiError(404, "Metadata item " + key + " was not found.");
            }
            json.render(ctx, 200, Map.of("meta", Map.of(key, value)));
        });
        r.post("/shares/{id}/metadata", ctx -> {
            Map<String, String> given = metadata(bodies.tree(ctx), "metadata");
            edit(ctx, m -> {
                Map<String, String> merged = new LinkedHashMap<>(m);
                merged.putAll(given);
                return merged;
            });
            json.render(ctx, 200, Map.of("metadata", given));
        });
        r.put("/shares/{id}/metadata", ctx -> {
            Map<String, String> given = metadata(bodies.tree(ctx), "metadata");
            edit(ctx, m -> given);
            json.render(ctx, 200, Map.of("metadata", given));
        });
        r.put("/shares/{id}/metadata/{key}", ctx -> {
            JsonNode body = bodies.tree(ctx);
            Map<String, String> item = metadata(body, body.has("meta") ? "meta" : "metadata");
            String key = ctx.pathParam("key");
            if (!item.containsKey(key)) {
                throw ApiError.field("metadata", "Request body and URI mismatch: the body must name '" + key + "'.");
            }
            if (item.size() > 1) {
                throw ApiError.field("metadata", "Request body contains too many items: one, named as in the URI.");
            }
            edit(ctx, m -> {
                Map<String, String> merged = new LinkedHashMap<>(m);
                merged.putAll(item);
                return merged;
            });
            json.render(ctx, 200, Map.of(body.has("meta") ? "meta" : "metadata", item));
        });
        r.delete("/shares/{id}/metadata/{key}", ctx -> {
            String key = ctx.pathParam("key");
            edit(ctx, m -> {
                if (!m.containsKey(key)) {
                    throw new ApiError(404, "Metadata item " + key + " was not found.");
                }
                Map<String, String> less = new LinkedHashMap<>(m);
                less.remove(key);
                return less;
            });
            ctx.status(200);
        });
    }

    /** Changes the share's metadata under its family lock; what {@code change} returns replaces it. */
    private void edit(Context ctx, UnaryOperator<Map<String, String>> change) {
        Caller c = Requests.authorize(ctx, Privileged.UPDATE_SHARE);
        String id = Requests.id(ctx, "id", "share");
        store.get(id, c.scope()); // 404 before taking a lock for a share the caller cannot see
        transitions.locked(SHARE, id, holder("metadata"), h -> {
            ShareRow row = ShareStore.find(h, id, c.scope()).orElseThrow(() -> new ResourceNotFound("share", id));
            Map<String, String> next = change.apply(row.metadata());
            if (next.size() > MAX_KEYS) {
                throw ApiError.field("metadata", "metadata may hold at most " + MAX_KEYS + " keys (this change would make "
                        + next.size() + ").");
            }
            return h.createUpdate("UPDATE " + SHARE.table() + " SET metadata = :m, updated_at = :now WHERE id = :id")
                    .bind("m", Metadata.write(next)).bind("now", clock.millis()).bind("id", id).execute();
        });
    }

    private void update(Context ctx) {
        Caller c = Requests.authorize(ctx, Privileged.UPDATE_SHARE);
        String id = Requests.id(ctx, "id", "share");
        JsonNode body = bodies.tree(ctx).get("share");
        if (body == null || !body.isObject()) {
            throw ApiError.field("share", "The body must be {\"share\": {\"display_name\", \"display_description\" or "
                    + "\"is_public\"}}.");
        }
        Map<String, Object> sets = new LinkedHashMap<>();
        text(body, "display_name", "name", 255).ifPresent(v -> sets.put("name", v));
        text(body, "display_description", "description", 1024).ifPresent(v -> sets.put("description", v));
        if (body.has("is_public") && !body.get("is_public").isNull()) {
            JsonNode p = body.get("is_public");
            sets.put("is_public", ExtraSpecs.bool(p.isBoolean() ? p.asBoolean() : p.asText()).orElseThrow(() ->
                    ApiError.field("is_public", "is_public must be a boolean (true or false), got " + p + ".",
                            List.of("true", "false"))));
        }
        if (sets.isEmpty()) {
            throw ApiError.field("share", "Nothing to change: give display_name, display_description or is_public.");
        }
        store.get(id, c.scope());
        transitions.locked(SHARE, id, holder("update"), h -> {
            ShareStore.find(h, id, c.scope()).orElseThrow(() -> new ResourceNotFound("share", id));
            StringBuilder sql = new StringBuilder("UPDATE " + SHARE.table() + " SET updated_at = :now");
            sets.keySet().forEach(k -> sql.append(", ").append(k).append(" = :").append(k));
            var u = h.createUpdate(sql + " WHERE id = :id").bind("now", clock.millis()).bind("id", id);
            sets.forEach(u::bind);
            return u.execute();
        });
        json.render(ctx, 200, new ShareEnvelope(ShareRoutes.render(store.get(id, c.scope()), ManilaRouter.base(ctx),
                Requests.version(ctx))));
    }

    private Holder holder(String what) {
        return new Holder(nodeId, "api", "api:share." + what);
    }

    private static java.util.Optional<String> text(JsonNode body, String field, String alias, int max) {
        JsonNode n = body.has(field) ? body.get(field) : body.get(alias);
        if (n == null || n.isNull()) {
            return java.util.Optional.empty();
        }
        if (!n.isTextual() || n.asText().length() > max) {
            throw ApiError.field(field, "'" + field + "' must be a string of at most " + max + " characters.");
        }
        return java.util.Optional.of(n.asText());
    }

    /** The {@code key} object of the body as metadata, checked as Manila checks it. */
    private static Map<String, String> metadata(JsonNode body, String key) {
        JsonNode m = body == null ? null : body.get(key);
        if (m == null || !m.isObject()) {
            throw ApiError.field(key, "Malformed request body: it must be {\"" + key + "\": {\"key\": \"value\", ...}}.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (k.isEmpty() || k.length() > 255) {
                throw ApiError.field("metadata", "Metadata property key must be 1 to 255 characters (got " + k.length() + ").");
            }
            JsonNode v = e.getValue();
            if (v == null || v.isNull() || v.isContainerNode()) {
                throw ApiError.field("metadata", "Metadata property value for '" + k + "' must be a string.");
            }
            if (v.asText().length() > 1023) {
                throw ApiError.field("metadata", "Metadata property value for '" + k + "' may be at most 1023 characters.");
            }
            out.put(k, v.asText());
        });
        if (out.size() > MAX_KEYS) {
            throw ApiError.field("metadata", "metadata may hold at most " + MAX_KEYS + " keys.");
        }
        return out;
    }
}
