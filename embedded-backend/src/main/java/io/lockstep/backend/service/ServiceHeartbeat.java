package io.lockstep.backend.service;

import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Membership;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service's presence: a heartbeat row every report interval (Manila's services table) and
 * membership of the coordinator's {@code services} group while its session lives. It also learns from
 * each beat whether an operator disabled the service. Lifecycle LATENT, STARTED, CLOSED; thread-safe.
 */
public final class ServiceHeartbeat implements AutoCloseable {

    public static final String GROUP = "services";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHeartbeat.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final ServiceStore store;
    private final Coordinator coordinator;
    private final Clock clock;
    private final String host;
    private final String binary;
    private final String zone;
    private final Duration interval;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile boolean disabled;
    private volatile java.util.function.BooleanSupplier beating = () -> true;
    private ScheduledExecutorService timer;
    private Membership membership;

    public ServiceHeartbeat(ServiceStore store, Coordinator coordinator, Clock clock, String host, String binary,
                            String zone, Duration interval) {
        this.store = store;
        this.coordinator = coordinator;
        this.clock = clock;
        this.host = host;
        this.binary = binary;
        this.zone = zone;
        this.interval = interval;
    }

    /** While {@code beating} says false (the node is paused) no heartbeat is written. */
    public void beatWhile(java.util.function.BooleanSupplier beating) {
        this.beating = beating;
    }

    /** Beats once (so the service is listed before it serves), joins the group, then beats on a timer. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("heartbeat of " + memberId() + " already started or closed");
        }
        beat();
        membership = coordinator.joinGroup(GROUP, memberId(), "{\"node\":\"" + coordinator.nodeId() + "\"}");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + binary);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beatQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        disabled = store.beat(host, binary, coordinator.nodeId(), zone, clock.millis()).disabled();
    }

    private void beatQuietly() {
        if (!beating.getAsBoolean()) {
            return;
        }
        try {
            beat();
        } catch (RuntimeException e) {
            // The database is away: the row ages, and other nodes will see this service as down.
            LOG.warn("heartbeat of {} failed: {}", memberId(), e.toString());
        }
    }

    /** binary@host, the service's name in the group and in lock holders. */
    public String memberId() {
        return binary + "@" + host;
    }

    /** False once an operator disabled the service (as of the last beat): take no new work. */
    public boolean enabled() {
        return !disabled;
    }

    /**
     * Stops beating, as a crash would: the row is left to age. The membership's local recipe is closed
     * too (its node goes with the session anyway, and a recipe left running on a closed client retries
     * for ever).
     */
    public void stop() {
        if (state.getAndSet(State.CLOSED) == State.STARTED) {
            timer.shutdownNow();
            try {
                membership.close();
            } catch (RuntimeException e) {
                // the session may already be gone
            }
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return;
        }
        timer.shutdownNow();
        try {
            membership.close();
        } catch (RuntimeException e) {
            // the session is already gone, and the membership with it
        }
    }
}
