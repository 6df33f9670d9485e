package io.lockstep.backend.backup;

import static io.lockstep.backend.statemachine.ResourceMachines.BACKUP;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.job.ChunkCopy;
import io.lockstep.backend.job.JobContext;
import io.lockstep.backend.job.JobHandler;
import io.lockstep.backend.job.JobRow;
import io.lockstep.backend.job.JobStore;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.transition.TransitionStore;
import java.util.List;

/**
 * The data service's side of backups and restores: copy the share's bytes into the backup (or the
 * backup's into the share) from the checkpoint on, verify by checksum, then end the backup's and the
 * share's operations together under the share's lock. Thread-safe.
 */
public final class BackupJob implements JobHandler {

    public static final String BACKUP_KIND = "backup";
    public static final String RESTORE_KIND = "restore";

    private final JobStore jobs;
    private final TransitionStore transitions;
    private final SimulatedContent content;
    private final ChunkCopy copier;
    private final String node;

    public BackupJob(JobStore jobs, TransitionStore transitions, SimulatedContent content, Runnable pausePoint,
                     String node) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.content = content;
        this.copier = new ChunkCopy(content, pausePoint);
        this.node = node;
    }

    /** Where a backup's bytes are kept. */
    public static String copyOf(String backupId) {
        return "backup:" + backupId;
    }

    @Override
    public void run(JobRow job, JobContext ctx) throws InterruptedException {
        boolean backup = job.kind().equals(BACKUP_KIND);
        String backupId = job.resourceId();
        String shareId = job.target();
        String copy = backup ? copyOf(backupId) : "restore:" + job.id();
        if (!copier.copyAndVerify(job, ctx, shareId, copy)) {
            return; // taken over: the new holder finishes
        }
        String owner = ctx.owner();
        transitions.locked(TransitionStore.lockName(shareId), holder(job.kind()), h -> {
            if (jobs.copied(h, job, owner, backup ? "backup_created" : "restore_completed", JobStore.SUCCEEDED)) {
                transitions.finishIfStill(h, BACKUP, backupId, backup ? "create" : "restore", "available", owner,
                        null);
                transitions.finishIfStill(h, SHARE, shareId, backup ? "backup" : "restore", "available", owner,
                        backup ? "backup " + backupId + " made" : "restored from backup " + backupId);
            }
            return null;
        });
        if (!backup) {
            content.discard(copy); // the share now holds the bytes
        }
    }

    /** Attempts ran out: the job fails visibly; the backup is in error (or intact), the share as it should be. */
    @Override
    public void giveUp(JobRow job, String owner, String error) {
        boolean backup = job.kind().equals(BACKUP_KIND);
        String shareId = job.target();
        transitions.locked(TransitionStore.lockName(shareId), holder("give up"), h -> {
            if (jobs.end(h, job.id(), List.of(JobStore.QUEUED, JobStore.RUNNING, JobStore.CANCELLING),
                    JobStore.FAILED, backup ? "backup_error" : "restore_error", owner, error, owner)) {
                transitions.finishIfStill(h, BACKUP, job.resourceId(), backup ? "create" : "restore",
                        backup ? "error" : "available", owner, error);
                transitions.finishIfStill(h, SHARE, shareId, backup ? "backup" : "restore",
                        backup ? "available" : "backup_restoring_error", owner, error);
                MessageStore.error(h, job.projectId(), "share", shareId, job.kind(), (backup ? "The backup " : "The "
                        + "restore of backup ") + job.resourceId() + " failed after " + job.attempt() + " attempt(s): "
                        + error, jobs.clock().millis());
            }
            return null;
        });
        content.discard(backup ? copyOf(job.resourceId()) : "restore:" + job.id());
    }

    private Holder holder(String purpose) {
        return new Holder(node, "data", purpose);
    }
}
