package io.lockstep.backend.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;

/**
 * Registers a Manila route under both URL layouts: {@code /v2/{project_id}/...} and the project-less
 * {@code /v2/...} of microversion 2.60 and later.
 */
public final class ManilaRouter {

    private final Javalin app;

    public ManilaRouter(Javalin app) {
        this.app = app;
    }

    public void get(String path, Handler h) {
        app.get("/v2/{project_id}" + path, h);
        app.get("/v2" + path, h);
    }

    public void post(String path, Handler h) {
        app.post("/v2/{project_id}" + path, h);
        app.post("/v2" + path, h);
    }

    public void put(String path, Handler h) {
        app.put("/v2/{project_id}" + path, h);
        app.put("/v2" + path, h);
    }

    public void delete(String path, Handler h) {
        app.delete("/v2/{project_id}" + path, h);
        app.delete("/v2" + path, h);
    }

    public static String base(io.javalin.http.Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
