package io.lockstep.backend.share;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.http.ActionBody;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Forbidden;
import io.lockstep.backend.sharetype.ExtraSpecs;
import io.lockstep.api.auth.Role;
import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
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
    private final java.time.Duration retention;

    /**
     * @param contributions other features' handlers of share operations (a migration's), registered
     *                      with the share's routes so that share knows no feature that builds on it
     */
    public ShareRoutes(ShareService service, ShareStore store, Bodies bodies, JsonRenderer json,
                       List<Consumer<OperationRoutes>> contributions) {
        this(service, store, bodies, json, contributions, DEFAULT_RETENTION);
    }

    /** Manila's default {@code soft_deleted_share_retention_time}: a week. */
    public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(7);

    /** @param retention how long a share stays in the recycle bin before the leader purges it */
    public ShareRoutes(ShareService service, ShareStore store, Bodies bodies, JsonRenderer json,
                       List<Consumer<OperationRoutes>> contributions, java.time.Duration retention) {
        this.retention = retention;
        this.contributions = List.copyOf(contributions);
        this.service = service;
        this.store = store;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/shares/detail", ctx -> list(ctx, true));
        r.get("/shares", ctx -> list(ctx, false));
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
                .on("reset_status", (req, body) -> service.resetStatus(req, body.resetStatus(bodies, SHARE)))
                .on("soft_delete", (req, body, v) -> recycle(req, body, v, retention))
                .on("restore_from_bin", (req, body, v) -> recycle(req, body, v, null))
                .forwardFrom(ResourceMachines.SHARE_INSTANCE, service::ofInstance);
        contributions.forEach(c -> c.accept(routes));
        routes.register(r);
    }

    /** The share's create that a {@code snapshot_id} in the body selects. */
    private static final String FROM_SNAPSHOT = "create_from_snapshot";
    /** The share's create that a {@code share_network_id} in the body selects. */
    private static final String ON_SERVER = "create_on_server";
    /** Manila's recycle bin. */
    private static final Microversion RECYCLE_BIN = new Microversion(2, 69);

    private void recycle(OperationRequest req, ActionBody body, Microversion v, java.time.Duration purgeAfter) {
        if (!v.atLeast(RECYCLE_BIN)) {
            throw new ApiError(400, "'" + body.key() + "' needs API version " + RECYCLE_BIN + " or later.");
        }
        body.requireNoArguments();
        service.recycle(req, purgeAfter);
    }

    private static final Microversion WITH_COUNT = new Microversion(2, 42);
    private static final Microversion LIKE_FILTERS = new Microversion(2, 36);
    private static final Microversion EXPORT_LOCATION_FILTERS = new Microversion(2, 35);

    private void list(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        ListQuery q = Requests.listQuery(ctx, c, Set.of(), Set.of("is_public", "is_soft_deleted", "with_count",
                "name~", "description", "description~", "host", "share_type_id", "availability_zone",
                "export_location_id", "export_location_path", "metadata", "extra_specs", "share_network_id",
                "snapshot_id", "share_group_id", "share_server_id", "display_name", "display_description",
                "display_name~", "display_description~", "marker"));
        Microversion v = Requests.version(ctx);
        boolean admin = c.role() == Role.ADMIN;
        String base = ManilaRouter.base(ctx);
        ShareFilter f = filter(ctx, v, admin);
        boolean nothing = !Requests.statusCanMatch(q, SHARE)
                || ctx.queryParam("share_group_id") != null;
        String marker = param(ctx, "marker");
        if (marker != null && !nothing) {
            q = new ListQuery(q.projectId(), q.status(), q.name(), q.shareId(), q.limit(),
                    store.offsetAfter(q, f, marker), q.sortKey(), q.ascending());
        }
        ShareStore.Page page = nothing ? new ShareStore.Page(List.of(), 0) : store.list(q, f);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shares", page.rows().stream().map(row -> detail ? ShareView.detail(row, base, v, admin)
                : ShareView.summary(row, base)).toList());
        if (v.atLeast(WITH_COUNT) && "true".equalsIgnoreCase(ctx.queryParam("with_count"))) {
            body.put("count", page.count());
        }
        Requests.nextLink(ctx, q, page.rows().size(), page.count(),
                page.rows().isEmpty() ? null : page.rows().get(page.rows().size() - 1).id()).ifPresent(next ->
                body.put("shares_links", List.of(Map.of("href", next, "rel", "next"))));
        json.render(ctx, 200, body);
    }

    /** Manila's share filters, each from the version that added it; {@code host} is for admins. */
    private ShareFilter filter(Context ctx, Microversion v, boolean admin) {
        String host = param(ctx, "host");
        if (host != null && !admin) {
            throw new Forbidden("Only an admin may list shares by host.");
        }
        String nameLike = firstParam(ctx, "name~", "display_name~");
        String descriptionLike = firstParam(ctx, "description~", "display_description~");
        if ((nameLike != null || descriptionLike != null) && !v.atLeast(LIKE_FILTERS)) {
            throw ApiError.field(nameLike != null ? "name~" : "description~", "Filtering by 'name~' and "
                    + "'description~' needs API version " + LIKE_FILTERS + " or later.");
        }
        String elId = param(ctx, "export_location_id");
        String elPath = param(ctx, "export_location_path");
        if ((elId != null || elPath != null) && !v.atLeast(EXPORT_LOCATION_FILTERS)) {
            throw ApiError.field(elId != null ? "export_location_id" : "export_location_path", "Filtering by export "
                    + "location needs API version " + EXPORT_LOCATION_FILTERS + " or later.");
        }
        String isPublic = param(ctx, "is_public");
        boolean withPublic = false;
        if (isPublic != null) {
            withPublic = ExtraSpecs.bool(isPublic).orElseThrow(() -> ApiError.field("is_public",
                    "is_public must be true or false (got '" + isPublic + "').", List.of("true", "false")));
        }
        return new ShareFilter(nameLike, firstParam(ctx, "description", "display_description"), descriptionLike, host,
                param(ctx, "share_type_id"), param(ctx, "availability_zone"), withPublic, elId, elPath,
                Requests.dictionary(ctx, "metadata", "{'key': 'value'}"),
                Requests.dictionary(ctx, "extra_specs", "{'snapshot_support': 'True'}"), param(ctx, "snapshot_id"),
                v.atLeast(RECYCLE_BIN) && "true".equalsIgnoreCase(param(ctx, "is_soft_deleted")),
                param(ctx, "share_network_id"), admin ? param(ctx, "share_server_id") : null);
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static String firstParam(Context ctx, String name, String alias) {
        String v = param(ctx, name);
        return v != null ? v : param(ctx, alias);
    }

    private void show(Context ctx) {
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", "share");
        json.render(ctx, 200, Map.of("share", ShareView.detail(store.getReadable(id, c.scope()), ManilaRouter.base(ctx),
                Requests.version(ctx), c.role() == Role.ADMIN)));
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        CreateShare body = bodies.parse(ctx, CreateShare.class);
        ShareService.NewShare s = validate(body.share());
        ShareRow row = s.snapshotId() != null
                ? service.createFromSnapshot(Requests.operation(ctx, SHARE, SHARE.operation(FROM_SNAPSHOT), null), s)
                : s.shareNetworkId() != null
                ? service.createOnServer(Requests.operation(ctx, SHARE, SHARE.operation(ON_SERVER), null), s)
                : service.create(req, s);
        return new OperationRoutes.Reply(200, Map.of("share", ShareView.detail(row, ManilaRouter.base(ctx),
                Requests.version(ctx), req.caller().role() == Role.ADMIN)));
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
        boolean fromSnapshot = b.snapshotId() != null;
        if (fromSnapshot && !Requests.isUuid(b.snapshotId())) {
            throw new ResourceNotFound("snapshot", b.snapshotId());
        }
        if (b.size() == null && fromSnapshot) {
            // Manila: a share made from a snapshot is the snapshot's size unless asked otherwise
        } else if (b.size() == null || b.size() < 1 || b.size() > ShareService.MAX_SIZE_GB) {
            throw ApiError.field("size", "size must be an integer from 1 to " + ShareService.MAX_SIZE_GB + " (GB)"
                    + (b.size() == null ? "" : "; got " + b.size()) + ".", null);
        }
        if (b.shareNetworkId() != null && !Requests.isUuid(b.shareNetworkId())) {
            throw new ResourceNotFound("share network", b.shareNetworkId());
        }
        if (b.shareNetworkId() != null && fromSnapshot) {
            throw ApiError.field("share_network_id", "A share made from a snapshot goes on its snapshot's share's "
                    + "server: omit share_network_id.", null);
        }
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
        return new ShareService.NewShare(name, description, b.size() == null ? 0 : b.size(), proto,
                Boolean.TRUE.equals(b.isPublic()), metadata, b.shareType(), zone, b.snapshotId(), b.shareNetworkId());
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
}
