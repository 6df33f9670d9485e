package io.lockstep.backend.share;

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
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.job.MigrationService;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.Privileged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Manila's share endpoints. Handlers validate, call {@link ShareService}, and render Manila's JSON. */
public final class ShareRoutes {

    record ResizeBody(@JsonProperty("new_size") Integer newSize, @JsonProperty("force") Boolean force) {
    }

    private final ShareService service;
    private final MigrationService migrations;
    private final ShareStore store;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ShareRoutes(ShareService service, MigrationService migrations, ShareStore store, Bodies bodies,
                       JsonRenderer json) {
        this.migrations = migrations;
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
        r.get("/shares/{id}/migration-progress", ctx -> json.render(ctx, 200, progressBody(migrations.progress(
                Requests.authorize(ctx, Privileged.MIGRATION_PROGRESS), Requests.id(ctx, "id", "share")))));
        OperationRoutes.of(SHARE, bodies, json)
                .create(this::create)
                .on("delete", (req, body) -> service.begin(req))
                .on("force_delete", (req, body) -> {
                    body.requireNoArguments();
                    service.begin(req);
                })
                .on("extend", (req, body) -> service.resize(req, newSize(body.args(), body.key())))
                .on("shrink", (req, body) -> service.resize(req, newSize(body.args(), body.key())))
                .on("reset_status", (req, body) -> service.resetStatus(req, body.resetStatus(bodies, SHARE)))
                .on("migrate", (req, body) -> migrations.start(req, migrationStart(body)))
                .extra("migration_get_progress", Privileged.MIGRATION_PROGRESS, (c, id, body) -> {
                    body.requireNoArguments();
                    return new OperationRoutes.Reply(200, progressBody(migrations.progress(c, id)));
                })
                .extra("migration_complete", Privileged.MIGRATION_COMPLETE, (c, id, body) -> {
                    body.requireNoArguments();
                    migrations.complete(c, id);
                    return OperationRoutes.Reply.accepted();
                })
                .extra("migration_cancel", Privileged.MIGRATION_CANCEL, (c, id, body) -> {
                    body.requireNoArguments();
                    migrations.cancel(c, id);
                    return OperationRoutes.Reply.accepted();
                })
                .register(r);
    }

    private void list(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        ListQuery q = Requests.listQuery(ctx, c, Set.of(), Set.of("is_public", "is_soft_deleted", "with_count"));
        Requests.checkStatusFilter(q, SHARE);
        List<ShareRow> rows = "true".equalsIgnoreCase(ctx.queryParam("is_soft_deleted")) ? List.of() : store.list(q);
        String base = ManilaRouter.base(ctx);
        List<Share> shares = rows.stream().map(row -> detail ? render(row, base) : summary(row, base)).toList();
        json.render(ctx, 200, new ShareList(shares));
    }

    private void show(Context ctx) {
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", "share");
        json.render(ctx, 200, new ShareEnvelope(render(store.get(id, c.scope()), ManilaRouter.base(ctx))));
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        CreateShare body = bodies.parse(ctx, CreateShare.class);
        ShareService.NewShare s = validate(body.share());
        ShareRow row = service.create(req, s);
        return new OperationRoutes.Reply(200, new ShareEnvelope(render(row, ManilaRouter.base(ctx))));
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
            throw field("share_proto", "share_proto must be one of " + ShareService.PROTOCOLS
                    + (b.shareProto() == null ? "" : " (got '" + b.shareProto() + "')") + ".", ShareService.PROTOCOLS);
        }
        if (b.size() == null || b.size() < 1 || b.size() > ShareService.MAX_SIZE_GB) {
            throw field("size", "size must be an integer from 1 to " + ShareService.MAX_SIZE_GB + " (GB)"
                    + (b.size() == null ? "" : "; got " + b.size()) + ".", null);
        }
        unsupported("snapshot_id", b.snapshotId());
        unsupported("share_network_id", b.shareNetworkId());
        unsupported("share_group_id", b.shareGroupId());
        if (b.shareType() != null && !b.shareType().equals("default") && !b.shareType().equals(ShareTypes.DEFAULT_ID)) {
            throw field("share_type", "Unknown share type '" + b.shareType() + "'; allowed: [default].",
                    List.of("default"));
        }
        String name = b.name() != null ? b.name() : b.displayName();
        String description = b.description() != null ? b.description() : b.displayDescription();
        length("name", name, 255);
        length("description", description, 1024);
        Map<String, String> metadata = b.metadata() == null ? Map.of() : b.metadata();
        if (metadata.size() > 64) {
            throw field("metadata", "metadata may hold at most 64 keys.", null);
        }
        metadata.forEach((k, v) -> {
            length("metadata key", k, 255);
            length("metadata value", v, 1023);
        });
        return new ShareService.NewShare(name, description, b.size(), proto,
                Boolean.TRUE.equals(b.isPublic()), metadata);
    }

    private static void unsupported(String field, String value) {
        if (value != null) {
            throw field(field, field + " is not supported by this service (omit it or send null).", null);
        }
    }

    private static void length(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw field(field, field + " may be at most " + max + " characters (got " + value.length() + ").", null);
        }
    }

    private static ApiError field(String field, String message, List<String> allowed) {
        return new ApiError(new ErrorDetail(400, message, null, null, null, null, null, field, allowed));
    }

    /** migration_start's arguments as Manila names them; unknown ones are refused by name. */
    private record MigrationStartArgs(
            @com.fasterxml.jackson.annotation.JsonProperty("host") String host,
            @com.fasterxml.jackson.annotation.JsonProperty("force_host_assisted_migration") Boolean force,
            @com.fasterxml.jackson.annotation.JsonProperty("writable") Boolean writable,
            @com.fasterxml.jackson.annotation.JsonProperty("nondisruptive") Boolean nondisruptive,
            @com.fasterxml.jackson.annotation.JsonProperty("preserve_metadata") Boolean preserveMetadata,
            @com.fasterxml.jackson.annotation.JsonProperty("preserve_snapshots") Boolean preserveSnapshots,
            @com.fasterxml.jackson.annotation.JsonProperty("new_share_network_id") String newShareNetworkId,
            @com.fasterxml.jackson.annotation.JsonProperty("new_share_type_id") String newShareTypeId) {
    }

    private MigrationService.Start migrationStart(ActionBody body) {
        if (body.args() == null || !body.args().isObject()) {
            throw field("host", "'" + body.key() + "' needs an object with 'host' (the destination pool: one of "
                    + MigrationService.POOLS + ").", MigrationService.POOLS);
        }
        MigrationStartArgs a = bodies.convert(body.args(), MigrationStartArgs.class);
        if (a.host() == null) {
            throw field("host", "'host' is required: the destination pool, one of " + MigrationService.POOLS + ".",
                    MigrationService.POOLS);
        }
        boolean hostAssisted = Boolean.TRUE.equals(a.force());
        if (hostAssisted) {
            // the data service copies a read-only source and copies bytes only (Manila's rule too)
            Map<String, Boolean> kept = new LinkedHashMap<>();
            kept.put("writable", a.writable());
            kept.put("nondisruptive", a.nondisruptive());
            kept.put("preserve_metadata", a.preserveMetadata());
            kept.put("preserve_snapshots", a.preserveSnapshots());
            kept.forEach((name, v) -> {
                if (Boolean.TRUE.equals(v)) {
                    throw field(name, "A host-assisted migration (force_host_assisted_migration true) cannot keep '"
                            + name + "': set it false, or let the driver migrate the share "
                            + "(force_host_assisted_migration false).", List.of("false"));
                }
            });
        }
        return new MigrationService.Start(a.host(), hostAssisted, Boolean.TRUE.equals(a.writable()),
                Boolean.TRUE.equals(a.nondisruptive()), Boolean.TRUE.equals(a.preserveMetadata()),
                Boolean.TRUE.equals(a.preserveSnapshots()));
    }

    private static Map<String, Object> progressBody(MigrationService.Progress p) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("total_progress", p.totalProgress());
        body.put("task_state", p.taskState());
        body.put("details", p.details());
        return body;
    }

    static Share summary(ShareRow r, String base) {
        return new Share(r.id(), r.name(), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, links(r, base));
    }

    static Share render(ShareRow r, String base) {
        List<String> locations = r.exportLocation() == null ? List.of() : List.of(r.exportLocation());
        return new Share(r.id(), r.name(), r.description(), r.size(), r.status(), r.shareProto(), r.projectId(),
                r.userId(), r.host(), "nova", ShareTypes.DEFAULT_ID, "default", "default", r.exportLocation(),
                locations, r.metadata(), r.isPublic(), null, null, null, null, true, false, false, false, false,
                null, r.taskState(), "active", false, r.status().equals("creating") ? "0%" : "100%",
                ManilaTime.format(r.createdAt()), ManilaTime.format(r.updatedAt()), links(r, base));
    }

    private static List<Link> links(ShareRow r, String base) {
        return List.of(new Link(base + "/v2/" + r.projectId() + "/shares/" + r.id(), "self"),
                new Link(base + "/" + r.projectId() + "/shares/" + r.id(), "bookmark"));
    }
}
