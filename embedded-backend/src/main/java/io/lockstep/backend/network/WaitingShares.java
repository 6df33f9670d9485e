package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The shares created on a share server while it was being set up: they wait in their create's
 * transitional state with no work of their own. When the server becomes active (its last phase, or an
 * admin's reset) their work is queued; when it fails they end in error with a user message. Both in the
 * transaction that changes the server, so no share is left waiting. Thread-safe.
 */
final class WaitingShares {

    /** Manila's user-message action "create" and detail "driver failed". */
    private static final String CREATE = "001";
    private static final String DRIVER_FAILED = "003";

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final Clock clock;
    private final Operation create = SHARE.operation("create_on_server");

    WaitingShares(TransitionStore transitions, WorkQueue queue, Clock clock) {
        this.transitions = transitions;
        this.queue = queue;
        this.clock = clock;
    }

    void start(Handle h, String serverId) {
        for (Map<String, Object> s : of(h, serverId)) {
            queue.enqueue(h, SHARE.resource(), (String) s.get("id"), create.name(),
                    Map.of("size", s.get("size"), "proto", s.get("share_proto")));
        }
    }

    void fail(Handle h, String serverId, String why) {
        for (Map<String, Object> s : of(h, serverId)) {
            String shareId = (String) s.get("id");
            transitions.finishIfStill(h, SHARE, shareId, create.name(), Outcome.failed(Failure.DRIVER, why),
                    "share-server " + serverId).ifPresent(a -> MessageStore.error(h, a.projectId(), SHARE.resource(),
                    shareId, CREATE, DRIVER_FAILED, "create: " + why, clock.millis()));
        }
    }

    private List<Map<String, Object>> of(Handle h, String serverId) {
        return h.createQuery("SELECT id, size, share_proto FROM " + SHARE.table() + " s WHERE share_server_id = :s "
                        + "AND status = :via AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.resource_id = s.id "
                        + "AND w.state = 'pending')")
                .bind("s", serverId).bind("via", create.via()).mapToMap().list();
    }
}
