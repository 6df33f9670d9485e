package io.lockstep.backend.job;

import static io.lockstep.backend.statemachine.ResourceMachines.ACCESS_RULES_STATUS;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_INSTANCE;

import io.lockstep.backend.driver.SimulatedPools;
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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's admin view of share instances ({@code GET /share_instances[/{id}]},
 * {@code GET /shares/{id}/instances}): the rows the transition primitive keeps (each follows its
 * share; see {@code ResourceMachines.SHARE_INSTANCE}), and while a share migrates the destination,
 * {@code migrating_to} on the target pool, read from the migration's job. A completed migration's
 * destination becomes the share's instance under the id it was shown with. Their actions
 * (reset_status, force_delete) are the share's, forwarded by the share's routes.
 */
public final class ShareInstanceRoutes {

    private static final String ZONE = AvailabilityZones.NAME;
    private final Jdbi jdbi;
    private final JsonRenderer json;

    public ShareInstanceRoutes(Jdbi jdbi, JsonRenderer json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** A migration shows its destination while it runs. */
    private static final List<String> SHOWN = List.copyOf(JobStore.LIVE);

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

    private record InstanceLine(String id, String shareId, String status, String host, String zone,
                                int accessRank, long createdAt, long updatedAt) {
    }

    private record MigrationLine(String id, String shareId, String target, long bytesDone, long bytesTotal,
                                 long createdAt, long updatedAt) {
    }

    /** Every live instance, or {@code shareId}'s; read in one transaction so instances and jobs agree. */
    List<ShareInstance> instances(String shareId) {
        String only = shareId == null ? "" : " AND i.share_id = :share";
        String onlyJobs = shareId == null ? "" : " AND resource_id = :share";
        return jdbi.inTransaction(h -> {
            List<InstanceLine> rows = h.createQuery("SELECT i.id, i.share_id, i.status, s.host, s.availability_zone, "
                            + ACCESS_RULES_STATUS.rankSql("s") + " AS access_rank, i.created_at, i.updated_at "
                            + "FROM share_instances i JOIN shares s ON s.id = i.share_id WHERE i.status <> :t" + only
                            + " ORDER BY i.created_at, i.id")
                    .bind("share", shareId).bind("t", SHARE_INSTANCE.terminalState())
                    .map((rs, c) -> new InstanceLine(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getLong(8))).list();
            Map<String, List<MigrationLine>> jobs = h.createQuery("SELECT id, resource_id, target, bytes_done, "
                            + "bytes_total, created_at, updated_at FROM jobs WHERE kind = :migration AND status IN "
                            + "(<shown>)" + onlyJobs + " ORDER BY created_at")
                    .bind("share", shareId).bind("migration", MigrationJob.KIND).bindList("shown", SHOWN)
                    .map((rs, c) -> new MigrationLine(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)))
                    .list().stream().collect(Collectors.groupingBy(MigrationLine::shareId));
            List<ShareInstance> out = new ArrayList<>();
            for (InstanceLine i : rows) {
                String access = ACCESS_RULES_STATUS.name(i.accessRank());
                out.add(new ShareInstance(i.id(), i.shareId(), i.status(), i.host(),
                        i.zone() == null ? ZONE : i.zone(), "100%", access, ManilaTime.format(i.createdAt()),
                        ManilaTime.format(i.updatedAt())));
                for (MigrationLine moving : jobs.getOrDefault(i.shareId(), List.of())) {
                    long pct = moving.bytesTotal() == 0 ? 0 : moving.bytesDone() * 100 / moving.bytesTotal();
                    out.add(new ShareInstance(destinationOf(moving.id()), i.shareId(), DESTINATION,
                            moving.target(), SimulatedPools.zoneOf(moving.target()), pct + "%", access,
                            ManilaTime.format(moving.createdAt()), ManilaTime.format(moving.updatedAt())));
                }
            }
            return out;
        });
    }

    /** The share's live instance (not a migration's destination), if the share is live. */
    Optional<String> current(String shareId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM share_instances WHERE share_id = :s AND status <> :t "
                + "ORDER BY created_at DESC, id").bind("s", shareId).bind("t", SHARE_INSTANCE.terminalState())
                .setMaxRows(1).mapTo(String.class).findFirst());
    }

    /** The destination's state while a migration runs, as the instance machine declares it. */
    private static final String DESTINATION = SHARE_INSTANCE.operation("migration_destination").via();

    /** The id a migration job's destination is shown with, and keeps once it becomes the share's instance. */
    public static String destinationOf(String jobId) {
        return UUID.nameUUIDFromBytes(("share-instance:" + jobId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
