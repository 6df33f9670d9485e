package io.lockstep.backend.job;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The data service's side of a share migration, from the checkpoint on, a few progress writes a
 * second. Host-assisted: through Manila's {@code migration_in_progress} and {@code data_copying_*}
 * phases, the copy verified by checksum in {@code data_copying_completing}, then wait in
 * {@code data_copying_completed} for the operator's {@code migration_complete}. Driver-assisted: the
 * simulated driver moves the bytes inside its backend, faster, in {@code migration_driver_in_progress},
 * then waits in {@code migration_driver_phase1_done}. Safe to run again from any checkpoint and
 * phase: chunks are rewritten, never appended. Thread-safe.
 */
public final class MigrationJob implements JobHandler {

    public static final String KIND = "migration";
    /** How many times the host's link a driver moves bytes inside its own backend. */
    static final int DRIVER_SPEEDUP = 4;
    private final JobStore jobs;
    private final TransitionStore transitions;
    private final SimulatedContent content;
    private final ChunkCopy hostCopier;
    private final ChunkCopy driverCopier;
    private final String node;

    /**
     * @param pausePoint returns when the node is not paused (a paused process does nothing)
     */
    public MigrationJob(JobStore jobs, TransitionStore transitions, SimulatedContent content, Runnable pausePoint,
                        String node) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.content = content;
        this.hostCopier = new ChunkCopy(content, pausePoint);
        this.driverCopier = new ChunkCopy(content, pausePoint, DRIVER_SPEEDUP);
        this.node = node;
    }

    public static String copyOf(String jobId) {
        return "migration:" + jobId;
    }

    /** Whether the driver, not a data service's copy, moves this migration's bytes. */
    public static boolean driverAssisted(JobRow job) {
        return job.phase().startsWith("migration_driver_");
    }

    @Override
    public void run(JobRow job, JobContext ctx) throws InterruptedException {
        if (job.status().equals(JobStore.CANCELLING)) {
            finishCancel(job, ctx.owner());
            return;
        }
        boolean driver = driverAssisted(job);
        String copying = driver ? "migration_driver_in_progress" : "data_copying_in_progress";
        String copy = copyOf(job.id());
        if (!walkTo(job, ctx.owner(), copying)) {
            stopped(job, ctx.owner());
            return;
        }
        ChunkCopy copier = driver ? driverCopier : hostCopier;
        if (!copier.copy(job, ctx, job.resourceId(), copy)) {
            stopped(job, ctx.owner());
            return;
        }
        if (!driver && !walkTo(job, ctx.owner(), "data_copying_completing")) {
            stopped(job, ctx.owner());
            return;
        }
        copier.verify(job.resourceId(), job.bytesTotal(), copy);
        String waiting = driver ? "migration_driver_phase1_done" : "data_copying_completed";
        transitions.locked(SHARE, job.resourceId(), holder("copied"), h -> {
            if (jobs.copied(h, job, ctx.owner(), waiting, JobStore.RUNNING)) {
                taskState(h, job.resourceId(), waiting);
            }
            return null;
        });
    }

    /**
     * Moves the job phase by phase along the machine's path to {@code target}, each step a fenced
     * write mirrored in the share's task_state. A job already past {@code target} (resumed later on)
     * stays where it is. False once the job is no longer ours.
     */
    private boolean walkTo(JobRow job, String owner, String target) {
        String current = jobs.get(job.id()).map(JobRow::phase).orElse(job.phase());
        for (String p : JobMachine.kind(KIND).pathTo(current, target)) {
            boolean ok = transitions.locked(SHARE, job.resourceId(), holder("phase"), h -> {
                if (!jobs.phase(h, job.id(), owner, p)) {
                    return false;
                }
                taskState(h, job.resourceId(), p);
                return true;
            });
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The job stopped being ours: taken over (do nothing), or being cancelled (finish the cancel). */
    private void stopped(JobRow job, String owner) {
        jobs.get(job.id()).filter(j -> j.status().equals(JobStore.CANCELLING) && owner.equals(j.owner()))
                .ifPresent(j -> finishCancel(j, owner));
    }

    /** Ends a cancel: the copy goes, the source was never touched and is available again. */
    void finishCancel(JobRow job, String owner) {
        transitions.locked(SHARE, job.resourceId(), holder("cancel"), h -> {
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
    @Override
    public void giveUp(JobRow job, String owner, String error) {
        transitions.locked(SHARE, job.resourceId(), holder("give up"), h -> {
            if (jobs.end(h, job.id(), JobStore.LIVE,
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
        transitions.finishIfStill(h, SHARE, shareId, "migrate", Outcome.ok(message), actor);
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
