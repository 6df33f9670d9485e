package io.lockstep.backend.backup;

import static io.lockstep.backend.statemachine.ResourceMachines.BACKUP;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.job.ChunkCopy;
import io.lockstep.backend.job.JobContext;
import io.lockstep.backend.job.JobHandler;
import io.lockstep.backend.job.JobMachine;
import io.lockstep.backend.job.JobRow;
import io.lockstep.backend.job.JobStore;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Outcome;
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
    /** The phases a backup's and a restore's job start in, as their kinds declare them. */
    static final String FIRST_PHASE = JobMachine.kind(BACKUP_KIND).first().get(0);
    static final String RESTORE_PHASE = JobMachine.kind(RESTORE_KIND).first().get(0);

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
        transitions.locked(BACKUP, backupId, holder(job.kind()), h -> {
            if (jobs.copied(h, job, owner, backup ? "backup_created" : "restore_completed", JobStore.SUCCEEDED)) {
                // ends the share's backup or restore too (the operation's declared guard)
                transitions.finishIfStill(h, BACKUP, backupId, operation(job), Outcome.ok(backup
                        ? "backup " + backupId + " made" : "restored from backup " + backupId), owner);
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
        transitions.locked(BACKUP, job.resourceId(), holder("give up"), h -> {
            if (jobs.end(h, job.id(), JobStore.LIVE,
                    JobStore.FAILED, backup ? "backup_error" : "restore_error", owner, error, owner)) {
                transitions.finishIfStill(h, BACKUP, job.resourceId(), operation(job),
                        Outcome.failed(Failure.GAVE_UP, error), owner);
                MessageStore.error(h, job.projectId(), "share", shareId, job.kind(), (backup ? "The backup " : "The "
                        + "restore of backup ") + job.resourceId() + " failed after " + job.attempt() + " attempt(s): "
                        + error, jobs.clock().millis());
            }
            return null;
        });
        content.discard(backup ? copyOf(job.resourceId()) : "restore:" + job.id());
    }

    /** The backup operation a job of this kind runs. */
    private static String operation(JobRow job) {
        return job.kind().equals(BACKUP_KIND) ? "create" : "restore";
    }

    private Holder holder(String purpose) {
        return new Holder(node, "data", purpose);
    }
}
