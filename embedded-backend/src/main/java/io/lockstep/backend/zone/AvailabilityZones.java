package io.lockstep.backend.zone;

import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.nio.charset.StandardCharsets;
import io.lockstep.backend.driver.SimulatedPools;
import io.lockstep.backend.driver.StoragePool;

/**
 * The availability zones, as Manila lists them ({@code /availability-zones} from 2.7,
 * {@code /os-availability-zone} before): the zones the storage's pools are in. Services report the
 * default one.
 */
public final class AvailabilityZones {

    /** The default zone's name, as services report it and older shares show it. */
    public static final String NAME = SimulatedPools.DEFAULT_ZONE;

    private final JsonRenderer json;
    private final Supplier<List<StoragePool>> pools;

    public AvailabilityZones(Supplier<List<StoragePool>> pools, JsonRenderer json) {
        this.pools = pools;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/availability-zones", this::list);
        r.get("/os-availability-zone", this::list);
    }

    private void list(io.javalin.http.Context ctx) {
        Requests.caller(ctx);
        List<Map<String, Object>> zones = new java.util.ArrayList<>();
        pools.get().stream().map(StoragePool::zone).distinct().forEach(name -> {
            Map<String, Object> zone = new LinkedHashMap<>();
            // a stable id per name: zones are declared, not stored
            zone.put("id", UUID.nameUUIDFromBytes(("zone/" + name).getBytes(StandardCharsets.UTF_8)).toString());
            zone.put("name", name);
            zone.put("created_at", "1970-01-01T00:00:00.000000");
            zone.put("updated_at", null);
            zones.add(zone);
        });
        json.render(ctx, 200, Map.of("availability_zones", zones));
    }
}
