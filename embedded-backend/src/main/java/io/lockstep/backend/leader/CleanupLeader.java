package io.lockstep.backend.leader;

import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.event.EventLog;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

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
    private final CleanupDuties duties;
    private final ElectedDuty seat;

    /**
     * Joins the election and starts sweeping every {@code interval} while leading.
     *
     * @param awake false while the node is (simulated) paused: a paused leader does nothing
     */
    public CleanupLeader(Coordinator coordinator, CleanupDuties duties, EventLog events, Duration interval,
                         BooleanSupplier awake) {
        this.duties = duties;
        this.seat = new ElectedDuty(coordinator, ELECTION, "cleanup", events, () -> interval, awake, duties::sweep);
    }

    /** One sweep now if this node leads (tests, the lab). */
    public Optional<CleanupDuties.Sweep> sweepIfLeader() {
        return seat.isLeader() ? Optional.of(duties.sweep()) : Optional.empty();
    }

    /** Stops sweeping without leaving the election (a crash: the session's end takes the seat). */
    public void kill() {
        seat.kill();
    }

    @Override
    public void close() {
        seat.close();
    }
}
