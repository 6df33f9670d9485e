package io.lockstep.backend.http;

import io.javalin.http.Context;

/** Writes a response body; the server owns the ObjectMapper. */
@FunctionalInterface
public interface JsonRenderer {
    void render(Context ctx, int status, Object body);
}
