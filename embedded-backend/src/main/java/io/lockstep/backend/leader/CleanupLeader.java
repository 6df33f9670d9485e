package io.lockstep.backend.leader;

import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Election;
import io.lockstep.backend.coordination.Holder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's seat in the {@code cleanup} election and the timer that runs {@link CleanupDuties}
 * while it leads. Leadership can end at any moment (SUSPENDED counts as lost), so it is checked
 * before each sweep. Thread-safe.
 */
public final class CleanupLeader implements AutoCloseable {

    public static final String ELECTION = "cleanup";
    private static final Logger LOG = LoggerFactory.getLogger(CleanupLeader.class);

    private final CleanupDuties duties;
    private final Election election;
    private final BooleanSupplier awake;
    private final ScheduledExecutorService timer;

    /**
     * Joins the election and starts sweeping every {@code interval} while leading.
     *
     * @param awake false while the node is (simulated) paused: a paused leader does nothing
     */
    public CleanupLeader(Coordinator coordinator, CleanupDuties duties, Duration interval, BooleanSupplier awake) {
        this.duties = duties;
        this.awake = awake;
        this.election = coordinator.join(ELECTION, new Holder(coordinator.nodeId(), "cleanup", "leader duties"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cleanup-" + coordinator.nodeId());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (election.isLeader() && awake.getAsBoolean()) {
            try {
                duties.sweep();
            } catch (RuntimeException e) {
                LOG.warn("cleanup sweep failed: {}", e.toString());
            }
        }
    }

    /** One sweep now if this node leads (tests, the lab). */
    public Optional<CleanupDuties.Sweep> sweepIfLeader() {
        return election.isLeader() ? Optional.of(duties.sweep()) : Optional.empty();
    }

    /** Stops sweeping without leaving the election (a crash: the session's end takes the seat). */
    public void kill() {
        timer.shutdownNow();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        election.close();
    }
}
