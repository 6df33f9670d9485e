package io.lockstep.backend.node;

import io.lockstep.backend.backup.BackupJob;
import io.lockstep.backend.job.DataCopyJob;
import io.lockstep.backend.job.DataWorkers;
import io.lockstep.backend.job.MigrationJob;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The data service of a node: workers that claim jobs (migrations, backups, restores, copies), copy from
 * the checkpoint on and hand over when they die, and the service's heartbeat. Thread-safe.
 */
final class DataRole extends ServiceRole {

    DataRole(NodeCore core) {
        NodeBuilder b = core.settings;
        var content = core.driver.content();
        var migration = new MigrationJob(core.jobs, core.transitions, content, core.pause::awaitOpen, core.nodeId);
        var backups = new BackupJob(core.jobs, core.transitions, content, core.pause::awaitOpen, core.nodeId);
        var dataCopy = new DataCopyJob(core.jobs, content, core.pause::awaitOpen);
        var heartbeat = core.heartbeat(core.nodeId, "lockstep-data");
        var workers = new DataWorkers(core.jobs, Map.of(MigrationJob.KIND, migration, BackupJob.BACKUP_KIND, backups,
                BackupJob.RESTORE_KIND, backups, DataCopyJob.KIND, dataCopy),
                "data@" + core.nodeId + "/" + UUID.randomUUID().toString().substring(0, 8), b.dataThreads, b.jobLease,
                Duration.ofMillis(200), b.progressIntervalMs);
        workers.acceptWhile(() -> heartbeat.enabled() && !core.pause.paused());
        workers.renewWhile(() -> !core.pause.paused());
        workers.start();
        started(new Workers(workers::busy, workers::close, workers::kill), heartbeat);
    }
}
