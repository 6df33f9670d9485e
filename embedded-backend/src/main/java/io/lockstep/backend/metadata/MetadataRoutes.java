package io.lockstep.backend.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.TransitionStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * Manila's metadata API for one resource kind ({@code /shares/{id}/metadata}, and from 2.73
 * {@code /snapshots/{id}/metadata}): list, show, set, update-all, update one, unset. Each change is a
 * read-modify-write of the row's {@code metadata} column under the resource's family lock, so two
 * concurrent changes never lose one another. The kind's machine gives its table, path and noun.
 */
public final class MetadataRoutes {

    public static final int MAX_KEYS = 64;

    private final StateMachine machine;
    private final Microversion since;
    private final TransitionStore transitions;
    private final org.jdbi.v3.core.Jdbi jdbi;
    private final Bodies bodies;
    private final JsonRenderer json;
    private final Clock clock;
    private final String nodeId;

    public MetadataRoutes(StateMachine machine, Microversion since, TransitionStore transitions,
                          org.jdbi.v3.core.Jdbi jdbi, Bodies bodies, JsonRenderer json, Clock clock, String nodeId) {
        this.machine = machine;
        this.since = since;
        this.transitions = transitions;
        this.jdbi = jdbi;
        this.bodies = bodies;
        this.json = json;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    public void register(ManilaRouter r) {
        String base = "/" + machine.wire().collection() + "/{id}/metadata";
        r.get(base, ctx -> json.render(ctx, 200, Map.of("metadata", read(ctx))));
        r.get(base + "/{key}", ctx -> {
            String key = ctx.pathParam("key");
            String value = read(ctx).get(key);
            if (value == null) {
                throw new ApiError(404, "Metadata item " + key + " was not found.");
            }
            json.render(ctx, 200, Map.of("meta", Map.of(key, value)));
        });
        r.post(base, ctx -> {
            Map<String, String> given = metadata(bodies.tree(ctx), "metadata");
            edit(ctx, m -> {
                Map<String, String> merged = new LinkedHashMap<>(m);
                merged.putAll(given);
                return merged;
            });
            json.render(ctx, 200, Map.of("metadata", given));
        });
        r.put(base, ctx -> {
            Map<String, String> given = metadata(bodies.tree(ctx), "metadata");
            edit(ctx, m -> given);
            json.render(ctx, 200, Map.of("metadata", given));
        });
        r.put(base + "/{key}", ctx -> {
            JsonNode body = bodies.tree(ctx);
            String envelope = body != null && body.has("meta") ? "meta" : "metadata";
            Map<String, String> item = metadata(body, envelope);
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
            json.render(ctx, 200, Map.of(envelope, item));
        });
        r.delete(base + "/{key}", ctx -> {
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

    private Caller visible(Context ctx, Caller c) {
        Requests.requireVersion(ctx, since, "The " + machine.noun() + " metadata API");
        return c;
    }

    private Map<String, String> read(Context ctx) {
        Caller c = visible(ctx, Requests.caller(ctx));
        String id = Requests.id(ctx, "id", machine.noun());
        return jdbi.withHandle(h -> find(h, id, c.scope())).orElseThrow(() -> new ResourceNotFound(machine.noun(), id));
    }

    private Optional<Map<String, String>> find(Handle h, String id, String project) {
        return h.createQuery("SELECT metadata FROM " + machine.table() + " WHERE id = :id AND status <> :gone"
                        + (project == null ? "" : " AND project_id = :project"))
                .bind("id", id).bind("gone", machine.terminalState()).bind("project", project)
                .mapTo(String.class).findOne().map(Metadata::read);
    }

    /** Changes the metadata under the family lock; what {@code change} returns replaces it. */
    private void edit(Context ctx, UnaryOperator<Map<String, String>> change) {
        Caller c = visible(ctx, Requests.authorize(ctx, Privileged.UPDATE_SHARE));
        String id = Requests.id(ctx, "id", machine.noun());
        String lock = transitions.lockOf(machine, id); // 404 for what does not exist, before any lock
        transitions.locked(lock, new Holder(nodeId, "api", "api:" + machine.resource() + ".metadata"), h -> {
            Map<String, String> next = change.apply(find(h, id, c.scope())
                    .orElseThrow(() -> new ResourceNotFound(machine.noun(), id)));
            if (next.size() > MAX_KEYS) {
                throw ApiError.field("metadata", "metadata may hold at most " + MAX_KEYS + " keys (this change would make "
                        + next.size() + ").");
            }
            h.createUpdate("UPDATE " + machine.table() + " SET metadata = :m, updated_at = :now WHERE id = :id")
                    .bind("m", Metadata.write(next)).bind("now", clock.millis()).bind("id", id).execute();
            transitions.changed(h, machine, id, "metadata", c.actor(), "metadata now has " + next.size() + " key"
                    + (next.size() == 1 ? "" : "s"));
            return null;
        });
    }

    /** The {@code key} object of the body as metadata, checked as Manila checks it. */
    public static Map<String, String> metadata(JsonNode body, String key) {
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
