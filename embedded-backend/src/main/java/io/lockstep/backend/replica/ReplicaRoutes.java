package io.lockstep.backend.replica;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_REPLICA_STATE;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.backend.http.ActionBody;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.share.ExportLocations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manila's share replicas (2.11): {@code /share-replicas} list, detail and show (by {@code share_id}),
 * create, delete, the actions {@code promote}, {@code resync}, {@code reset_status}, {@code force_delete}
 * and {@code reset_replica_state} (the last the replica_state machine's, on the same route), and the
 * replica's export locations (2.47). Every write is routed from the two declarations. A promote or resync
 * of the active replica is answered 200 and does nothing, as Manila does. Thread-safe.
 */
public final class ReplicaRoutes {

    static final Microversion REPLICAS = new Microversion(2, 11);
    private static final Microversion CAST_RULES = new Microversion(2, 30);
    private static final Microversion EXPORT_LOCATIONS = new Microversion(2, 47);
    private static final Microversion NETWORK = new Microversion(2, 72);
    private static final Microversion QUIESCE = new Microversion(2, 75);

    private final ReplicaService service;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ReplicaRoutes(ReplicaService service, Bodies bodies, JsonRenderer json) {
        this.service = service;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        String collection = "/" + SHARE_REPLICA.wire().collection();
        r.get(collection, ctx -> list(ctx, false));
        r.get(collection + "/detail", ctx -> list(ctx, true));
        r.get(collection + "/{id}", ctx -> {
            Caller c = caller(ctx);
            json.render(ctx, 200, Map.of("share_replica", detail(service.store().get(id(ctx), c.scope()), c,
                    Requests.version(ctx))));
        });
        r.get(collection + "/{id}/export-locations", ctx -> {
            Caller c = exportCaller(ctx);
            ReplicaRow row = service.store().get(id(ctx), c.scope());
            json.render(ctx, 200, Map.of("export_locations", exportLocations(row)));
        });
        r.get(collection + "/{id}/export-locations/{location}", ctx -> {
            Caller c = exportCaller(ctx);
            ReplicaRow row = service.store().get(id(ctx), c.scope());
            String wanted = ctx.pathParam("location");
            json.render(ctx, 200, Map.of("export_location", exportLocations(row).stream()
                    .filter(e -> e.get("id").equals(wanted)).findFirst()
                    .orElseThrow(() -> new ApiError(404, "Export location " + wanted + " could not be found."))));
        });
        OperationRoutes.of(SHARE_REPLICA, bodies, json)
                .create(this::create)
                .on("delete", (req, body, v) -> begin(req, v))
                .on("force_delete", (req, body, v) -> {
                    body.requireNoArguments();
                    begin(req, v);
                })
                .replying("promote", (req, body, v) -> {
                    requireVersion(v);
                    quiesceWaitTime(body, v);
                    return startUnlessActive(req);
                })
                .replying("resync", (req, body, v) -> {
                    requireVersion(v);
                    return startUnlessActive(req);
                })
                .on("reset_status", (req, body, v) -> {
                    requireVersion(v);
                    service.set(req, body.resetStatus(bodies, SHARE_REPLICA));
                })
                .alongside(OperationRoutes.of(SHARE_REPLICA_STATE, bodies, json)
                        .on("reset_replica_state", (req, body, v) -> {
                            requireVersion(v);
                            service.set(req, replicaState(body));
                        }))
                .register(r);
    }

    private void list(Context ctx, boolean detail) {
        Caller c = caller(ctx);
        Requests.checkParams(ctx, List.of("share_id", "all_tenants", "limit", "offset"));
        String shareId = ctx.queryParam("share_id");
        Microversion v = Requests.version(ctx);
        List<ReplicaRow> rows = service.store().list(c.projectFilter(), shareId);
        int offset = (int) Requests.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) Requests.number(ctx, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        json.render(ctx, 200, Map.of("share_replicas", rows.stream().skip(offset).limit(limit)
                .map(row -> detail ? detail(row, c, v) : summary(row)).toList()));
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        requireVersion(Requests.version(ctx));
        JsonNode body = bodies.tree(ctx);
        JsonNode b = body == null ? null : body.get("share_replica");
        if (b == null || !b.isObject()) {
            throw ApiError.field("share_replica", "The body must be {\"share_replica\": {\"share_id\": ...}}.");
        }
        JsonNode shareId = b.get("share_id");
        if (shareId == null || !shareId.isTextual() || shareId.asText().isBlank()) {
            throw ApiError.field("share_id", "Must provide Share ID to add replica: 'share_id' is required.");
        }
        if (!Requests.isUuid(shareId.asText())) {
            throw new ApiError(404, "No share exists with ID " + shareId.asText() + ".");
        }
        JsonNode zone = b.get("availability_zone");
        if (zone != null && !zone.isNull() && !zone.isTextual()) {
            throw ApiError.field("availability_zone", "'availability_zone' must be a zone's name.");
        }
        JsonNode network = b.get("share_network_id");
        if (network != null && !network.isNull() && !Requests.version(ctx).atLeast(NETWORK)) {
            throw ApiError.field("share_network_id", "'share_network_id' option is not supported by this microversion."
                    + " Use 2.72 or greater microversion to be able to use 'share_network_id'.");
        }
        ReplicaRow row = service.create(req, shareId.asText(), zone == null || zone.isNull() ? null : zone.asText());
        return new OperationRoutes.Reply(202, Map.of("share_replica", detail(row, req.caller(),
                Requests.version(ctx))));
    }

    private void begin(OperationRequest req, Microversion v) {
        requireVersion(v);
        service.begin(req);
    }

    private OperationRoutes.Reply startUnlessActive(OperationRequest req) {
        if (service.isActive(req.id(), req.scope())) {
            return new OperationRoutes.Reply(200, null);
        }
        service.begin(req);
        return OperationRoutes.Reply.accepted();
    }

    private static void quiesceWaitTime(ActionBody body, Microversion v) {
        JsonNode wait = body.args() == null || body.args().isNull() ? null : body.args().get("quiesce_wait_time");
        if (wait == null || wait.isNull()) {
            return;
        }
        if (!v.atLeast(QUIESCE)) {
            throw ApiError.field("quiesce_wait_time", "'quiesce_wait_time' needs API version " + QUIESCE + " or later.");
        }
        if (!wait.canConvertToInt() || !wait.isIntegralNumber() && !wait.asText().matches("\\d+") || wait.asInt() <= 0) {
            throw ApiError.field("quiesce_wait_time", "quiesce_wait_time must be an integer and greater than 0.");
        }
    }

    private static String replicaState(ActionBody body) {
        List<String> allowed = SHARE_REPLICA_STATE.operation("reset_replica_state").success();
        JsonNode state = body.args() == null || body.args().isNull() ? null : body.args().get("replica_state");
        if (state == null || !state.isTextual()) {
            throw new InvalidRequest("replica_state", "'" + body.key() + ".replica_state' is required; allowed: "
                    + allowed + ".", allowed);
        }
        return state.asText();
    }

    private static Map<String, Object> summary(ReplicaRow r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.id());
        d.put("share_id", r.shareId());
        d.put("status", r.status());
        d.put("replica_state", r.replicaState());
        return d;
    }

    static Map<String, Object> detail(ReplicaRow r, Caller c, Microversion v) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.id());
        d.put("share_id", r.shareId());
        d.put("availability_zone", r.availabilityZone());
        d.put("created_at", ManilaTime.format(r.createdAt()));
        d.put("status", r.status());
        d.put("share_network_id", r.shareNetworkId());
        d.put("replica_state", r.replicaState());
        d.put("updated_at", ManilaTime.format(r.updatedAt()));
        if (c.scope() == null) {
            d.put("share_server_id", null);
            d.put("host", r.host());
            if (v.atLeast(CAST_RULES)) {
                d.put("cast_rules_to_readonly", false);
            }
        }
        d.put("lockstep_lag_ms", r.lagMs());
        d.put("lockstep_last_synced_at", r.lastSyncedAt() == null ? null : ManilaTime.format(r.lastSyncedAt()));
        return d;
    }

    private static List<Map<String, Object>> exportLocations(ReplicaRow r) {
        if (r.exportLocation() == null) {
            return List.of();
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", ExportLocations.idOf(r.id(), r.host()));
        e.put("path", r.exportLocation());
        e.put("share_instance_id", r.id());
        e.put("is_admin_only", false);
        e.put("preferred", true);
        e.put("replica_state", r.replicaState());
        e.put("availability_zone", r.availabilityZone());
        return List.of(e);
    }

    private static Caller caller(Context ctx) {
        Requests.requireVersion(ctx, REPLICAS, "Share replicas");
        return Requests.caller(ctx);
    }

    private static Caller exportCaller(Context ctx) {
        Requests.requireVersion(ctx, EXPORT_LOCATIONS, "Share replica export locations");
        return Requests.caller(ctx);
    }

    private static void requireVersion(Microversion v) {
        if (!v.atLeast(REPLICAS)) {
            throw new ApiError(404, "Share replicas need API version " + REPLICAS + " or later.");
        }
    }

    private static String id(Context ctx) {
        return Requests.id(ctx, "id", SHARE_REPLICA.noun());
    }
}
