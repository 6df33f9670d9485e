package io.lockstep.backend.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code /lockstep/v1/lab/nodes}: the lab cluster's nodes (anyone may look) and what an admin may do
 * to them: {@code POST .../nodes/{id}/stop|kill|pause|expire-session|restart}; pause takes
 * {@code ?seconds=} (default 15, from 1 to 300).
 */
final class LabRoutes {

    static final List<String> ACTIONS = List.of("stop", "kill", "pause", "expire-session", "restart");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LabCluster lab;
    /** The last reset, or the one running: one at a time. */
    private final java.util.concurrent.atomic.AtomicReference<io.lockstep.api.lab.LabResetReport> reset =
            new java.util.concurrent.atomic.AtomicReference<>();

    LabRoutes(LabCluster lab) {
        this.lab = lab;
    }

    void register(Javalin app) {
        app.get("/lockstep/v1/lab/nodes", ctx -> {
            Requests.caller(ctx);
            write(ctx, 200);
        });
        app.post("/lockstep/v1/lab/nodes/{id}/{action}", this::act);
        app.post("/lockstep/v1/lab/kill-setup", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_LAB);
            try {
                ctx.status(202).contentType("application/json").result(JSON.writeValueAsString(lab.killSetup()));
            } catch (LabNodeException e) {
                throw new ApiError(e.status(), e.getMessage());
            }
        });
        app.post("/lockstep/v1/lab/lose-work", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_LAB);
            String type = ctx.queryParam("resource_type");
            String id = ctx.queryParam("resource_id");
            if (type == null || id == null || io.lockstep.backend.statemachine.ResourceMachines.byResource(type).isEmpty()) {
                throw new ApiError(new ErrorDetail(400, "Query parameters 'resource_type' (one of "
                        + io.lockstep.backend.statemachine.ResourceMachines.served().stream()
                        .map(m -> m.resource()).toList() + ") and 'resource_id' are required.",
                        null, null, null, null, null, type == null || id != null ? "resource_type" : "resource_id", null));
            }
            try {
                int lost = lab.loseWork(type, id);
                ctx.status(202).contentType("application/json").result(JSON.writeValueAsString(Map.of("lost", lost)));
            } catch (LabNodeException e) {
                throw new ApiError(e.status(), e.getMessage());
            }
        });
        app.post("/lockstep/v1/lab/reset", this::startReset);
        app.get("/lockstep/v1/lab/reset", ctx -> {
            Requests.caller(ctx);
            var last = reset.get();
            if (last == null) {
                throw new ApiError(404, "The lab has not been reset since it started.");
            }
            ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(last));
        });
        app.post("/lockstep/v1/lab/stray-lock", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_LAB);
            String name = lab.holdStrayLock(Duration.ofSeconds(seconds(ctx, 120, 600)));
            ctx.status(202).contentType("application/json").result(JSON.writeValueAsString(Map.of("name", name)));
        });
    }

    /**
     * Starts a reset in the background (ending every resource takes seconds to a minute): 202 now, the
     * report at {@code GET /lockstep/v1/lab/reset}, and a {@code node} event when it is done.
     */
    private void startReset(Context ctx) throws Exception {
        Caller caller = Requests.authorize(ctx, Privileged.MANAGE_LAB);
        var running = io.lockstep.api.lab.LabResetReport.started();
        var last = reset.get();
        if ((last != null && !last.done()) || !reset.compareAndSet(last, running)) {
            throw new ApiError(409, "The lab is being reset already; wait for it to finish.");
        }
        String token = ctx.header("X-Auth-Token");
        Thread t = new Thread(() -> {
            try {
                reset.set(new LabReset(lab, lab.jdbi()).run(token, caller.projectId(), caller.actor()));
            } catch (Exception e) {
                reset.set(new io.lockstep.api.lab.LabResetReport(io.lockstep.api.lab.LabResetReport.DONE, 0, List.of(),
                        List.of("the reset stopped: " + e.getMessage()), 0));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "lab-reset");
        t.setDaemon(true);
        t.start();
        ctx.status(202).contentType("application/json").result(JSON.writeValueAsString(running));
    }

    private void act(Context ctx) throws Exception {
        Caller caller = Requests.authorize(ctx, Privileged.MANAGE_LAB);
        String id = ctx.pathParam("id");
        String action = ctx.pathParam("action");
        try {
            String detail = "";
            switch (action) {
                case "stop" -> lab.stop(id);
                case "kill" -> lab.kill(id);
                case "pause" -> {
                    long seconds = seconds(ctx, 15, 300);
                    lab.pause(id, Duration.ofSeconds(seconds));
                    detail = " for " + seconds + " s";
                }
                case "expire-session" -> lab.expireSession(id);
                case "restart" -> lab.restart(id);
                default -> throw new ApiError(new ErrorDetail(400, "Unknown lab node action '" + action + "'; allowed: "
                        + ACTIONS + ".", null, null, null, null, null, "action", ACTIONS));
            }
            lab.record(id, action, caller.actor(), detail);
        } catch (LabNodeException e) {
            throw new ApiError(e.status(), e.getMessage());
        }
        write(ctx, 202);
    }

    private static long seconds(Context ctx, long dflt, long max) {
        String v = ctx.queryParam("seconds");
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiError(new ErrorDetail(400, "Query parameter 'seconds' must be an integer from 1 to " + max + ".",
                null, null, null, null, null, "seconds", null));
    }

    private void write(Context ctx, int status) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(lab.nodes()));
    }
}
