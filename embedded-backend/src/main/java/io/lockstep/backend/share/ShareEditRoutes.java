package io.lockstep.backend.share;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
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

/**
 * {@code PUT /shares/{id}} as Manila has it (name, description, {@code is_public}): a change of the
 * share's row under its family lock that leaves its status alone. Its metadata has its own routes
 * ({@code MetadataRoutes}).
 */
public final class ShareEditRoutes {

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
            u.execute();
            transitions.changed(h, SHARE, id, "update", c.actor(), "changed " + String.join(", ", sets.keySet()));
            return null;
        });
        json.render(ctx, 200, Map.of("share", ShareView.detail(store.get(id, c.scope()), ManilaRouter.base(ctx),
                Requests.version(ctx), c.role() == io.lockstep.api.auth.Role.ADMIN)));
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
}
