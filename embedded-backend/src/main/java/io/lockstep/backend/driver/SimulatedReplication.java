package io.lockstep.backend.driver;

import io.lockstep.api.lab.ReplicationSettings;
import java.util.Set;

/**
 * The simulated backend's replication: which pools are down, whether the link between pools is down,
 * how far a healthy secondary trails its active replica, and how often the leader polls. A replica's bytes
 * are a real copy ({@link SimulatedContent}), made at the content's rate. Thread-safe.
 */
public final class SimulatedReplication {

    private ReplicationSettings settings; // guarded by this

    public SimulatedReplication(ReplicationSettings settings) {
        this.settings = ReplicationSettings.DEFAULTS.merge(settings);
    }

    public synchronized ReplicationSettings settings() {
        return settings;
    }

    /** Replaces the given fields; the caller has validated them. */
    public synchronized ReplicationSettings update(ReplicationSettings patch) {
        settings = settings.merge(patch);
        return settings;
    }

    /** The copy of a replica's bytes, beside the share's own. */
    static String copyOf(String replicaId) {
        return "replica-" + replicaId;
    }

    /** Refuses a call that needs {@code pool} and the link between pools. */
    void requireReachable(String operation, String pool) throws DriverException {
        ReplicationSettings s = settings();
        if (Set.copyOf(s.downPools()).contains(pool)) {
            throw new DriverException(operation + " failed: pool " + pool + " is down");
        }
        if (Boolean.TRUE.equals(s.linkDown())) {
            throw new DriverException(operation + " failed: the replication link is down");
        }
    }

    /** Refuses a call that needs only {@code pool} (a promote needs no link: the old active may be gone). */
    void requireUp(String operation, String pool) throws DriverException {
        if (Set.copyOf(settings().downPools()).contains(pool)) {
            throw new DriverException(operation + " failed: pool " + pool + " is down");
        }
    }

    ReplicaHealth health(String pool, String activePool) {
        ReplicationSettings s = settings();
        Set<String> down = Set.copyOf(s.downPools());
        if (down.contains(activePool)) {
            return new ReplicaHealth(false, s.lagMs(), "the active replica's pool " + activePool + " is down");
        }
        if (down.contains(pool)) {
            return new ReplicaHealth(false, s.lagMs(), "its pool " + pool + " is down");
        }
        if (Boolean.TRUE.equals(s.linkDown())) {
            return new ReplicaHealth(false, s.lagMs(), "the replication link is down");
        }
        return new ReplicaHealth(true, s.lagMs(), null);
    }
}
