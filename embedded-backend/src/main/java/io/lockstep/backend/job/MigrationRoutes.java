package io.lockstep.backend.job;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockstep.backend.http.ActionBody;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Privileged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manila's migration API on shares: {@code migration_start} (the share machine's {@code migrate}),
 * {@code migration_get_progress}, {@code migration_complete} and {@code migration_cancel}, contributed to
 * the share's operation routes, and {@code GET /shares/{id}/migration-progress}.
 */
public final class MigrationRoutes {

    private final MigrationService migrations;
    private final Bodies bodies;
    private final JsonRenderer json;

    public MigrationRoutes(MigrationService migrations, Bodies bodies, JsonRenderer json) {
        this.migrations = migrations;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/shares/{id}/migration-progress", ctx -> json.render(ctx, 200, progressBody(migrations.progress(
                Requests.authorize(ctx, Privileged.MIGRATION_PROGRESS), Requests.id(ctx, "id", SHARE.noun())))));
    }

    /** Adds the migration actions to the share's routes. */
    public void contribute(OperationRoutes routes) {
        routes.on("migrate", (req, body) -> migrations.start(req, migrationStart(body)))
                .extra("reset_task_state", Privileged.RESET_TASK_STATE, (c, id, body) -> {
                    com.fasterxml.jackson.databind.JsonNode args = body.args();
                    if (args == null || !args.isObject() || !args.has("task_state")) {
                        throw ApiError.field("task_state", "'reset_task_state' needs {\"task_state\": ...}: a "
                                + "migration task state or null.");
                    }
                    com.fasterxml.jackson.databind.JsonNode t = args.get("task_state");
                    migrations.resetTaskState(c, id, t.isNull() ? null : t.asText());
                    return OperationRoutes.Reply.accepted();
                })
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
                });
    }

    /** migration_start's arguments as Manila names them; unknown ones are refused by name. */
    private record MigrationStartArgs(
            @JsonProperty("host") String host,
            @JsonProperty("force_host_assisted_migration") Boolean force,
            @JsonProperty("writable") Boolean writable,
            @JsonProperty("nondisruptive") Boolean nondisruptive,
            @JsonProperty("preserve_metadata") Boolean preserveMetadata,
            @JsonProperty("preserve_snapshots") Boolean preserveSnapshots,
            @JsonProperty("new_share_network_id") String newShareNetworkId,
            @JsonProperty("new_share_type_id") String newShareTypeId) {
    }

    private MigrationService.Start migrationStart(ActionBody body) {
        if (body.args() == null || !body.args().isObject()) {
            throw ApiError.field("host", "'" + body.key() + "' needs an object with 'host' (the destination pool: one of "
                    + MigrationService.POOLS + ").", MigrationService.POOLS);
        }
        MigrationStartArgs a = bodies.convert(body.args(), MigrationStartArgs.class);
        if (a.host() == null) {
            throw ApiError.field("host", "'host' is required: the destination pool, one of " + MigrationService.POOLS + ".",
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
                    throw ApiError.field(name, "A host-assisted migration (force_host_assisted_migration true) cannot keep '"
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_progress", p.totalProgress());
        body.put("task_state", p.taskState());
        body.put("details", p.details());
        return body;
    }
}
