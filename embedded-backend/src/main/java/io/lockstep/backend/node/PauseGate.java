package io.lockstep.backend.node;

import java.time.Clock;
import java.time.Duration;

/**
 * A simulated stop-the-world pause of one node (a long GC pause, a frozen VM): while it lasts the
 * node's lease renewals and heartbeats are skipped and its driver calls do not return, so the rest of
 * the cluster sees what it would see of a paused process. Thread-safe.
 */
public final class PauseGate {

    private final Clock clock;
    private volatile long until;

    public PauseGate(Clock clock) {
        this.clock = clock;
    }

    public void pauseFor(Duration d) {
        until = clock.millis() + d.toMillis();
    }

    public boolean paused() {
        return clock.millis() < until;
    }

    /** Returns when the pause is over: the paused thread simply does not run until then. */
    public void awaitOpen() {
        long left;
        while ((left = until - clock.millis()) > 0) {
            try {
                Thread.sleep(Math.min(left, 50)); // this is the pause being simulated, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
