package io.lockstep.backend.job;

import io.javalin.http.Context;
import io.lockstep.api.auth.Role;
import io.lockstep.api.share.ShareInstance;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.share.ExportLocations;
import io.lockstep.backend.share.ShareRow;
import io.lockstep.backend.share.ShareStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Manila's export locations (from 2.9): a share's list and one by id, and a share instance's (admin).
 * A share has one location, on its current instance; {@code preferred} from 2.14, and the instance id
 * and {@code is_admin_only} for admins, as Manila shows them.
 */
public final class ExportLocationRoutes {

    private static final Microversion PREFERRED = new Microversion(2, 14);

    private final ShareStore shares;
    private final ShareInstanceRoutes instances;
    private final JsonRenderer json;

    public ExportLocationRoutes(ShareStore shares, ShareInstanceRoutes instances, JsonRenderer json) {
        this.shares = shares;
        this.instances = instances;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/shares/{id}/export_locations", ctx -> {
            Caller c = Requests.caller(ctx);
            ShareRow share = shares.getReadable(Requests.id(ctx, "id", "share"), c.scope());
            json.render(ctx, 200, Map.of("export_locations", location(ctx, c, share, false).stream().toList()));
        });
        r.get("/shares/{id}/export_locations/{el}", ctx -> {
            Caller c = Requests.caller(ctx);
            ShareRow share = shares.getReadable(Requests.id(ctx, "id", "share"), c.scope());
            json.render(ctx, 200, Map.of("export_location", location(ctx, c, share, true)
                    .filter(l -> l.get("id").equals(ctx.pathParam("el")))
                    .orElseThrow(() -> notFound(ctx.pathParam("el")))));
        });
        r.get("/share_instances/{id}/export_locations", ctx -> {
            Caller c = Requests.authorize(ctx, Privileged.READ_SHARE_INSTANCES);
            ShareRow share = ofInstance(ctx.pathParam("id"));
            json.render(ctx, 200, Map.of("export_locations", location(ctx, c, share, false)
                    .filter(l -> l.get("share_instance_id").equals(ctx.pathParam("id"))).stream().toList()));
        });
        r.get("/share_instances/{id}/export_locations/{el}", ctx -> {
            Caller c = Requests.authorize(ctx, Privileged.READ_SHARE_INSTANCES);
            ShareRow share = ofInstance(ctx.pathParam("id"));
            json.render(ctx, 200, Map.of("export_location", location(ctx, c, share, true)
                    .filter(l -> l.get("share_instance_id").equals(ctx.pathParam("id")))
                    .filter(l -> l.get("id").equals(ctx.pathParam("el")))
                    .orElseThrow(() -> notFound(ctx.pathParam("el")))));
        });
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "Export location " + id + " could not be found.");
    }

    private ShareRow ofInstance(String instanceId) {
        ShareInstance i = instances.instances(null).stream().filter(x -> x.id().equals(instanceId)).findFirst()
                .orElseThrow(() -> new ApiError(404, "Share instance " + instanceId + " could not be found."));
        return shares.get(i.shareId(), null);
    }

    /** The share's one export location (none until the driver made it), as this caller may see it. */
    private Optional<Map<String, Object>> location(Context ctx, Caller c, ShareRow share, boolean detail) {
        if (share.exportLocation() == null) {
            return Optional.empty();
        }
        Microversion v = Requests.version(ctx);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", ExportLocations.idOf(share.id(), share.host()));
        view.put("path", share.exportLocation());
        if (v.atLeast(PREFERRED)) {
            view.put("preferred", true);
        }
        if (c.role() == Role.ADMIN) {
            view.put("share_instance_id", instances.current(share.id()).orElse(null));
            view.put("is_admin_only", false);
        }
        if (detail) {
            view.put("created_at", ManilaTime.format(share.createdAt()));
            view.put("updated_at", ManilaTime.format(share.updatedAt()));
        }
        return Optional.of(view);
    }
}
