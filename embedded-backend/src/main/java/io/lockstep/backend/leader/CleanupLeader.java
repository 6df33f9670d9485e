package io.lockstep.backend.leader;

import io.lockstep.api.event.EventKind;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Election;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    /** What the leader does, as the console lists it beside the election (see {@link CleanupDuties}). */
    public static final java.util.List<String> DUTIES = java.util.List.of(
            "hands back work whose lease ran out", "moves resources stuck with no work to error",
            "announces services down and up", "flags locks held too long", "purges the recycle bin",
            "deletes share servers unused for the interval");
    private static final Logger LOG = LoggerFactory.getLogger(CleanupLeader.class);

    private final CleanupDuties duties;
    private final Election election;
    private final BooleanSupplier awake;
    private final ScheduledExecutorService timer;
    private final AtomicLong announcedTerm = new AtomicLong();

    /**
     * Joins the election and starts sweeping every {@code interval} while leading.
     *
     * @param awake false while the node is (simulated) paused: a paused leader does nothing
     */
    public CleanupLeader(Coordinator coordinator, CleanupDuties duties, EventLog events, Duration interval,
                         BooleanSupplier awake) {
        this.duties = duties;
        this.awake = awake;
        Holder seat = new Holder(coordinator.nodeId(), "cleanup", "leader duties");
        this.election = coordinator.join(ELECTION, seat);
        // Leadership may already have come with the join (in-process): announce it, then on each change.
        election.onChange(leading -> announce(events, seat, leading));
        announce(events, seat, election.isLeader());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cleanup-" + coordinator.nodeId());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void announce(EventLog events, Holder seat, boolean leading) {
        long term = election.term();
        if (!leading || term <= 0 || announcedTerm.getAndSet(term) == term) {
            return;
        }
        try {
            events.appendAlone(new NewEvent(EventKind.LEADER, "election", ELECTION, null, "elected", null, seat.node(),
                    seat.toString(), "term " + term));
        } catch (RuntimeException e) {
            LOG.warn("leadership of {} could not be recorded: {}", ELECTION, e.toString());
        }
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
