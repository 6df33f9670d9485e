package io.lockstep.backend.driver;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Privileged;

/** {@code /lockstep/v1/lab/driver}: the simulated driver's settings, read by anyone, changed by admins. */
public final class DriverRoutes {

    static final long MAX_LATENCY_MS = 600_000;

    private final SimulatedDriver driver;
    private final Bodies bodies;
    private final JsonRenderer json;

    public DriverRoutes(SimulatedDriver driver, Bodies bodies, JsonRenderer json) {
        this.driver = driver;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/lab/driver", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, driver.status());
        });
        app.put("/lockstep/v1/lab/driver", this::update);
        app.get("/lockstep/v1/lab/network", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, driver.network().settings());
        });
        app.put("/lockstep/v1/lab/network", this::updateNetwork);
        app.patch("/lockstep/v1/lab/network", this::updateNetwork);
        app.patch("/lockstep/v1/lab/driver", this::update);
        app.get("/lockstep/v1/lab/replication", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, driver.replication().settings());
        });
        app.put("/lockstep/v1/lab/replication", this::updateReplication);
        app.patch("/lockstep/v1/lab/replication", this::updateReplication);
    }

    /** Takes pools or the link down and up, the lag of a healthy secondary and the leader's poll interval. */
    private void updateReplication(Context ctx) {
        Requests.authorize(ctx, Privileged.SET_REPLICATION_FAULTS);
        io.lockstep.api.lab.ReplicationSettings patch = bodies.parse(ctx, io.lockstep.api.lab.ReplicationSettings.class);
        io.lockstep.api.lab.ReplicationSettings merged = driver.replication().settings().merge(patch);
        check(merged.lagMs() >= 0 && merged.lagMs() <= MAX_LATENCY_MS, "lag_ms", "lag_ms must be from 0 to "
                + MAX_LATENCY_MS);
        check(merged.pollIntervalMs() >= 100 && merged.pollIntervalMs() <= 3_600_000, "poll_interval_ms",
                "poll_interval_ms must be from 100 to 3600000");
        java.util.List<String> pools = SimulatedPools.names();
        for (String p : merged.downPools()) {
            check(pools.contains(p), "down_pools", "down_pools names pools of " + pools + "; '" + p + "' is none");
        }
        driver.replication().update(patch);
        json.render(ctx, 200, driver.replication().settings());
    }

    private void update(Context ctx) {
        Requests.authorize(ctx, Privileged.SET_DRIVER_FAULTS);
        DriverSettings patch = bodies.parse(ctx, DriverSettings.class);
        DriverSettings merged = driver.settings().merge(patch);
        checkFaults(merged.minLatencyMs(), merged.maxLatencyMs(), merged.failureRate());
        check(merged.capacityGb() >= 1, "capacity_gb", "capacity_gb must be at least 1");
        driver.update(patch);
        json.render(ctx, 200, driver.status());
    }

    private void updateNetwork(Context ctx) {
        Requests.authorize(ctx, Privileged.SET_NETWORK_FAULTS);
        NetworkPluginSettings patch = bodies.parse(ctx, NetworkPluginSettings.class);
        NetworkPluginSettings merged = driver.network().settings().merge(patch);
        checkFaults(merged.minLatencyMs(), merged.maxLatencyMs(), merged.failureRate());
        check(SimulatedNetwork.isRange(merged.defaultCidr()), "default_cidr",
                "default_cidr must be an IPv4 range from /8 to /30, such as 10.254.0.0/24");
        driver.network().update(patch);
        json.render(ctx, 200, driver.network().settings());
    }

    /** Latency and failure settings, the same for the driver and the network plugin. */
    private static void checkFaults(long min, long max, double failureRate) {
        check(min >= 0 && min <= MAX_LATENCY_MS, "min_latency_ms", "min_latency_ms must be from 0 to " + MAX_LATENCY_MS);
        check(max >= min && max <= MAX_LATENCY_MS, "max_latency_ms", "max_latency_ms must be from min_latency_ms ("
                + min + ") to " + MAX_LATENCY_MS);
        check(failureRate >= 0 && failureRate <= 1, "failure_rate", "failure_rate must be from 0.0 to 1.0");
    }

    private static void check(boolean ok, String field, String message) {
        if (!ok) {
            throw new ApiError(new ErrorDetail(400, message + ".", null, null, null, null, null, field, null));
        }
    }
}
