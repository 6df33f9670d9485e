package io.lockstep.backend.work;

import io.lockstep.backend.driver.WorkInterrupted;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A share service's workers: threads that claim work items from the database, run their handler and
 * renew their leases meanwhile. Lifecycle LATENT -> STARTED -> CLOSED. Thread-safe.
 */
public final class ShareWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShareWorkers.class);

    private final WorkQueue queue;
    private final Map<String, WorkHandler> handlers;
    private final BiConsumer<WorkItem, String> giveUp;
    private final String owner;
    private final int threads;
    private final Duration lease;
    private final int maxAttempts;
    private final WorkerThreads threadsOf = new WorkerThreads("share-worker");
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busy = new AtomicInteger();

    /**
     * @param handlers    by {@code resourceType + "." + operation}
     * @param giveUp      called for an item claimed more than {@code maxAttempts} times (its earlier owners
     *                    died mid-way): must move the resource to its error state and fail the item
     */
    private volatile java.util.function.BooleanSupplier accepting = () -> true;
    private volatile java.util.function.BooleanSupplier renewing = () -> true;

    public ShareWorkers(WorkQueue queue, Map<String, WorkHandler> handlers, BiConsumer<WorkItem, String> giveUp,
                        String owner, int threads, Duration lease, int maxAttempts) {
        this.queue = queue;
        this.handlers = Map.copyOf(handlers);
        this.giveUp = giveUp;
        this.owner = owner;
        this.threads = threads;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
    }

    /** While {@code accepting} says false (the service is disabled), no new item is claimed. */
    public void acceptWorkWhile(java.util.function.BooleanSupplier accepting) {
        this.accepting = accepting;
    }

    /** While {@code renewing} says false (the node is paused), leases are not renewed and run out. */
    public void renewWhile(java.util.function.BooleanSupplier renewing) {
        this.renewing = renewing;
    }

    public void start() {
        threadsOf.start(threads, this::loop, lease.dividedBy(3), this::renewAll);
    }

    /** How many items this service is working on now. */
    public int busy() {
        return busy.get();
    }

    public String owner() {
        return owner;
    }

    private void loop() {
        while (threadsOf.running()) {
            long seen = queue.signal().version();
            try {
                if (!accepting.getAsBoolean()) {
                    queue.signal().awaitChange(seen, 500);
                    continue;
                }
                var item = queue.claim(owner, lease);
                if (item.isPresent()) {
                    run(item.get());
                } else {
                    queue.signal().awaitChange(seen, 500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Database unreachable and the like: back off, the items stay claimable.
                LOG.warn("worker loop: {}", e.toString());
                pause();
            }
        }
    }

    private void run(WorkItem item) {
        running.add(item.id());
        busy.incrementAndGet();
        try {
            if (item.attempts() > maxAttempts) {
                giveUp.accept(item, owner);
                return;
            }
            WorkHandler handler = handlers.get(item.resourceType() + "." + item.operation());
            if (handler == null) {
                throw new IllegalStateException("no handler for " + item.resourceType() + "." + item.operation());
            }
            handler.handle(item, owner);
        } catch (LeaseLost e) {
            LOG.info("{}", e.getMessage());
        } catch (WorkInterrupted e) {
            if (threadsOf.state() == WorkerThreads.State.KILLED) {
                return; // a killed service hands nothing back: its lease runs out, as a crashed one's would
            }
            // Hand it back at once rather than after the lease; the interrupt is kept for the loop.
            boolean interrupted = Thread.interrupted();
            try {
                queue.release(item.id(), owner);
            } catch (RuntimeException ignored) {
                // The lease runs out instead.
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            LOG.info("work item {} handed back: {}", item.id(), e.getMessage());
        } catch (RuntimeException e) {
            // Left pending: once the lease runs out another attempt is made, up to maxAttempts.
            LOG.warn("work item {} ({} {}.{}) failed: {}", item.id(), item.resourceId(), item.resourceType(),
                    item.operation(), e.toString());
        } finally {
            busy.decrementAndGet();
            running.remove(item.id());
        }
    }

    private void renewAll() {
        if (!renewing.getAsBoolean()) {
            return;
        }
        for (String id : running) {
            try {
                queue.renew(id, owner, lease);
            } catch (RuntimeException e) {
                LOG.warn("lease renewal of {} failed: {}", id, e.toString());
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200); // back-off after an infrastructure error, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops at once, as a crash would: running items are abandoned without a word to the queue, so
     * their leases run out and another service claims them (the lab's "kill").
     */
    public void kill() {
        threadsOf.kill();
    }

    /** Stops claiming, lets running items finish for a few seconds, then gives the rest back. */
    @Override
    public void close() {
        if (threadsOf.state() != WorkerThreads.State.STARTED) {
            return;
        }
        queue.wake();
        if (threadsOf.stop(Duration.ofSeconds(10), false)) {
            running.forEach(id -> queue.release(id, owner));
        }
    }
}
