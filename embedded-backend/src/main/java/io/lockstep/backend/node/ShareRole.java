package io.lockstep.backend.node;

import io.lockstep.backend.access.AccessWork;
import io.lockstep.backend.share.ShareWork;
import io.lockstep.backend.snapshot.SnapshotWork;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.ShareWorkers;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

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
        var accessWork = new AccessWork(core.transitions, core.queue, completion, core.guardedDriver, core.clock);
        var serverWork = new io.lockstep.backend.network.ServerSetupWork(core.jdbi, core.transitions, core.queue,
                completion, core.driver.network(), core.clock);
        Map<String, WorkHandler> handlers = new HashMap<>(shareWork.handlers());
        handlers.putAll(serverWork.handlers());
        handlers.putAll(snapshotWork.handlers());
        handlers.putAll(accessWork.handlers());
        var replicaWork = new io.lockstep.backend.replica.ReplicaWork(core.jdbi, core.transitions, completion,
                core.guardedDriver, core.clock);
        handlers.putAll(replicaWork.handlers());
        Map<String, BiConsumer<WorkItem, String>> giveUps = Map.of(
                ResourceMachines.SHARE.resource(), shareWork::giveUp,
                ResourceMachines.SNAPSHOT.resource(), snapshotWork::giveUp,
                ResourceMachines.ACCESS_RULE.resource(), accessWork::giveUp,
                ResourceMachines.SHARE_SERVER.resource(), serverWork::giveUp,
                ResourceMachines.SHARE_REPLICA.resource(), replicaWork::giveUp);
        var workers = new ShareWorkers(core.queue, handlers, (item, owner) -> giveUps.get(item.resourceType())
                .accept(item, owner), "share@" + core.nodeId + "/" + UUID.randomUUID().toString().substring(0, 8), b.workerThreads, b.lease,
                b.maxAttempts);
        var heartbeat = core.heartbeat(core.nodeId + "@simulated", "lockstep-share");
        workers.acceptWorkWhile(() -> heartbeat.enabled() && !core.pause.paused());
        workers.renewWhile(() -> !core.pause.paused());
        workers.start();
        started(new Workers(workers::busy, workers::close, workers::kill), heartbeat);
    }
}
