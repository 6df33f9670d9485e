package io.lockstep.backend.job;

import io.lockstep.backend.work.WorkerThreads;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data service's workers: claim jobs from the table (never by a call from the API), renew their
 * leases while running, and hand them back on a clean stop. A job whose handler fails is retried
 * until its attempts run out, then ended by its handler's {@code giveUp}. Thread-safe.
 */
public final class DataWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataWorkers.class);

    private final JobStore store;
    private final Map<String, JobHandler> handlers;
    private final String owner;
    private final int threads;
    private final Duration lease;
    private final Duration poll;
    private final long progressIntervalMs;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final WorkerThreads threadsOf = new WorkerThreads("data-worker");
    private volatile BooleanSupplier accepting = () -> true;
    private volatile BooleanSupplier renewing = () -> true;

    public DataWorkers(JobStore store, Map<String, JobHandler> handlers, String owner, int threads,
                       Duration lease, Duration poll, long progressIntervalMs) {
        this.store = store;
        this.handlers = Map.copyOf(handlers);
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
        threadsOf.start(threads, this::loop, lease.dividedBy(3), this::renewAll);
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
        while (threadsOf.running() && !Thread.currentThread().isInterrupted()) {
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
                // Database unreachable and the like: back off; the jobs stay in the table for whoever comes next.
                LOG.warn("data worker {}: {}", owner, e.toString());
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void run(JobRow job) throws InterruptedException {
        JobHandler h = handlers.get(job.kind());
        running.add(job.id());
        try {
            if (h == null) {
                LOG.error("data worker {} has no handler for jobs of kind {}; job {} given back", owner, job.kind(),
                        job.id());
                store.release(job.id(), owner);
                return;
            }
            h.run(job, new JobContext(store, job, owner, progressIntervalMs));
        } catch (InterruptedException e) {
            if (threadsOf.state() == WorkerThreads.State.CLOSED) {
                store.release(job.id(), owner); // a clean stop: the next service starts at once, from the checkpoint
            }
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("job {} ({}) failed on attempt {}: {}", job.id(), job.kind(), job.attempt(), e.toString());
            if (job.attempt() >= job.maxAttempts()) {
                h.giveUp(job, owner, e.getMessage());
            } else {
                store.release(job.id(), owner); // another attempt, here or elsewhere, from the checkpoint
            }
        } finally {
            running.remove(job.id());
        }
    }

    /** As a crash: running jobs are abandoned; their leases run out and another service resumes them. */
    public void kill() {
        threadsOf.kill();
    }

    /** Stops claiming, interrupts running copies and gives their jobs back at once (they resume elsewhere). */
    @Override
    public void close() {
        threadsOf.stop(Duration.ofSeconds(10), true);
    }
}
