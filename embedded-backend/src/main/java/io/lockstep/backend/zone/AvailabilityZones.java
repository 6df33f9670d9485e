package io.lockstep.backend.zone;

import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The availability zones, as Manila lists them ({@code /availability-zones} from 2.7,
 * {@code /os-availability-zone} before): every service, share and backup of this deployment is in the
 * one zone, named once here.
 */
public final class AvailabilityZones {

    /** The zone's name, as services report it and shares show it. */
    public static final String NAME = "nova";
    static final String ID = "00000000-0000-4000-8000-00000000a201";

    private final JsonRenderer json;

    public AvailabilityZones(JsonRenderer json) {
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/availability-zones", this::list);
        r.get("/os-availability-zone", this::list);
    }

    private void list(io.javalin.http.Context ctx) {
        Requests.caller(ctx);
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("id", ID);
        zone.put("name", NAME);
        zone.put("created_at", "1970-01-01T00:00:00.000000");
        zone.put("updated_at", null);
        json.render(ctx, 200, Map.of("availability_zones", List.of(zone)));
    }
}
