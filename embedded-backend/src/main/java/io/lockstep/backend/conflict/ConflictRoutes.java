package io.lockstep.backend.conflict;

import io.javalin.Javalin;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.statemachine.StateMachines;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import java.util.function.Supplier;

/** {@code GET /lockstep/v1/conflicts}: the conflict matrix of the machines this node serves. */
public final class ConflictRoutes {

    private final ConflictMatrix matrix;
    private final JsonRenderer json;

    /** The matrix is computed once: the machines do not change while a node runs. */
    public ConflictRoutes(Supplier<StateMachines> machines, JsonRenderer json) {
        this.matrix = new ConflictMatrix(new ConflictChecker(machines.get().stateMachines()).check());
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/conflicts", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, matrix);
        });
    }
}
