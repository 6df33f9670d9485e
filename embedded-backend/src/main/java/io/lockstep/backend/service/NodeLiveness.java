package io.lockstep.backend.service;

import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.MemberInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a node is still there: one of its services is a member of the services group (its
 * coordination session lives) or heartbeat within {@code service_down_time}. Guarded actions (break a
 * lock) are allowed only against nodes that are neither. Thread-safe.
 */
public final class NodeLiveness {

    private final ServiceStore store;
    private final Coordinator coordinator;
    private final Clock clock;
    private final Duration downAfter;

    public NodeLiveness(ServiceStore store, Coordinator coordinator, Clock clock, Duration downAfter) {
        this.store = store;
        this.coordinator = coordinator;
        this.clock = clock;
        this.downAfter = downAfter;
    }

    /** The nodes alive now, read once (for a listing of many locks). */
    public Set<String> aliveNodes() {
        long now = clock.millis();
        Set<String> alive = store.list().stream().filter(r -> now - r.updatedAt() < downAfter.toMillis())
                .map(ServiceRow::nodeId).collect(Collectors.toSet());
        coordinator.members(ServiceHeartbeat.GROUP).stream().map(MemberInfo::payload).map(NodeLiveness::nodeOf)
                .forEach(alive::add);
        return alive;
    }

    /** The node named in a member payload {@code {"node":"..."}} (written by {@link ServiceHeartbeat}). */
    static String nodeOf(String payload) {
        int key = payload.indexOf("\"node\":\"");
        if (key < 0) {
            return "";
        }
        int start = key + 8;
        int end = payload.indexOf('"', start);
        return end < 0 ? "" : payload.substring(start, end);
    }
}
