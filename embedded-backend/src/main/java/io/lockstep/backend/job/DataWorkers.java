package io.lockstep.backend.job;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data service's workers: claim jobs from the table (never by a call from the API), renew their
 * leases while running, and hand them back on a clean stop. A job whose handler fails is retried
 * until its attempts run out, then ended by {@code giveUp}. Thread-safe.
 */
public final class DataWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataWorkers.class);

    /** Ends a job whose attempts ran out: the job failed, its resource back to a stable state. */
    public interface GiveUp {
        void giveUp(JobRow job, String owner, String error);
    }

    private enum State { LATENT, STARTED, CLOSED, KILLED }

    private final JobStore store;
    private final Map<String, JobHandler> handlers;
    private final GiveUp giveUp;
    private final String owner;
    private final int threads;
    private final Duration lease;
    private final Duration poll;
    private final long progressIntervalMs;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile BooleanSupplier accepting = () -> true;
    private volatile BooleanSupplier renewing = () -> true;
    private ExecutorService pool;
    private ScheduledExecutorService renewer;

    public DataWorkers(JobStore store, Map<String, JobHandler> handlers, GiveUp giveUp, String owner, int threads,
                       Duration lease, Duration poll, long progressIntervalMs) {
        this.store = store;
        this.handlers = Map.copyOf(handlers);
        this.giveUp = giveUp;
        this.owner = owner;
        this.threads = threads;
        this.lease = lease;
        this.poll = poll;
        this.progressIntervalMs = progressIntervalMs;
    }

    /** While false (disabled, paused) no new job is claimed. */
    public void acceptWhile(BooleanSupplier accepting) {
        this.accepting = accepting;
    }

    /** While false (paused) leases are not renewed and run out. */
    public void renewWhile(BooleanSupplier renewing) {
        this.renewing = renewing;
    }

    public String owner() {
        return owner;
    }

    public int busy() {
        return running.size();
    }

    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("data workers already started or closed");
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "data-worker-" + n.incrementAndGet()));
        renewer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "data-lease-renewer"));
        long period = Math.max(50, lease.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewAll, period, period, TimeUnit.MILLISECONDS);
        for (int i = 0; i < threads; i++) {
            pool.execute(this::loop);
        }
    }

    private void renewAll() {
        if (!renewing.getAsBoolean()) {
            return;
        }
        for (String id : running) {
            try {
                store.renew(id, owner, lease);
            } catch (RuntimeException e) {
                LOG.warn("lease of job {} not renewed: {}", id, e.toString());
            }
        }
    }

    private void loop() {
        while (state.get() == State.STARTED && !Thread.currentThread().isInterrupted()) {
            try {
                var job = accepting.getAsBoolean() ? store.claim(owner, lease) : java.util.Optional.<JobRow>empty();
                if (job.isEmpty()) {
                    Thread.sleep(poll.toMillis()); // polling the table is the design: no call reaches a data service
                    continue;
                }
                run(job.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("data worker {}: {}", owner, e.toString());
            }
        }
    }

    private void run(JobRow job) throws InterruptedException {
        JobHandler h = handlers.get(job.kind());
        running.add(job.id());
        try {
            if (h == null) {
                giveUp.giveUp(job, owner, "no handler for jobs of kind " + job.kind());
                return;
            }
            h.run(job, new JobContext(store, job, owner, progressIntervalMs));
        } catch (InterruptedException e) {
            if (state.get() == State.CLOSED) {
                store.release(job.id(), owner); // a clean stop: the next service starts at once, from the checkpoint
            }
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("job {} ({}) failed on attempt {}: {}", job.id(), job.kind(), job.attempt(), e.toString());
            if (job.attempt() >= job.maxAttempts()) {
                giveUp.giveUp(job, owner, e.getMessage());
            } else {
                store.release(job.id(), owner); // another attempt, here or elsewhere, from the checkpoint
            }
        } finally {
            running.remove(job.id());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** As a crash: running jobs are abandoned; their leases run out and another service resumes them. */
    public void kill() {
        if (state.getAndSet(State.KILLED) != State.STARTED) {
            return;
        }
        pool.shutdownNow();
        renewer.shutdownNow();
    }

    /** Stops claiming, interrupts running copies and gives their jobs back at once (they resume elsewhere). */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return;
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        renewer.shutdownNow();
    }
}
