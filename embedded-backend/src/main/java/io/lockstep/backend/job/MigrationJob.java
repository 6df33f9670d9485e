package io.lockstep.backend.job;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.transition.TransitionStore;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The data service's side of a host-assisted share migration: copy the share's bytes to the
 * destination from the checkpoint on, at the simulated rate, writing progress a few times a second;
 * verify the copy by checksum; then wait in {@code data_copying_completed} for the operator's
 * {@code migration_complete}. Safe to run again from any checkpoint: chunks are rewritten, never
 * appended. Thread-safe.
 */
public final class MigrationJob implements JobHandler {

    public static final String KIND = "migration";
    private final JobStore jobs;
    private final TransitionStore transitions;
    private final SimulatedContent content;
    private final ChunkCopy copier;
    private final String node;

    /**
     * @param pausePoint returns when the node is not paused (a paused process does nothing)
     */
    public MigrationJob(JobStore jobs, TransitionStore transitions, SimulatedContent content, Runnable pausePoint,
                        String node) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.content = content;
        this.copier = new ChunkCopy(content, pausePoint);
        this.node = node;
    }

    public static String copyOf(String jobId) {
        return "migration:" + jobId;
    }

    @Override
    public void run(JobRow job, JobContext ctx) throws InterruptedException {
        if (job.status().equals(JobStore.CANCELLING)) {
            finishCancel(job, ctx.owner());
            return;
        }
        String copy = copyOf(job.id());
        if (!job.phase().equals("data_copying_in_progress")
                && !phase(job, ctx.owner(), "data_copying_in_progress", true)) {
            return;
        }
        if (!copier.copy(job, ctx, job.resourceId(), copy)) {
            stopped(job, ctx.owner());
            return;
        }
        transitions.locked(TransitionStore.lockName(job.resourceId()), holder("copied"), h -> {
            if (jobs.copied(h, job, ctx.owner(), "data_copying_completed", JobStore.RUNNING)) {
                taskState(h, job.resourceId(), "data_copying_completed");
            }
            return null;
        });
    }

    /** The job stopped being ours: taken over (do nothing), or being cancelled (finish the cancel). */
    private void stopped(JobRow job, String owner) {
        jobs.get(job.id()).filter(j -> j.status().equals(JobStore.CANCELLING) && owner.equals(j.owner()))
                .ifPresent(j -> finishCancel(j, owner));
    }

    private boolean phase(JobRow job, String owner, String phase, boolean claimable) {
        return transitions.locked(TransitionStore.lockName(job.resourceId()), holder("phase"), h -> {
            boolean ok = jobs.phase(h, job.id(), owner, phase, claimable);
            if (ok) {
                taskState(h, job.resourceId(), phase);
            }
            return ok;
        });
    }

    /** Ends a cancel: the copy goes, the source was never touched and is available again. */
    void finishCancel(JobRow job, String owner) {
        transitions.locked(TransitionStore.lockName(job.resourceId()), holder("cancel"), h -> {
            if (jobs.end(h, job.id(), List.of(JobStore.CANCELLING), JobStore.CANCELLED, "migration_cancelled", owner,
                    null, owner)) {
                endMigration(h, job.resourceId(), "migration_cancelled", owner, "migration cancelled; the source "
                        + "share is untouched");
            }
            return null;
        });
        content.discard(copyOf(job.id()));
    }

    /** Attempts ran out: the job fails visibly, the share is available again on its old host. */
    public void giveUp(JobRow job, String owner, String error) {
        transitions.locked(TransitionStore.lockName(job.resourceId()), holder("give up"), h -> {
            if (jobs.end(h, job.id(), List.of(JobStore.QUEUED, JobStore.RUNNING, JobStore.CANCELLING),
                    JobStore.FAILED, "migration_error", owner, error, owner)) {
                endMigration(h, job.resourceId(), "migration_error", owner, "migration failed after "
                        + job.attempt() + " attempt(s): " + error);
                MessageStore.error(h, job.projectId(), "share", job.resourceId(), "migrate", "The migration of this "
                        + "share failed after " + job.attempt() + " attempt(s) (" + error + "). The share is "
                        + "available on its original host.", jobs.clock().millis());
            }
            return null;
        });
        content.discard(copyOf(job.id()));
    }

    /** The share leaves {@code migrating} for {@code available} with the migration's final task_state. */
    void endMigration(Handle h, String shareId, String taskState, String actor, String message) {
        transitions.finishIfStill(h, ResourceMachines.SHARE, shareId, "migrate", "available", actor, message);
        taskState(h, shareId, taskState);
    }

    static void taskState(Handle h, String shareId, String taskState) {
        h.createUpdate("UPDATE shares SET task_state = :t WHERE id = :id").bind("t", taskState).bind("id", shareId)
                .execute();
    }

    private Holder holder(String purpose) {
        return new Holder(node, "data", "migration " + purpose);
    }
}
