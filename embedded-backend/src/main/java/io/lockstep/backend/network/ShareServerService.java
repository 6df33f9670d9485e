package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.lockstep.backend.request.InvalidRequest;
import org.jdbi.v3.core.Handle;

/**
 * Share server commands: delete (refused by the declared guard while a share is on the server) and an
 * admin's reset_status, which starts or fails the shares waiting on the server as its setup would have.
 * The cleanup leader deletes unused servers through the same {@link #beginDelete}. Thread-safe.
 */
public final class ShareServerService {

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final WaitingShares waiting;
    private final String nodeId;

    public ShareServerService(TransitionStore transitions, WorkQueue queue, Clock clock, String nodeId) {
        this.transitions = transitions;
        this.queue = queue;
        this.waiting = new WaitingShares(transitions, queue, clock);
        this.nodeId = nodeId;
    }

    public void delete(OperationRequest r) {
        transitions.locked(SHARE_SERVER, r.id(), r.holder(nodeId), h -> {
            beginDelete(h, r.id(), r.actor(), r.seen());
            return null;
        });
        queue.wake();
    }

    /** Begins the server's delete and queues its teardown, in the caller's transaction under the network's lock. */
    public void beginDelete(Handle h, String id, String actor, String seen) {
        String delete = SHARE_SERVER.deleteOperation().orElseThrow().name();
        transitions.begin(h, SHARE_SERVER, id, delete, actor, seen, Map.of());
        queue.enqueue(h, SHARE_SERVER.resource(), id, delete, Map.of());
    }

    public void resetStatus(OperationRequest r, String status) {
        String active = SHARE_SERVER.createOperation().orElseThrow().successState();
        List<String> settable = r.operation().success();
        if (!settable.contains(status)) {
            throw new InvalidRequest("status", "Invalid share server status '" + status + "': reset_status accepts "
                    + settable + ".", settable);
        }
        transitions.locked(SHARE_SERVER, r.id(), r.holder(nodeId), h -> {
            transitions.set(h, SHARE_SERVER, r.id(), r.operation().name(), status, r.actor(), r.seen());
            if (status.equals(active)) {
                waiting.start(h, r.id());
            } else {
                waiting.fail(h, r.id(), "its share server " + r.id() + " was set to " + status + " by an admin");
            }
            return null;
        });
        queue.wake();
    }

    /** The holder the cleanup leader's deletes are written under. */
    public Holder cleanupHolder() {
        return new Holder(nodeId, "cleanup", "leader: unused share servers");
    }
}
