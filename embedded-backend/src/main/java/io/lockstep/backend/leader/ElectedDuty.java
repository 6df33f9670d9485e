package io.lockstep.backend.leader;

import io.lockstep.api.event.EventKind;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Election;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's seat in one election and the timer that runs a duty while the seat leads. Leadership can end
 * at any moment (SUSPENDED counts as lost), so it is checked before each run; each new term is announced
 * as a {@code leader} event. The duty keeps its state in the database, so the next leader goes on from
 * where this one stood. The interval is read before each run, so it may change at runtime. Thread-safe.
 */
final class ElectedDuty implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElectedDuty.class);

    private final String name;
    private final Election election;
    private final BooleanSupplier awake;
    private final Supplier<Duration> interval;
    private final Runnable duty;
    private final ScheduledExecutorService timer;
    private final AtomicLong announcedTerm = new AtomicLong();

    /**
     * @param awake false while the node is (simulated) paused: a paused leader does nothing
     */
    ElectedDuty(Coordinator coordinator, String electionName, String seatRole, EventLog events,
                Supplier<Duration> interval, BooleanSupplier awake, Runnable duty) {
        this.name = electionName;
        this.awake = awake;
        this.interval = interval;
        this.duty = duty;
        Holder seat = new Holder(coordinator.nodeId(), seatRole, "leader duties");
        this.election = coordinator.join(electionName, seat);
        // Leadership may already have come with the join (in-process): announce it, then on each change.
        election.onChange(leading -> announce(events, seat, leading));
        announce(events, seat, election.isLeader());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, electionName + "-" + coordinator.nodeId());
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    private void schedule() {
        if (!timer.isShutdown()) {
            timer.schedule(this::tick, interval.get().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void announce(EventLog events, Holder seat, boolean leading) {
        long term = election.term();
        if (!leading || term <= 0 || announcedTerm.getAndSet(term) == term) {
            return;
        }
        try {
            events.appendAlone(new NewEvent(EventKind.LEADER, "election", name, null, "elected", null, seat.node(),
                    seat.toString(), "term " + term));
        } catch (RuntimeException e) {
            LOG.warn("leadership of {} could not be recorded: {}", name, e.toString());
        }
    }

    private void tick() {
        try {
            if (election.isLeader() && awake.getAsBoolean()) {
                duty.run();
            }
        } catch (RuntimeException e) {
            LOG.warn("{} duty failed: {}", name, e.toString());
        } finally {
            try {
                schedule();
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // closed meanwhile
            }
        }
    }

    boolean isLeader() {
        return election.isLeader();
    }

    long term() {
        return election.term();
    }

    /** Stops the duty without leaving the election (a crash: the session's end takes the seat). */
    void kill() {
        timer.shutdownNow();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        election.close();
    }
}
