package io.lockstep.backend.job;

import io.lockstep.backend.driver.SimulatedContent;

/**
 * The copy loop every data job shares: from the job's checkpoint to its end, chunk by chunk at the
 * simulated link's rate, writing progress (which is the checkpoint) as it goes, then verifying the
 * copy by checksum. Chunks are written in place, so a copy resumed from any checkpoint is exact.
 */
public final class ChunkCopy {

    static final int CHUNK = 64 * 1024;

    private final SimulatedContent content;
    private final Runnable pausePoint;
    private final int speedup;

    public ChunkCopy(SimulatedContent content, Runnable pausePoint) {
        this(content, pausePoint, 1);
    }

    /** @param speedup how many times the simulated link's rate this copier runs at (a driver inside its backend) */
    public ChunkCopy(SimulatedContent content, Runnable pausePoint, int speedup) {
        this.content = content;
        this.pausePoint = pausePoint;
        this.speedup = speedup;
    }

    /**
     * Copies {@code sourceShareId}'s bytes into {@code copy}, then {@link #verify}s it.
     *
     * @return false when a progress write was refused: the job is no longer this worker's to run
     * @throws IllegalStateException when the finished copy's checksum does not match the source
     */
    public boolean copyAndVerify(JobRow job, JobContext ctx, String sourceShareId, String copy)
            throws InterruptedException {
        if (!copy(job, ctx, sourceShareId, copy)) {
            return false;
        }
        verify(sourceShareId, job.bytesTotal(), copy);
        return true;
    }

    /**
     * Copies {@code sourceShareId}'s bytes into {@code copy}, from the job's checkpoint on.
     *
     * @return false when a progress write was refused: the job is no longer this worker's to run
     */
    public boolean copy(JobRow job, JobContext ctx, String sourceShareId, String copy) throws InterruptedException {
        content.prepare(copy, job.bytesTotal());
        long pos = job.checkpoint();
        long start = pos;
        long t0 = System.nanoTime();
        byte[] buf = new byte[CHUNK];
        while (pos < job.bytesTotal()) {
            pausePoint.run();
            if (Thread.interrupted()) {
                throw new InterruptedException("killed");
            }
            int n = (int) Math.min(CHUNK, job.bytesTotal() - pos);
            SimulatedContent.read(sourceShareId, pos, buf, n);
            content.write(copy, pos, buf, n);
            pos += n;
            if (!ctx.progress(pos, pos == job.bytesTotal())) {
                return false;
            }
            long rate = Math.max(1, content.rateBytesPerSecond() * speedup);
            long ahead = (pos - start) * 1_000_000_000L / rate - (System.nanoTime() - t0);
            if (ahead > 0) {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000)); // the simulated link's speed
            }
        }
        return true;
    }

    /** @throws IllegalStateException when {@code copy}'s checksum does not match the source's first {@code bytes} */
    public void verify(String sourceShareId, long bytes, String copy) {
        String want = SimulatedContent.checksumOf(sourceShareId, bytes);
        if (!want.equals(content.checksumOfCopy(copy))) {
            throw new IllegalStateException("checksum of the copy does not match the source");
        }
    }
}
