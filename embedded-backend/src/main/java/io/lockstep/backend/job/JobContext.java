package io.lockstep.backend.job;

import java.time.Clock;

/**
 * A running job's line to the table: throttled, fenced progress writes. Progress is written at most
 * every {@code interval} ms (and always when asked to force), so a fast copy costs a few writes a
 * second, not one per chunk. Confined to the worker thread.
 */
public final class JobContext {

    private final JobStore store;
    private final JobRow job;
    private final String owner;
    private final Clock clock;
    private final long intervalMs;
    private long lastWrite;
    private long lastBytes;
    private long lastAt;
    private long rate;

    JobContext(JobStore store, JobRow job, String owner, long intervalMs) {
        this.store = store;
        this.job = job;
        this.owner = owner;
        this.clock = store.clock();
        this.intervalMs = intervalMs;
        this.lastAt = clock.millis();
        this.lastBytes = job.checkpoint();
    }

    public String owner() {
        return owner;
    }

    /**
     * Reports {@code bytesDone} (all of it kept, so it is the checkpoint too).
     *
     * @return false when the job is no longer this worker's to run: taken over, or being cancelled
     */
    public boolean progress(long bytesDone, boolean force) {
        long now = clock.millis();
        if (!force && now - lastWrite < intervalMs) {
            return true;
        }
        if (now > lastAt) {
            rate = (bytesDone - lastBytes) * 1000 / (now - lastAt);
        }
        lastAt = now;
        lastBytes = bytesDone;
        lastWrite = now;
        return store.progress(job.id(), owner, bytesDone, bytesDone, Math.max(0, rate));
    }
}
