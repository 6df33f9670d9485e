package io.lockstep.backend.backup;

import static io.lockstep.backend.statemachine.ResourceMachines.BACKUP;

import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.job.JobRow;
import io.lockstep.backend.job.JobStore;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.share.ShareRow;
import io.lockstep.backend.share.ShareStore;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The API's side of share backups: each command moves the backup and its share together under the
 * share's lock and queues the data service's job in the same transaction. Thread-safe.
 */
public final class BackupService {

    private static final String COLUMNS = "id, share_id, project_id, name, description, size, status, created_at, "
            + "updated_at";

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final JobStore jobs;
    private final ShareStore shares;
    private final SimulatedContent content;
    private final String node;
    private final int maxAttempts;

    public BackupService(Jdbi jdbi, TransitionStore transitions, JobStore jobs, ShareStore shares,
                         SimulatedContent content, String node, int maxAttempts) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.jobs = jobs;
        this.shares = shares;
        this.content = content;
        this.node = node;
        this.maxAttempts = maxAttempts;
    }

    public BackupRow create(OperationRequest r, String shareId, String name, String description) {
        ShareRow share = shares.get(shareId, r.scope());
        String id = UUID.randomUUID().toString();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("share_id", shareId);
        columns.put("name", name);
        columns.put("description", description);
        columns.put("size", share.size());
        transitions.locked(transitions.lockOfNew(BACKUP, id, shareId), r.holder(node), h -> {
            // Begins share.backup first (the declared guard): that test-and-set gates this create.
            transitions.create(h, BACKUP, id, share.projectId(), columns, r.actor());
            return jobs.create(h, new JobStore.NewJob(BackupJob.BACKUP_KIND, share.projectId(), BACKUP.resource(), id,
                    shareId, "{}", content.sizeOf(share.size()), BackupJob.FIRST_PHASE, maxAttempts), r.actor());
        });
        return get(id, null);
    }

    /** Restores into its share: the backup's restore begins the share's (its declared guard) in one transaction. */
    public void restore(OperationRequest r) {
        BackupRow b = get(r.id(), r.scope());
        transitions.locked(BACKUP, r.id(), r.holder(node), h -> {
            int shareSize = ShareStore.find(h, b.shareId(), null).map(ShareRow::size).orElse(0);
            if (shareSize < b.size()) {
                // Manila's rule too: the bytes would not fit
                throw new InvalidRequest("share_id", "Share " + b.shareId() + " (" + shareSize + " GB) is too small "
                        + "to restore backup " + r.id() + " (" + b.size() + " GB): extend it first.");
            }
            transitions.begin(h, r, Map.of());
            return jobs.create(h, new JobStore.NewJob(BackupJob.RESTORE_KIND, b.projectId(), BACKUP.resource(),
                    r.id(), b.shareId(), "{}", content.sizeOf(b.size()), BackupJob.RESTORE_PHASE, maxAttempts),
                    r.actor());
        });
    }

    /** Deletes the backup's bytes and the backup (delete, or force_delete from any status), at once. */
    public void delete(OperationRequest r) {
        get(r.id(), r.scope());
        transitions.locked(BACKUP, r.id(), r.holder(node), h -> {
            transitions.begin(h, r, Map.of());
            content.discard(BackupJob.copyOf(r.id()));
            return transitions.finish(h, BACKUP, r.id(), r.operation().name(), Outcome.ok(), r.actor(),
                    Map.of("deleted_at", System.currentTimeMillis()));
        });
    }

    public void resetStatus(OperationRequest r, String status) {
        get(r.id(), r.scope());
        transitions.set(r, status, r.holder(node), h -> { });
    }

    public BackupRow get(String id, String project) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM share_backups WHERE id = :id AND "
                        + "status <> 'deleted'" + (project == null ? "" : " AND project_id = :project"))
                .bind("id", id).bind("project", project).map((rs, x) -> row(rs)).findOne())
                .orElseThrow(() -> new ResourceNotFound("share backup", id));
    }

    public List<BackupRow> list(String project, String shareId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM share_backups WHERE status <> "
                        + "'deleted'" + (project == null ? "" : " AND project_id = :project")
                        + (shareId == null ? "" : " AND share_id = :share") + " ORDER BY created_at DESC")
                .bind("project", project).bind("share", shareId).map((rs, x) -> row(rs)).list());
    }

    /** Percent of the newest job of {@code kind} for the backup, or null if it never had one. */
    public Integer percent(String backupId, String kind) {
        Optional<JobRow> j = jdbi.withHandle(h -> h.createQuery("SELECT id FROM jobs WHERE resource_type = 'backup' "
                        + "AND resource_id = :id AND kind = :kind ORDER BY created_at DESC LIMIT 1")
                .bind("id", backupId).bind("kind", kind).mapTo(String.class).findOne()).flatMap(jobs::get);
        return j.map(r -> r.bytesTotal() == 0 ? 100 : (int) (r.bytesDone() * 100 / r.bytesTotal())).orElse(null);
    }

    private static BackupRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new BackupRow(rs.getString("id"), rs.getString("share_id"), rs.getString("project_id"),
                rs.getString("name"), rs.getString("description"), rs.getInt("size"), rs.getString("status"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
