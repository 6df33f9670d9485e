package io.lockstep.backend.snapshot;

import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT_INSTANCE;

import io.javalin.http.Context;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Privileged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's snapshot instances (2.19, admin): {@code GET /snapshot-instances[/detail]} (by
 * {@code snapshot_id}) and {@code GET /snapshot-instances/{id}}, read from the rows that follow each
 * snapshot. Their reset_status is the snapshot's, forwarded by the snapshot's routes. Thread-safe.
 */
public final class SnapshotInstanceRoutes {

    private static final Microversion SINCE = Microversion.negotiate(SNAPSHOT_INSTANCE.wire().minVersion());
    private final Jdbi jdbi;
    private final JsonRenderer json;

    public SnapshotInstanceRoutes(Jdbi jdbi, JsonRenderer json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        String collection = "/" + SNAPSHOT_INSTANCE.wire().collection();
        r.get(collection, ctx -> list(ctx, false));
        r.get(collection + "/detail", ctx -> list(ctx, true));
        r.get(collection + "/{id}", ctx -> json.render(ctx, 200, Map.of(SNAPSHOT_INSTANCE.wire().envelope(),
                view(one(ctx), true))));
        // Manila 2.32: only mountable snapshots have export locations, and no pool here mounts snapshots
        r.get(collection + "/{id}/export-locations", ctx -> {
            one(ctx);
            json.render(ctx, 200, Map.of("share_snapshot_export_locations", List.of()));
        });
    }

    /** The instance the path names, for an admin at 2.19 or later; 404 otherwise. */
    private Map<String, Object> one(Context ctx) {
        requireApi(ctx);
        Requests.authorize(ctx, Privileged.READ_SNAPSHOT_INSTANCES);
        String id = Requests.id(ctx, "id", SNAPSHOT_INSTANCE.noun());
        return rows(" AND i.id = :id", "id", id).stream().findFirst().orElseThrow(() -> new ApiError(404,
                "Snapshot instance " + id + " could not be found."));
    }

    private void list(Context ctx, boolean detail) {
        requireApi(ctx);
        Requests.authorize(ctx, Privileged.READ_SNAPSHOT_INSTANCES);
        Requests.checkParams(ctx, List.of("snapshot_id"));
        String snapshot = ctx.queryParam("snapshot_id");
        List<Map<String, Object>> found = snapshot == null ? rows("", null, null)
                : rows(" AND i.snapshot_id = :snapshot", "snapshot", snapshot);
        json.render(ctx, 200, Map.of("snapshot_instances", found.stream().map(row -> view(row, detail)).toList()));
    }

    private List<Map<String, Object>> rows(String where, String name, String value) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT i.id, i.snapshot_id, i.share_instance_id, i.status, i.created_at, "
                    + "i.updated_at, s.share_id, s.provider_location FROM snapshot_instances i JOIN snapshots s "
                    + "ON s.id = i.snapshot_id WHERE i.status <> :t" + where + " ORDER BY i.created_at, i.id")
                    .bind("t", SNAPSHOT_INSTANCE.terminalState());
            if (name != null) {
                q.bind(name, value);
            }
            return q.mapToMap().list();
        });
    }

    private static Map<String, Object> view(Map<String, Object> row, boolean detail) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", row.get("id"));
        v.put("snapshot_id", row.get("snapshot_id"));
        v.put("status", row.get("status"));
        if (detail) {
            v.put("share_id", row.get("share_id"));
            v.put("share_instance_id", row.get("share_instance_id"));
            v.put("progress", "100%");
            v.put("provider_location", row.get("provider_location"));
            v.put("created_at", ManilaTime.format(((Number) row.get("created_at")).longValue()));
            v.put("updated_at", ManilaTime.format(((Number) row.get("updated_at")).longValue()));
        }
        return v;
    }

    private static void requireApi(Context ctx) {
        Requests.requireVersion(ctx, SINCE, "The snapshot instances API");
    }
}
