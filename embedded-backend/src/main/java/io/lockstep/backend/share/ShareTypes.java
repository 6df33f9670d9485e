package io.lockstep.backend.share;

import io.javalin.http.Context;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import java.util.List;
import java.util.Map;

/**
 * The one share type this service has, {@code default}: Manila clients look it up before creating a
 * share, so it is served read-only.
 */
public final class ShareTypes {

    public static final String DEFAULT_ID = "00000000-0000-4000-8000-000000000001";

    private static final Map<String, String> EXTRA_SPECS = Map.of(
            "driver_handles_share_servers", "False", "snapshot_support", "True");
    private static final Map<String, Object> DEFAULT = Map.of(
            "id", DEFAULT_ID, "name", "default", "is_default", true,
            "extra_specs", EXTRA_SPECS,
            "required_extra_specs", Map.of("driver_handles_share_servers", "False"),
            "share_type_access:is_public", true,
            "description", "the simulated backend's only type");

    private final JsonRenderer json;

    public ShareTypes(JsonRenderer json) {
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/types", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, Map.of("share_types", List.of(DEFAULT), "volume_types", List.of(DEFAULT)));
        });
        r.get("/types/default", this::show);
        r.get("/types/{id}", this::show);
    }

    private void show(Context ctx) {
        Requests.caller(ctx);
        String id = ctx.pathParamMap().getOrDefault("id", "default");
        if (!id.equals("default") && !id.equals(DEFAULT_ID)) {
            throw new ApiError(404, "Share type " + id + " could not be found; the only type is 'default'.");
        }
        json.render(ctx, 200, Map.of("share_type", DEFAULT, "volume_type", DEFAULT));
    }
}
