package io.lockstep.backend.event;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter that waiters can block on until it moves: "something new was committed". Used to wake
 * event streams and idle workers at once instead of waiting for their next poll. Thread-safe.
 */
public final class ChangeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    public void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version differs from {@code seen} or the timeout passes; returns the version. */
    public long awaitChange(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (version == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Convenience for loops that poll anyway: waits at most {@code millis}. */
    public long awaitChange(long seen, long millis) throws InterruptedException {
        return awaitChange(seen, Duration.ofMillis(millis));
    }
}
