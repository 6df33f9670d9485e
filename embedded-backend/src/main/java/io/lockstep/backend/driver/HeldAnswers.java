package io.lockstep.backend.driver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A lab fault for completion-phase races: the driver's answer for a named resource is held back after
 * the storage did its work, until the lab releases it, so that a worker's finish can be released at the
 * same instant as a competing request. Only calls for held resources wait; a hold ends by itself after
 * {@link #MAX_HOLD}, so a forgotten hold never wedges a worker. Thread-safe.
 */
public final class HeldAnswers {

    static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private record Hold(CountDownLatch arrived, CountDownLatch released) {
    }

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    /**
     * The ids the last {@link #PASSED} driver calls named, held or not: a racer that could only hold a
     * create once it was answered learns at once whether the call went by first, instead of waiting for
     * an arrival that will not come.
     */
    private final Map<String, Boolean> passed = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > PASSED;
                }
            });
    static final int PASSED = 8192;

    /** The next driver answer for {@code resourceId} waits for {@link #release}. */
    public void hold(String resourceId) {
        holds.put(resourceId, new Hold(new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Whether a call for the held resource has done its work and is waiting, within {@code timeout}. */
    public boolean awaitArrival(String resourceId, Duration timeout) throws InterruptedException {
        Hold h = holds.get(resourceId);
        return h != null && h.arrived().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a driver call naming {@code resourceId} has done its work lately (among the last {@link #PASSED}). */
    public boolean hasPassed(String resourceId) {
        return passed.containsKey(resourceId);
    }

    /** Lets the held answer go (and forgets the hold); nothing happens if none was asked. */
    public void release(String resourceId) {
        Hold h = holds.remove(resourceId);
        if (h != null) {
            h.released().countDown();
        }
    }

    /** Called by the driver once a call's work is done: waits while any of {@code ids} is held. */
    void pass(String operation, String... ids) {
        for (String id : ids) {
            passed.put(id, Boolean.TRUE); // before looking for a hold: a hold placed after this sees it
            Hold h = holds.get(id);
            if (h == null || h.arrived().getCount() == 0) {
                continue;
            }
            h.arrived().countDown();
            try {
                if (!h.released().await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                    holds.remove(id, h);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkInterrupted(operation + " of " + id + " interrupted while its answer was held");
            }
        }
    }
}
