package io.lockstep.backend.snapshot;

import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;

import io.javalin.http.Context;
import io.lockstep.api.Link;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.metadata.MetadataRoutes;
import java.util.Map;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.OperationRequest;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Manila's snapshot endpoints. */
public final class SnapshotRoutes {

    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F-]{36}$");


    private final SnapshotService service;
    private final SnapshotStore store;
    private final Bodies bodies;
    private final JsonRenderer json;

    public SnapshotRoutes(SnapshotService service, SnapshotStore store, Bodies bodies, JsonRenderer json) {
        this.service = service;
        this.store = store;
        this.bodies = bodies;
        this.json = json;
    }

    /** Manila's revert to snapshot (2.27). */
    public static final Microversion REVERT = new Microversion(2, 27);

    private OperationRoutes operations;

    private OperationRoutes operations() {
        if (operations == null) {
            operations = OperationRoutes.of(SNAPSHOT, bodies, json)
                    .create(this::create)
                    .on("delete", (req, body) -> service.begin(req))
                    .on("force_delete", (req, body) -> {
                        body.requireNoArguments();
                        service.begin(req);
                    })
                    .on("reset_status", (req, body) -> service.resetStatus(req, body.resetStatus(bodies, SNAPSHOT)))
                    .forwardFrom(io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT_INSTANCE,
                            service::ofInstance)
                    .onParentAction("revert", (req, shareId, body, v) -> {
                        if (!v.atLeast(REVERT)) {
                            throw body.unknown("share", List.of("allow_access", "deny_access"));
                        }
                        service.revert(req, shareId);
                        return OperationRoutes.Reply.accepted();
                    });
        }
        return operations;
    }

    /** Registers the snapshot's share actions (revert) with the share's action route. */
    public void contribute(OperationRoutes shareRoutes) {
        shareRoutes.adopt(operations());
    }

    public void register(ManilaRouter r) {
        r.get("/snapshots/detail", ctx -> list(ctx, true));
        r.get("/snapshots", ctx -> list(ctx, false));
        r.get("/snapshots/{id}", this::show);
        // Manila 2.32: only mountable snapshots have export locations, and no pool here mounts snapshots
        r.get("/snapshots/{id}/export-locations", ctx -> {
            store.get(Requests.id(ctx, "id", "snapshot"), Requests.caller(ctx).scope());
            json.render(ctx, 200, Map.of("share_snapshot_export_locations", List.of()));
        });
        r.get("/snapshots/{id}/export-locations/{el}", ctx -> {
            store.get(Requests.id(ctx, "id", "snapshot"), Requests.caller(ctx).scope());
            throw new io.lockstep.backend.request.ResourceNotFound("snapshot export location", ctx.pathParam("el"));
        });
        operations().register(r);
    }

    private void list(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        ListQuery q = Requests.listQuery(ctx, c, Set.of("share_id"), Set.of("usage", "with_count"));
        String base = ManilaRouter.base(ctx);
        Microversion v = Requests.version(ctx);
        boolean admin = c.role() == io.lockstep.api.auth.Role.ADMIN;
        List<SnapshotRow> rows = Requests.statusCanMatch(q, SNAPSHOT) ? store.list(q) : List.of();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("snapshots", rows.stream().map(row -> detail ? render(row, base, v, admin) : summary(row, base))
                .toList());
        if (v.atLeast(WITH_COUNT) && "true".equalsIgnoreCase(ctx.queryParam("with_count"))) {
            body.put("count", Requests.statusCanMatch(q, SNAPSHOT) ? store.count(q) : 0);
        }
        json.render(ctx, 200, body);
    }

    private void show(Context ctx) {
        Caller c = Requests.caller(ctx);
        SnapshotRow row = store.get(Requests.id(ctx, "id", "snapshot"), c.scope());
        json.render(ctx, 200, Map.of("snapshot", render(row, ManilaRouter.base(ctx), Requests.version(ctx),
                c.role() == io.lockstep.api.auth.Role.ADMIN)));
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        CreateSnapshot body = bodies.parse(ctx, CreateSnapshot.class);
        CreateSnapshot.Body b = body.snapshot();
        if (b == null) {
            throw ApiError.field("snapshot", "The body must be {\"snapshot\": {...}}.");
        }
        if (b.shareId() == null || !UUID.matcher(b.shareId()).matches()) {
            throw ApiError.field("share_id", "share_id is required: the UUID of an available share.");
        }
        String name = b.name() != null ? b.name() : b.displayName();
        String description = b.description() != null ? b.description() : b.displayDescription();
        if (name != null && name.length() > 255) {
            throw ApiError.field("name", "name may be at most 255 characters.");
        }
        if (description != null && description.length() > 1024) {
            throw ApiError.field("description", "description may be at most 1024 characters.");
        }
        Map<String, String> metadata = Map.of();
        if (b.metadata() != null && Requests.version(ctx).atLeast(METADATA)) {
            metadata = MetadataRoutes.metadata(bodies.tree(ctx).get("snapshot"), "metadata");
        }
        SnapshotRow row = service.create(req, b.shareId(), name, description, metadata);
        return new OperationRoutes.Reply(202, Map.of("snapshot", render(row, ManilaRouter.base(ctx),
                Requests.version(ctx), req.caller().role() == io.lockstep.api.auth.Role.ADMIN)));
    }

    static Map<String, Object> summary(SnapshotRow r, String base) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("id", r.id());
        out.put("name", r.name());
        out.put("links", links(r, base));
        return out;
    }

    private static final Microversion WITH_COUNT = new Microversion(2, 79);

    /** Snapshot metadata: in the body and with an API of its own from 2.73, as in Manila. */
    public static final Microversion METADATA = new Microversion(2, 73);

    private static final Microversion PROVIDER_LOCATION = new Microversion(2, 12);
    private static final Microversion OWNERS = new Microversion(2, 17);

    /**
     * A snapshot as Manila's view builder shows it: {@code provider_location} from 2.12 and for admins
     * only, {@code user_id} and {@code project_id} from 2.17, metadata from 2.73.
     */
    static Map<String, Object> render(SnapshotRow r, String base, Microversion v, boolean admin) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("id", r.id());
        d.put("share_id", r.shareId());
        d.put("share_size", r.size());
        d.put("created_at", ManilaTime.format(r.createdAt()));
        d.put("updated_at", ManilaTime.format(r.updatedAt()));
        d.put("status", r.status());
        d.put("name", r.name());
        d.put("description", r.description());
        d.put("size", r.size());
        d.put("share_proto", r.shareProto());
        d.put("links", links(r, base));
        if (v.atLeast(PROVIDER_LOCATION) && admin) {
            d.put("provider_location", r.providerLocation());
        }
        if (v.atLeast(OWNERS)) {
            d.put("user_id", r.userId());
            d.put("project_id", r.projectId());
        }
        if (v.atLeast(METADATA)) {
            d.put("metadata", r.metadata());
        }
        return d;
    }

    private static List<Link> links(SnapshotRow r, String base) {
        return List.of(new Link(base + "/v2/" + r.projectId() + "/snapshots/" + r.id(), "self"),
                new Link(base + "/" + r.projectId() + "/snapshots/" + r.id(), "bookmark"));
    }
}
