package io.lockstep.backend.job;

/**
 * Runs one kind of job from its checkpoint. It must stop writing as soon as {@link JobContext}
 * says the job is no longer its own, and must be safe to run again from any checkpoint.
 */
public interface JobHandler {

    void run(JobRow job, JobContext context) throws InterruptedException;

    /** Attempts ran out: end the job failed, visibly, and put its resource back in a stable state. */
    void giveUp(JobRow job, String owner, String error);
}
