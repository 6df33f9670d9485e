package io.lockstep.backend.job;

import io.lockstep.backend.zone.AvailabilityZones;
import io.javalin.http.Context;
import io.lockstep.api.share.ShareInstance;
import io.lockstep.api.share.ShareInstanceEnvelope;
import io.lockstep.api.share.ShareInstanceList;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Privileged;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's admin view of share instances ({@code GET /share_instances[/{id}]},
 * {@code GET /shares/{id}/instances}), derived from the shares and their migration jobs rather than
 * kept in a table of their own: a share's instance, and while it migrates the destination's,
 * {@code migrating_to} on the target host. A completed migration's destination becomes the share's
 * instance (its id is the destination's), so ids stay stable across reads.
 */
public final class ShareInstanceRoutes {

    private static final String ZONE = AvailabilityZones.NAME;
    private final Jdbi jdbi;
    private final JsonRenderer json;

    public ShareInstanceRoutes(Jdbi jdbi, JsonRenderer json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** A migration shows as an instance while it runs and once it succeeded. */
    private static final List<String> SHOWN = Stream.concat(JobStore.LIVE.stream(), Stream.of(JobStore.SUCCEEDED))
            .toList();

    public void register(ManilaRouter r) {
        r.get("/share_instances", ctx -> {
            Requests.authorize(ctx, Privileged.READ_SHARE_INSTANCES);
            Requests.checkParams(ctx, List.of("export_location_id", "export_location_path"));
            json.render(ctx, 200, new ShareInstanceList(instances(null)));
        });
        r.get("/share_instances/{id}", ctx -> {
            Requests.authorize(ctx, Privileged.READ_SHARE_INSTANCES);
            String id = ctx.pathParam("id");
            json.render(ctx, 200, new ShareInstanceEnvelope(instances(null).stream().filter(i -> i.id().equals(id))
                    .findFirst().orElseThrow(() -> new ApiError(404, "Share instance " + id
                            + " could not be found."))));
        });
        r.get("/shares/{id}/instances", ctx -> {
            Requests.authorize(ctx, Privileged.READ_SHARE_INSTANCES);
            String share = Requests.id(ctx, "id", "share");
            List<ShareInstance> found = instances(share);
            if (found.isEmpty()) {
                throw new ApiError(404, "Share " + share + " could not be found.");
            }
            json.render(ctx, 200, new ShareInstanceList(found));
        });
    }

    private record ShareLine(String id, String status, String host, long createdAt, long updatedAt) {
    }

    private record MigrationLine(String id, String shareId, String status, String target, long bytesDone,
                                 long bytesTotal, long createdAt, long updatedAt, Long finishedAt) {
    }

    /** Every instance, or {@code shareId}'s; read in one transaction so shares and jobs agree. */
    List<ShareInstance> instances(String shareId) {
        String only = shareId == null ? "" : " AND id = :share";
        String onlyJobs = shareId == null ? "" : " AND resource_id = :share";
        return jdbi.inTransaction(h -> {
            List<ShareLine> shares = h.createQuery("SELECT id, status, host, created_at, updated_at FROM shares "
                            + "WHERE status <> 'deleted'" + only + " ORDER BY created_at")
                    .bind("share", shareId)
                    .map((rs, c) -> new ShareLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5))).list();
            Map<String, List<MigrationLine>> jobs = h.createQuery("SELECT id, resource_id, status, target, "
                            + "bytes_done, bytes_total, created_at, updated_at, finished_at FROM jobs WHERE kind = "
                            + ":migration AND status IN (<shown>)" + onlyJobs + " ORDER BY created_at")
                    .bind("share", shareId).bind("migration", MigrationJob.KIND).bindList("shown", SHOWN)
                    .map((rs, c) -> new MigrationLine(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            (Long) rs.getObject(9, Long.class)))
                    .list().stream().collect(Collectors.groupingBy(MigrationLine::shareId));
            List<ShareInstance> out = new ArrayList<>();
            for (ShareLine s : shares) {
                MigrationLine moved = null;
                MigrationLine moving = null;
                for (MigrationLine j : jobs.getOrDefault(s.id(), List.of())) {
                    if (j.status().equals(JobStore.SUCCEEDED)) {
                        moved = j;
                    } else {
                        moving = j;
                    }
                }
                out.add(new ShareInstance(moved == null ? instanceId(s.id()) : instanceId(moved.id()), s.id(),
                        s.status(), s.host(), ZONE, "100%", ManilaTime.format(moved == null ? s.createdAt()
                        : moved.createdAt()), ManilaTime.format(s.updatedAt())));
                if (moving != null) {
                    long pct = moving.bytesTotal() == 0 ? 0 : moving.bytesDone() * 100 / moving.bytesTotal();
                    out.add(new ShareInstance(instanceId(moving.id()), s.id(), "migrating_to", moving.target(), ZONE,
                            pct + "%", ManilaTime.format(moving.createdAt()), ManilaTime.format(moving.updatedAt())));
                }
            }
            return out;
        });
    }

    /** A stable id: the share's first instance, or the one a migration job made. */
    private static String instanceId(String of) {
        return UUID.nameUUIDFromBytes(("share-instance:" + of).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
