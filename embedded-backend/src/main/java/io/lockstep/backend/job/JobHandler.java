package io.lockstep.backend.job;

/**
 * Runs one kind of job from its checkpoint. It must stop writing as soon as {@link JobContext}
 * says the job is no longer its own, and must be safe to run again from any checkpoint.
 */
@FunctionalInterface
public interface JobHandler {

    void run(JobRow job, JobContext context) throws InterruptedException;
}
