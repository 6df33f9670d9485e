package io.lockstep.backend.node;

import io.lockstep.backend.share.ShareWork;
import io.lockstep.backend.snapshot.SnapshotWork;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.ShareWorkers;
import io.lockstep.backend.work.WorkHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The share service of a node: workers that claim the work items the API queued, call the driver with
 * no lock held and finish each operation, and the service's heartbeat. Thread-safe.
 */
final class ShareRole extends ServiceRole {

    ShareRole(NodeCore core) {
        NodeBuilder b = core.settings;
        var completion = new Completion(core.transitions, core.queue, core.nodeId);
        var shareWork = new ShareWork(core.jdbi, core.transitions, completion, core.guardedDriver);
        var snapshotWork = new SnapshotWork(core.jdbi, core.transitions, completion, core.guardedDriver);
        Map<String, WorkHandler> handlers = new HashMap<>(shareWork.handlers());
        handlers.putAll(snapshotWork.handlers());
        var workers = new ShareWorkers(core.queue, handlers, (item, owner) -> {
            if (item.resourceType().equals(ResourceMachines.SHARE.resource())) {
                shareWork.giveUp(item, owner);
            } else {
                snapshotWork.giveUp(item, owner);
            }
        }, "share@" + core.nodeId + "/" + UUID.randomUUID().toString().substring(0, 8), b.workerThreads, b.lease,
                b.maxAttempts);
        var heartbeat = core.heartbeat(core.nodeId + "@simulated", "lockstep-share");
        workers.acceptWorkWhile(() -> heartbeat.enabled() && !core.pause.paused());
        workers.renewWhile(() -> !core.pause.paused());
        workers.start();
        started(new Workers(workers::busy, workers::close, workers::kill), heartbeat);
    }
}
