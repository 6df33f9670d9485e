package io.lockstep.backend.job;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.job.JobDetail;
import io.lockstep.api.job.JobList;
import io.lockstep.api.job.JobView;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.work.WorkRoutes;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /lockstep/v1/jobs} (filter by kind and status), {@code GET /lockstep/v1/jobs/{id}}, a
 * failed migration's retry, and {@code GET /lockstep/v1/job-machine} (the jobs' statuses and phases).
 */
public final class JobRoutes {

    static final List<String> KINDS = JobMachine.kinds();
    static final List<String> STATUSES = JobMachine.statuses();
    private static final List<String> PARAMS = List.of("kind", "status", "limit", "all_tenants");

    private final JobStore store;
    private final MigrationService migrations;
    private final JsonRenderer json;

    public JobRoutes(JobStore store, MigrationService migrations, JsonRenderer json) {
        this.store = store;
        this.migrations = migrations;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/jobs", this::list);
        app.get("/lockstep/v1/job-machine", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, JobMachine.describe());
        });
        app.get("/lockstep/v1/jobs/{id}", this::show);
        app.post("/lockstep/v1/jobs/{id}/retry", ctx -> {
            Caller c = Requests.authorize(ctx, Privileged.RETRY_JOB);
            JobRow j = find(ctx, c);
            String fresh = migrations.retry(c, j);
            json.render(ctx, 202, view(store.get(fresh).orElseThrow()));
        });
    }

    private JobRow find(Context ctx, Caller c) {
        return store.get(ctx.pathParam("id")).filter(r -> c.mayTouchProject(r.projectId()))
                .orElseThrow(() -> new ApiError(404, "Job " + ctx.pathParam("id") + " could not be found."));
    }

    private void list(Context ctx) {
        Caller c = Requests.caller(ctx);
        Requests.checkParams(ctx, PARAMS);
        String kind = Requests.oneOf(ctx, "kind", null, KINDS);
        String status = Requests.oneOf(ctx, "status", null, STATUSES);
        json.render(ctx, 200, new JobList(store.list(kind, status, c.projectFilter(), 500).stream()
                .map(JobRoutes::view).toList()));
    }

    private void show(Context ctx) {
        JobRow j = find(ctx, Requests.caller(ctx));
        var points = store.history(j.id()).stream().map(p -> new JobDetail.Point(iso((Long) p[0]), (Long) p[1],
                (Long) p[2], (String) p[3])).toList();
        var attempts = store.attempts(j.id()).stream().map(a -> new JobDetail.Attempt((Integer) a[0], (String) a[1],
                iso((Long) a[2]), (Long) a[3], iso((Long) a[4]), (Long) a[5], (String) a[6])).toList();
        json.render(ctx, 200, new JobDetail(view(j), points, attempts));
    }

    static JobView view(JobRow j) {
        Long eta = j.rateBps() > 0 && j.active() && j.bytesDone() < j.bytesTotal()
                ? (j.bytesTotal() - j.bytesDone()) / j.rateBps() : null;
        return new JobView(j.id(), j.kind(), j.status(), j.phase(), j.projectId(), j.resourceType(), j.resourceId(),
                j.target(), j.bytesDone(), j.bytesTotal(), j.rateBps(), eta, j.owner(), WorkRoutes.nodeOf(j.owner()),
                j.attempt(), j.maxAttempts(), j.error(), iso(j.createdAt()), iso(j.updatedAt()), iso(j.finishedAt()),
                j.active() && JobMachine.kind(j.kind()).phase(j.phase()).awaitsOperator());
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
