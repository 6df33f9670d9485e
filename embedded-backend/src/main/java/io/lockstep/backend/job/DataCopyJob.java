package io.lockstep.backend.job;

import io.lockstep.backend.driver.SimulatedContent;
import java.util.List;

/**
 * A bare {@code data_copy}: a share's bytes copied to a named destination and checked by checksum,
 * through the same phases as a host-assisted migration's copy but with no share status around it
 * (the copy is Manila's data service's, without the migration). Used by the bench and by anything
 * that needs a verified copy. Thread-safe.
 */
public final class DataCopyJob implements JobHandler {

    public static final String KIND = "data_copy";
    private final JobStore jobs;
    private final SimulatedContent content;
    private final ChunkCopy copier;

    public DataCopyJob(JobStore jobs, SimulatedContent content, Runnable pausePoint) {
        this.jobs = jobs;
        this.content = content;
        this.copier = new ChunkCopy(content, pausePoint);
    }

    /** Where a data copy's bytes are kept. */
    public static String copyOf(String jobId) {
        return "data_copy:" + jobId;
    }

    @Override
    public void run(JobRow job, JobContext ctx) throws InterruptedException {
        String owner = ctx.owner();
        if (job.status().equals(JobStore.CANCELLING)) {
            end(job, owner, JobStore.CANCELLED, "data_copy_cancelled", null);
            return;
        }
        if (!step(job, owner, "data_copying_in_progress") || !copier.copy(job, ctx, job.resourceId(), copyOf(job.id()))
                || !step(job, owner, "data_copying_completing")) {
            jobs.get(job.id()).filter(j -> j.status().equals(JobStore.CANCELLING) && owner.equals(j.owner()))
                    .ifPresent(j -> end(j, owner, JobStore.CANCELLED, "data_copy_cancelled", null));
            return;
        }
        copier.verify(job.resourceId(), job.bytesTotal(), copyOf(job.id()));
        jobs.inTransaction(h -> jobs.copied(h, job, owner, "data_copying_completed", JobStore.SUCCEEDED));
    }

    /** Walks the machine's path to {@code target}, one fenced write per phase; false once the job is not ours. */
    private boolean step(JobRow job, String owner, String target) {
        String current = jobs.get(job.id()).map(JobRow::phase).orElse(job.phase());
        for (String p : JobMachine.kind(KIND).pathTo(current, target)) {
            if (!jobs.inTransaction(h -> jobs.phase(h, job.id(), owner, p))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void giveUp(JobRow job, String owner, String error) {
        end(job, owner, JobStore.FAILED, "data_copy_error", error);
    }

    private void end(JobRow job, String owner, String status, String phase, String error) {
        jobs.inTransaction(h -> jobs.end(h, job.id(), JobStore.LIVE, status, phase, owner, error, owner));
        content.discard(copyOf(job.id()));
    }
}
