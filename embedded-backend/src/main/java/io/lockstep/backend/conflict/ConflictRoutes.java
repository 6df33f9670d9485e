package io.lockstep.backend.conflict;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.util.List;

/**
 * {@code /lockstep/v1/conflicts}: the conflict matrix of the machines this node serves, each cell with its
 * last real race; {@code POST .../races} races the cells a filter selects (admins), and
 * {@code GET .../races/{id}} follows a run.
 */
public final class ConflictRoutes {

    static final int MAX_TRIALS = 1000;
    static final int MAX_PARALLEL = 64;

    private final RaceService races;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ConflictRoutes(RaceService races, Bodies bodies, JsonRenderer json) {
        this.races = races;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/conflicts", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, new ConflictMatrix(races.cells()));
        });
        app.post("/lockstep/v1/conflicts/races", this::race);
        app.get("/lockstep/v1/conflicts/races/{id}", ctx -> {
            Requests.authorize(ctx, Privileged.RACE_CELLS);
            json.render(ctx, 200, races.run(ctx.pathParam("id")).orElseThrow(() -> new ApiError(404,
                    "No race run " + ctx.pathParam("id") + " on this node (runs are followed on the node that "
                            + "runs them).")));
        });
    }

    private void race(Context ctx) throws Exception {
        Caller c = Requests.authorize(ctx, Privileged.RACE_CELLS);
        RaceRequest r = bodies.parse(ctx, RaceRequest.class);
        int trials = bounded(r.trials(), 10, MAX_TRIALS, "trials");
        int parallel = bounded(r.parallel(), 4, MAX_PARALLEL, "parallel");
        List<ConflictCell> cells = races.select(r);
        if (cells.isEmpty()) {
            throw ApiError.field(404, "a", "No cell of the conflict matrix matches family=" + r.family()
                    + ", a=" + r.a() + ", b=" + r.b() + ", start=" + r.start() + " (GET /lockstep/v1/conflicts lists "
                    + "them).", null);
        }
        try {
            json.render(ctx, 202, races.start(cells, trials, parallel, Requests.token(ctx).secret(),
                    c.actor()));
        } catch (RaceService.Busy e) {
            throw new ApiError(409, e.getMessage());
        }
    }

    private static int bounded(Integer value, int dflt, int max, String field) {
        int v = value == null ? dflt : value;
        if (v < 1 || v > max) {
            throw ApiError.field(field, "'" + field + "' must be from 1 to " + max + " (got " + v + ").");
        }
        return v;
    }
}
