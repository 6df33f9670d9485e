package io.lockstep.backend.share;

import io.lockstep.backend.zone.AvailabilityZones;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.api.Link;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.api.share.ShareEnvelope;
import io.lockstep.api.share.ShareList;
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
import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.OperationRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Manila's share endpoints. Handlers validate, call {@link ShareService}, and render Manila's JSON. */
public final class ShareRoutes {

    record ResizeBody(@JsonProperty("new_size") Integer newSize, @JsonProperty("force") Boolean force) {
    }

    private final ShareService service;
    private final List<Consumer<OperationRoutes>> contributions;
    private final ShareStore store;
    private final Bodies bodies;
    private final JsonRenderer json;

    /**
     * @param contributions other features' handlers of share operations (a migration's), registered
     *                      with the share's routes so that share knows no feature that builds on it
     */
    public ShareRoutes(ShareService service, ShareStore store, Bodies bodies, JsonRenderer json,
                       List<Consumer<OperationRoutes>> contributions) {
        this.contributions = List.copyOf(contributions);
        this.service = service;
        this.store = store;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/shares/detail", ctx -> list(ctx, true));
        r.get("/shares", ctx -> list(ctx, false));
        r.get("/shares/{id}/export_locations", this::exportLocations);
        r.get("/shares/{id}", this::show);
        OperationRoutes routes = OperationRoutes.of(SHARE, bodies, json)
                .create(this::create)
                .on("delete", (req, body) -> service.begin(req))
                .on("force_delete", (req, body) -> {
                    body.requireNoArguments();
                    service.begin(req);
                })
                .on("extend", (req, body) -> service.resize(req, newSize(body.args(), body.key())))
                .on("shrink", (req, body) -> service.resize(req, newSize(body.args(), body.key())))
                .on("reset_status", (req, body) -> service.resetStatus(req, body.resetStatus(bodies, SHARE)));
        contributions.forEach(c -> c.accept(routes));
        routes.register(r);
    }

    private void list(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        ListQuery q = Requests.listQuery(ctx, c, Set.of(), Set.of("is_public", "is_soft_deleted", "with_count"));
        Requests.checkStatusFilter(q, SHARE);
        List<ShareRow> rows = "true".equalsIgnoreCase(ctx.queryParam("is_soft_deleted")) ? List.of() : store.list(q);
        String base = ManilaRouter.base(ctx);
        Microversion v = Requests.version(ctx);
        List<Share> shares = rows.stream().map(row -> detail ? render(row, base, v) : summary(row, base)).toList();
        json.render(ctx, 200, new ShareList(shares));
    }

    private void show(Context ctx) {
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", "share");
        json.render(ctx, 200, new ShareEnvelope(render(store.get(id, c.scope()), ManilaRouter.base(ctx),
                Requests.version(ctx))));
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        CreateShare body = bodies.parse(ctx, CreateShare.class);
        ShareService.NewShare s = validate(body.share());
        ShareRow row = service.create(req, s);
        return new OperationRoutes.Reply(200, new ShareEnvelope(render(row, ManilaRouter.base(ctx),
                Requests.version(ctx))));
    }

    private void exportLocations(Context ctx) {
        Caller c = Requests.caller(ctx);
        ShareRow row = store.get(Requests.id(ctx, "id", "share"), c.scope());
        List<Map<String, Object>> locations = row.exportLocation() == null ? List.of() : List.of(Map.of(
                "id", row.id(), "path", row.exportLocation(), "preferred", true, "is_admin_only", false,
                "share_instance_id", row.id()));
        json.render(ctx, 200, Map.of("export_locations", locations));
    }

    private int newSize(JsonNode args, String action) {
        ResizeBody b = args == null || args.isNull() ? null : bodies.convert(args, ResizeBody.class);
        if (b == null || b.newSize() == null) {
            throw new ApiError(new ErrorDetail(400, "'" + action + ".new_size' is required: an integer from 1 to "
                    + ShareService.MAX_SIZE_GB + ".", null, null, null, null, null, "new_size", null));
        }
        return b.newSize();
    }

    static ShareService.NewShare validate(CreateShare.Body b) {
        if (b == null) {
            throw new ApiError(new ErrorDetail(400, "The body must be {\"share\": {...}}.", null, null, null, null,
                    null, "share", null));
        }
        String proto = b.shareProto() == null ? null : b.shareProto().toUpperCase();
        if (proto == null || !ShareService.PROTOCOLS.contains(proto)) {
            throw ApiError.field("share_proto", "share_proto must be one of " + ShareService.PROTOCOLS
                    + (b.shareProto() == null ? "" : " (got '" + b.shareProto() + "')") + ".", ShareService.PROTOCOLS);
        }
        if (b.size() == null || b.size() < 1 || b.size() > ShareService.MAX_SIZE_GB) {
            throw ApiError.field("size", "size must be an integer from 1 to " + ShareService.MAX_SIZE_GB + " (GB)"
                    + (b.size() == null ? "" : "; got " + b.size()) + ".", null);
        }
        unsupported("snapshot_id", b.snapshotId());
        unsupported("share_network_id", b.shareNetworkId());
        unsupported("share_group_id", b.shareGroupId());
        String name = b.name() != null ? b.name() : b.displayName();
        String description = b.description() != null ? b.description() : b.displayDescription();
        length("name", name, 255);
        length("description", description, 1024);
        Map<String, String> metadata = b.metadata() == null ? Map.of() : b.metadata();
        if (metadata.size() > 64) {
            throw ApiError.field("metadata", "metadata may hold at most 64 keys.", null);
        }
        metadata.forEach((k, v) -> {
            length("metadata key", k, 255);
            length("metadata value", v, 1023);
        });
        String zone = b.availabilityZone() == null || b.availabilityZone().isBlank() ? null : b.availabilityZone();
        length("availability_zone", zone, 255);
        return new ShareService.NewShare(name, description, b.size(), proto,
                Boolean.TRUE.equals(b.isPublic()), metadata, b.shareType(), zone);
    }

    private static void unsupported(String field, String value) {
        if (value != null) {
            throw ApiError.field(field, field + " is not supported by this service (omit it or send null).", null);
        }
    }

    private static void length(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiError.field(field, field + " may be at most " + max + " characters (got " + value.length() + ").", null);
        }
    }

    static Share summary(ShareRow r, String base) {
        return new Share(r.id(), r.name(), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, links(r, base));
    }

    /** Export locations left the share's body at 2.9 (they have an API of their own), as in Manila. */
    private static final Microversion EXPORT_LOCATIONS_API = new Microversion(2, 9);

    static Share render(ShareRow r, String base, Microversion v) {
        boolean inBody = !v.atLeast(EXPORT_LOCATIONS_API);
        List<String> locations = !inBody ? null
                : r.exportLocation() == null ? List.of() : List.of(r.exportLocation());
        boolean creating = r.status().equals(SHARE.createOperation().orElseThrow().via());
        return new Share(r.id(), r.name(), r.description(), r.size(), r.status(), r.shareProto(), r.projectId(),
                r.userId(), r.host(), r.availabilityZone() != null ? r.availabilityZone() : AvailabilityZones.NAME, r.shareTypeId(), r.shareTypeName(), r.shareTypeName(),
                inBody ? r.exportLocation() : null, locations, r.metadata(), r.isPublic(), null, null, null, null, true,
                false, false, false, false, null, r.taskState(), "active", false, creating ? "0%" : "100%",
                ManilaTime.format(r.createdAt()), ManilaTime.format(r.updatedAt()), links(r, base));
    }

    private static List<Link> links(ShareRow r, String base) {
        return List.of(new Link(base + "/v2/" + r.projectId() + "/shares/" + r.id(), "self"),
                new Link(base + "/" + r.projectId() + "/shares/" + r.id(), "bookmark"));
    }
}
