package io.lockstep.backend.backup;

import io.lockstep.backend.zone.AvailabilityZones;
import static io.lockstep.backend.statemachine.ResourceMachines.BACKUP;

import io.javalin.http.Context;
import io.lockstep.api.backup.CreateShareBackup;
import io.lockstep.api.backup.ShareBackup;
import io.lockstep.api.backup.ShareBackupEnvelope;
import io.lockstep.api.backup.ShareBackupList;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.OperationRequest;
import java.util.List;

/** Manila's share backups: {@code /share-backups} list, detail, show, create, delete, and actions. */
public final class BackupRoutes {

    private static final List<String> PARAMS = List.of("share_id", "all_tenants", "limit", "offset");

    private final BackupService service;
    private final Bodies bodies;
    private final JsonRenderer json;

    public BackupRoutes(BackupService service, Bodies bodies, JsonRenderer json) {
        this.service = service;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/share-backups", this::list);
        r.get("/share-backups/detail", this::list);
        r.get("/share-backups/{id}", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, new ShareBackupEnvelope(render(service.get(id(ctx), c.scope()))));
        });
        OperationRoutes.of(BACKUP, bodies, json)
                .create(this::create)
                .on("delete", (req, body) -> service.delete(req))
                .on("force_delete", (req, body) -> {
                    body.requireNoArguments();
                    service.delete(req);
                })
                .on("restore", (req, body) -> {
                    body.requireNoArguments();
                    service.restore(req);
                })
                .on("reset_status", (req, body) -> service.resetStatus(req, body.resetStatus(bodies, BACKUP)))
                .register(r);
    }

    private void list(Context ctx) {
        Caller c = Requests.caller(ctx);
        Requests.checkParams(ctx, PARAMS);
        json.render(ctx, 200, new ShareBackupList(service.list(c.projectFilter(), ctx.queryParam("share_id")).stream()
                .map(this::render).toList()));
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        CreateShareBackup body = bodies.parse(ctx, CreateShareBackup.class);
        CreateShareBackup.Body b = body.shareBackup();
        if (b == null) {
            throw ApiError.field("share_backup", "The body must be {\"share_backup\": {\"share_id\": ...}}.");
        }
        if (b.shareId() == null || !b.shareId().matches("^[0-9a-fA-F-]{36}$")) {
            throw ApiError.field("share_id", "'share_id' is required: the UUID of an available share.");
        }
        if (b.name() != null && b.name().length() > 255) {
            throw ApiError.field("name", "'name' may be at most 255 characters.");
        }
        BackupRow row = service.create(req, b.shareId(), b.name(), b.description());
        return new OperationRoutes.Reply(202, new ShareBackupEnvelope(render(row)));
    }

    private ShareBackup render(BackupRow r) {
        Integer progress = service.percent(r.id(), BackupJob.BACKUP_KIND);
        Integer restore = service.percent(r.id(), BackupJob.RESTORE_KIND);
        return new ShareBackup(r.id(), r.shareId(), r.name(), r.description(), r.size(), r.status(),
                progress == null ? "0" : progress.toString(), restore == null ? "0" : restore.toString(),
                r.projectId(), AvailabilityZones.NAME, ManilaTime.format(r.createdAt()), ManilaTime.format(r.updatedAt()));
    }

    private static String id(Context ctx) {
        return Requests.id(ctx, "id", "share backup");
    }
}
