package io.lockstep.backend.work;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.request.TransitionConflict;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.TransitionStore;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a work item: the finishing transitions and the item's completion in one locked transaction,
 * fenced by the item's owner. Thread-safe.
 */
public final class Completion {

    /** How the attempt to finish went. */
    public enum Result {
        /** The transitions and the item's completion committed. */
        FINISHED,
        /** The resource had moved on (reset or force-deleted meanwhile); the item is closed, nothing else changed. */
        SUPERSEDED
    }

    private static final Logger LOG = LoggerFactory.getLogger(Completion.class);

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final String nodeId;

    public Completion(TransitionStore transitions, WorkQueue queue, String nodeId) {
        this.transitions = transitions;
        this.queue = queue;
        this.nodeId = nodeId;
    }

    /** What a give-up reports: the operation's declaration picks the state. */
    public static Outcome gaveUp(WorkItem item) {
        return Outcome.failed(Failure.GAVE_UP, "gave up after " + (item.attempts() - 1) + " attempts");
    }

    /**
     * Whether the resource is gone or on its way out (force-deleted while a worker made it), so that
     * what the driver made for it should go too.
     */
    public static boolean isGoing(Jdbi jdbi, StateMachine m, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM " + m.table() + " WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne()).map(m::isGoing).orElse(true);
    }

    private static StateMachine machineOf(WorkItem item) {
        return ResourceMachines.byResource(item.resourceType()).orElseThrow(() -> new IllegalStateException(
                "work item " + item.id() + " names unknown resource type " + item.resourceType()));
    }

    public String actor(String owner) {
        return "share-service " + owner;
    }

    /**
     * Runs {@code finishing} and completes the item, under {@code lockName}.
     *
     * @throws LeaseLost if another worker owns the item now (nothing was written)
     */
    public Result finish(WorkItem item, String owner, Consumer<Handle> finishing) {
        StateMachine m = machineOf(item);
        String lockName = transitions.lockOf(m, item.resourceId());
        Holder holder = new Holder(nodeId, "share", "worker:" + item.operation());
        try {
            transitions.locked(lockName, holder, h -> {
                finishing.accept(h);
                queue.complete(h, item.id(), owner, null);
                return null;
            });
            return Result.FINISHED;
        } catch (TransitionConflict moved) {
            LOG.info("{} {} {}: superseded: {}", item.resourceType(), item.resourceId(), item.operation(),
                    moved.getMessage());
            transitions.locked(lockName, holder, h -> {
                queue.complete(h, item.id(), owner, "superseded: " + moved.getMessage());
                return null;
            });
            return Result.SUPERSEDED;
        }
    }

    /**
     * {@link #finish} for an operation that holds its parent ({@code ParentOperation}: a snapshot's create,
     * a replica's promote): if the resource was reset or force-deleted meanwhile, the parent's operation is
     * still ended, with {@code released}.
     */
    public Result finishHoldingParent(WorkItem item, String owner, Outcome released, Consumer<Handle> finishing) {
        Result result = finish(item, owner, finishing);
        if (result == Result.SUPERSEDED) {
            StateMachine m = machineOf(item);
            transitions.locked(m, item.resourceId(), new Holder(nodeId, "share", "worker:release-parent"), h -> {
                transitions.releaseParent(h, m, item.resourceId(), item.operation(), released, actor(owner));
                return null;
            });
        }
        return result;
    }

    /** Fails the item after too many attempts, with {@code finishing} moving the resource to an error state. */
    public void giveUp(WorkItem item, String owner, Consumer<Handle> finishing) {
        String lockName = transitions.lockOf(machineOf(item), item.resourceId());
        Holder holder = new Holder(nodeId, "share", "worker:give-up");
        String why = "gave up after " + (item.attempts() - 1) + " attempts";
        try {
            transitions.locked(lockName, holder, h -> {
                finishing.accept(h);
                queue.fail(h, item.id(), owner, why);
                return null;
            });
        } catch (TransitionConflict moved) {
            transitions.locked(lockName, holder, h -> {
                queue.fail(h, item.id(), owner, why + "; " + moved.getMessage());
                return null;
            });
        }
    }
}
