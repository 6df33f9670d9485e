package io.lockstep.backend.coordination;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wait and hold measurements per lock family ({@code share/<id>} counts under {@code share}), kept the
 * same way by every coordinator. Thread-safe.
 */
final class LockMeters {

    /** The counters of one family. */
    static final class Family {
        final String name;
        final AtomicLong acquisitions = new AtomicLong();
        final AtomicLong contended = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final LatencyRecorder waits = new LatencyRecorder();
        final LatencyRecorder holds = new LatencyRecorder();

        Family(String name) {
            this.name = name;
        }

        void acquired(long waitedMicros, Holder holder) {
            acquisitions.incrementAndGet();
            waits.record(waitedMicros, holder.toString());
        }

        LockStats stats() {
            return new LockStats(name, acquisitions.get(), contended.get(), timeouts.get(),
                    waits.percentile(0.5), waits.percentile(0.99), waits.max(),
                    holds.percentile(0.5), holds.percentile(0.99), holds.max(), holds.maxLabel());
        }
    }

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    Family family(String lockName) {
        return families.computeIfAbsent(familyOf(lockName), Family::new);
    }

    List<LockStats> stats() {
        return families.values().stream().map(Family::stats).sorted(Comparator.comparing(LockStats::family)).toList();
    }

    static String familyOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }
}
