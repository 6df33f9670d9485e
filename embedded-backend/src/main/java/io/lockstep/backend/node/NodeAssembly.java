package io.lockstep.backend.node;

import io.lockstep.backend.db.Database;
import io.lockstep.backend.leader.CleanupDuties;
import io.lockstep.backend.leader.CleanupLeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Starts a node's parts in order (core, share role, data role, cleanup leader, API) and remembers them
 * newest first, so that they close in reverse. If a part fails to start, those already started are
 * closed and the failure is thrown. Confined to the starting thread.
 */
final class NodeAssembly {

    final Deque<Component> started = new ArrayDeque<>();
    final NodeCore core;
    ShareRole share;
    DataRole data;
    CleanupLeader cleanup;
    io.lockstep.backend.leader.ReplicationLeader replication;
    ApiRole api;

    private NodeAssembly(NodeCore core) {
        this.core = core;
        started.push(core);
    }

    static NodeAssembly start(NodeBuilder b) {
        Database database = b.database.get();
        NodeAssembly parts;
        try {
            parts = new NodeAssembly(new NodeCore(b, database));
        } catch (IOException | RuntimeException e) {
            database.close();
            throw unchecked(e);
        }
        try {
            parts.startRoles(Set.copyOf(b.roles));
        } catch (IOException | RuntimeException e) {
            parts.started.forEach(Component::close);
            throw unchecked(e);
        }
        return parts;
    }

    private void startRoles(Set<NodeRole> roles) throws IOException {
        NodeBuilder b = core.settings;
        if (roles.contains(NodeRole.SHARE)) {
            share = push(new ShareRole(core));
        }
        if (roles.contains(NodeRole.DATA)) {
            data = push(new DataRole(core));
        }
        if (roles.contains(NodeRole.SHARE) || roles.contains(NodeRole.DATA)) {
            // Background duties belong to the nodes doing background work, not to the API.
            cleanup = new CleanupLeader(core.coordinator, new CleanupDuties(core.jdbi, core.transitions, core.events,
                    core.clock, core.coordinator, b.cleanupGrace, b.serviceDownTime, b.longHold).purgingWith(core.queue)
                    .deletingUnusedServersAfter(b.unusedServerInterval, new io.lockstep.backend.network.ShareServerService(
                            core.transitions, core.queue, core.clock, core.nodeId)), core.events,
                    b.cleanupInterval, () -> !core.pause.paused());
            push(Component.of(cleanup::close, cleanup::kill));
            replication = new io.lockstep.backend.leader.ReplicationLeader(core.coordinator,
                    new io.lockstep.backend.replica.ReplicationPoll(core.jdbi, core.transitions, core.guardedDriver,
                            core.clock, core.nodeId), core.events,
                    () -> java.time.Duration.ofMillis(core.driver.replication().settings().pollIntervalMs()),
                    () -> !core.pause.paused());
            push(Component.of(replication::close, replication::kill));
        }
        if (roles.contains(NodeRole.API)) {
            api = push(new ApiRole(core));
        }
    }

    private <C extends Component> C push(C component) {
        started.push(component);
        return component;
    }

    private static RuntimeException unchecked(Exception e) {
        return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
}
