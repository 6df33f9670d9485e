package io.lockstep.backend.work;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads of a service's workers, with the lifecycle both the share and the data service need:
 * N loops and one lease renewer, started once, then either killed (as a crash: nothing handed back)
 * or stopped (running work gets a grace period or an interrupt). Thread-safe.
 */
public final class WorkerThreads {

    /** Where the threads are in their life. */
    public enum State { LATENT, STARTED, CLOSED, KILLED }

    private final String name;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private ExecutorService pool;
    private ScheduledExecutorService renewer;

    public WorkerThreads(String name) {
        this.name = name;
    }

    /** Starts {@code threads} copies of {@code loop} and {@code renew} every {@code renewEvery}. */
    public void start(int threads, Runnable loop, Duration renewEvery, Runnable renew) {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException(name + " already started or closed");
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> daemon(r, name + "-" + n.incrementAndGet()));
        renewer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-lease-renewer"));
        long period = Math.max(50, renewEvery.toMillis());
        renewer.scheduleAtFixedRate(renew, period, period, TimeUnit.MILLISECONDS);
        for (int i = 0; i < threads; i++) {
            pool.execute(loop);
        }
    }

    public State state() {
        return state.get();
    }

    public boolean running() {
        return state.get() == State.STARTED;
    }

    /** As a crash: threads interrupted, nothing handed back. False if they were not running. */
    public boolean kill() {
        if (state.getAndSet(State.KILLED) != State.STARTED) {
            return false;
        }
        pool.shutdownNow();
        renewer.shutdownNow();
        return true;
    }

    /**
     * Stops: with {@code interrupt}, running work is interrupted at once; otherwise it gets up to
     * {@code grace} to finish. False if the threads were not running.
     */
    public boolean stop(Duration grace, boolean interrupt) {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return false;
        }
        if (interrupt) {
            pool.shutdownNow();
        } else {
            pool.shutdown();
        }
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        renewer.shutdownNow();
        return true;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
