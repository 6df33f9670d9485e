package io.lockstep.backend.leader;

import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.replica.ReplicationPoll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * This node's seat in the {@code replication} election (the 2016 summit's "one service polls
 * replication") and the timer that runs {@link ReplicationPoll} while it leads. Thread-safe.
 */
public final class ReplicationLeader implements AutoCloseable {

    public static final String ELECTION = "replication";
    /** What the leader does, as the console lists it beside the election. */
    public static final List<String> DUTIES = List.of("polls secondary replicas and marks those behind out_of_sync",
            "records each secondary's lag");

    private final ReplicationPoll poll;
    private final ElectedDuty seat;

    /** @param interval read before each poll (the lab may change it) */
    public ReplicationLeader(Coordinator coordinator, ReplicationPoll poll, EventLog events,
                             Supplier<Duration> interval, BooleanSupplier awake) {
        this.poll = poll;
        this.seat = new ElectedDuty(coordinator, ELECTION, "replication", events, interval, awake, poll::poll);
    }

    /** One poll now if this node leads (tests, the lab). */
    public Optional<ReplicationPoll.Round> pollIfLeader() {
        return seat.isLeader() ? Optional.of(poll.poll()) : Optional.empty();
    }

    public void kill() {
        seat.kill();
    }

    @Override
    public void close() {
        seat.close();
    }
}
