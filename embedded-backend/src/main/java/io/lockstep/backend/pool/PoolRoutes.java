package io.lockstep.backend.pool;

import io.javalin.http.Context;
import io.lockstep.backend.driver.StoragePool;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.sharetype.ShareTypeStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's {@code /scheduler-stats/pools} (and {@code /detail}): the pools the storage reports, with
 * capacity read from the shares placed on them, filtered as Manila filters them (pool, host and
 * backend as regular expressions matched from the start; capabilities; a share type's extra specs
 * from 2.23). For admins.
 */
public final class PoolRoutes {

    private static final Microversion TYPE_FILTER = new Microversion(2, 23);

    private final Supplier<List<StoragePool>> pools;
    private final Scheduler scheduler;
    private final ShareTypeStore types;
    private final Jdbi jdbi;
    private final Clock clock;
    private final JsonRenderer json;

    public PoolRoutes(Supplier<List<StoragePool>> pools, Scheduler scheduler, ShareTypeStore types, Jdbi jdbi,
                      Clock clock, JsonRenderer json) {
        this.pools = pools;
        this.scheduler = scheduler;
        this.types = types;
        this.jdbi = jdbi;
        this.clock = clock;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/scheduler-stats/pools", ctx -> list(ctx, false));
        r.get("/scheduler-stats/pools/detail", ctx -> list(ctx, true));
    }

    private void list(Context ctx, boolean detail) {
        Requests.authorize(ctx, Privileged.READ_POOLS);
        Requests.checkParams(ctx, List.of("pool", "host", "backend", "capabilities", "share_type"));
        Pattern pool = pattern(ctx, "pool");
        Pattern host = pattern(ctx, "host");
        Pattern backend = pattern(ctx, "backend");
        Map<String, String> wanted = Requests.dictionary(ctx, "capabilities", "{'dedupe': 'True'}");
        String type = ctx.queryParam("share_type");
        Map<String, String> specs = Map.of();
        if (type != null && Requests.version(ctx).atLeast(TYPE_FILTER)) {
            try {
                specs = types.get(type, new ShareTypeStore.Viewer(null, true)).extraSpecs();
            } catch (ResourceNotFound e) {
                throw new ApiError(404, "Share type " + type + " could not be found.");
            }
        }
        List<StoragePool> all = pools.get();
        Map<String, Long> allocated = jdbi.withHandle(h -> scheduler.allocated(h, all));
        String now = ManilaTime.format(clock.millis());
        Map<String, String> typeSpecs = specs;
        List<Map<String, Object>> shown = all.stream()
                .filter(p -> matches(pool, p.pool()) && matches(host, p.host()) && matches(backend, p.backend()))
                .filter(p -> SpecMatch.firstFailure(wanted, p.capabilities()) == null)
                .filter(p -> SpecMatch.firstFailure(typeSpecs, p.capabilities()) == null)
                .map(p -> view(p, detail, allocated.getOrDefault(p.name(), 0L), now)).toList();
        json.render(ctx, 200, Map.of("pools", shown));
    }

    private static Map<String, Object> view(StoragePool p, boolean detail, long allocatedGb, String now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("host", p.host());
        out.put("backend", p.backend());
        out.put("pool", p.pool());
        if (detail) {
            Map<String, Object> c = new LinkedHashMap<>(p.capabilities());
            c.put("total_capacity_gb", (double) p.totalGb());
            c.put("free_capacity_gb", (double) Math.max(0, p.totalGb() - allocatedGb));
            c.put("allocated_capacity_gb", (double) allocatedGb);
            c.put("provisioned_capacity_gb", (double) allocatedGb);
            c.put("availability_zone", p.zone());
            c.put("timestamp", now);
            out.put("capabilities", c);
        }
        return out;
    }

    private static Pattern pattern(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw ApiError.field(name, "'" + name + "' is matched as a regular expression and this one is not valid: "
                    + e.getDescription() + ".");
        }
    }

    private static boolean matches(Pattern p, String value) {
        return p == null || p.matcher(value).lookingAt();
    }
}
