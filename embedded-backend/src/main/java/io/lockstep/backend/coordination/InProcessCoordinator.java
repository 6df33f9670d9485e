package io.lockstep.backend.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coordination inside one JVM: fair named locks with fencing tokens, holder introspection and
 * measurements. Entries for a name exist only while someone holds or waits for it, so the map stays
 * as small as the number of resources being changed right now. Thread-safe.
 */
public final class InProcessCoordinator implements Coordinator {

    private final String nodeId;
    private final Clock clock;
    private final Map<String, Entry> locks = new ConcurrentHashMap<>();
    private final LockMeters meters = new LockMeters();
    private final LocalElections elections;
    private final AtomicLong fencing = new AtomicLong();
    private final ThreadLocal<int[]> heldByThread = ThreadLocal.withInitial(() -> new int[1]);

    public InProcessCoordinator(String nodeId, Clock clock) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.elections = new LocalElections(clock);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public LockLease acquire(String name, Holder holder, Duration timeout) {
        Entry entry = locks.compute(name, (k, e) -> {
            Entry live = e == null ? new Entry() : e;
            live.refs++;
            return live;
        });
        LockMeters.Family family = meters.family(name);
        long start = System.nanoTime();
        boolean granted = false;
        entry.waiters.add(holder);
        try {
            granted = entry.lock.tryLock() || waitFor(entry, timeout, family);
        } finally {
            entry.waiters.remove(holder);
            if (!granted) {
                unref(name);
            }
        }
        if (!granted) {
            family.timeouts.incrementAndGet();
            throw new LockTimeoutException(name, timeout, entry.holder);
        }
        long waitedMicros = (System.nanoTime() - start) / 1000;
        entry.holder = holder;
        entry.since = clock.instant();
        entry.acquiredNanos = System.nanoTime();
        entry.token = fencing.incrementAndGet();
        family.acquired(waitedMicros, holder);
        heldByThread.get()[0]++;
        return new Lease(name, entry, family);
    }

    private static boolean waitFor(Entry entry, Duration timeout, LockMeters.Family family) {
        family.contended.incrementAndGet();
        try {
            return entry.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void unref(String name) {
        locks.computeIfPresent(name, (k, e) -> --e.refs == 0 ? null : e);
    }

    @Override
    public List<LockInfo> heldLocks() {
        List<LockInfo> held = new ArrayList<>();
        locks.forEach((name, e) -> {
            Holder h = e.holder;
            if (h != null) {
                held.add(new LockInfo(name, h, e.since, e.token, List.copyOf(e.waiters)));
            }
        });
        held.sort(Comparator.comparing(LockInfo::since));
        return held;
    }

    @Override
    public List<LockStats> lockStats() {
        return meters.stats();
    }

    @Override
    public int locksHeldByCurrentThread() {
        return heldByThread.get()[0];
    }

    @Override
    public ElectionService electionService() {
        return elections;
    }

    @Override
    public void close() {
        // Nothing to release: locks die with their holders' threads.
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        final List<Holder> waiters = new CopyOnWriteArrayList<>();
        int refs; // guarded by the map's compute on this key
        volatile Holder holder;
        volatile Instant since;
        volatile long acquiredNanos;
        volatile long token;
    }

    private final class Lease implements LockLease {
        private final String name;
        private final Entry entry;
        private final LockMeters.Family family;
        private final long token;
        private boolean released;

        Lease(String name, Entry entry, LockMeters.Family family) {
            this.name = name;
            this.entry = entry;
            this.family = family;
            this.token = entry.token;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            long heldMicros = (System.nanoTime() - entry.acquiredNanos) / 1000;
            family.holds.record(heldMicros, String.valueOf(entry.holder));
            entry.holder = null;
            entry.since = null;
            heldByThread.get()[0]--;
            entry.lock.unlock();
            unref(name);
        }
    }
}
