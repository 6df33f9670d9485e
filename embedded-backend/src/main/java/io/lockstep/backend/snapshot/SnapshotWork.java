package io.lockstep.backend.snapshot;

import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;

import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The share service's side of snapshot operations. Finishing a create also releases the share from
 * {@code snapshotting}, in the same transaction. Thread-safe.
 */
public final class SnapshotWork {

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final Completion completion;
    private final ShareDriver driver;

    public SnapshotWork(Jdbi jdbi, TransitionStore transitions, Completion completion, ShareDriver driver) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.completion = completion;
        this.driver = driver;
    }

    public Map<String, WorkHandler> handlers() {
        return Map.of(
                "snapshot.create", this::create,
                "snapshot.revert", this::revert,
                "snapshot.delete", this::delete,
                "snapshot.force_delete", this::delete);
    }

    private void create(WorkItem item, String owner) {
        String id = item.resourceId();
        String shareId = item.stringParam("share_id");
        String location = null;
        Outcome outcome;
        try {
            location = driver.createSnapshot(id, shareId);
            outcome = Outcome.ok();
        } catch (DriverException e) {
            outcome = Outcome.failed(Failure.DRIVER, e.getMessage());
        }
        Map<String, Object> sets = location == null ? Map.of() : Map.of("provider_location", location);
        // Finishing the create also ends share.snapshot, which the create began (its declared guard).
        Completion.Result result = finishHoldingShare(item, owner, outcome, sets,
                Outcome.ok("snapshot creation was superseded"));
        if (result == Completion.Result.SUPERSEDED) {
            if (location != null && isGoing(id)) {
                try {
                    driver.deleteSnapshot(id);
                } catch (DriverException e) {
                    // Left for the leader's cleanup (a later issue).
                }
            }
        }
    }

    /** Reverts the share; finishing the snapshot's revert ends the share's with the same outcome. */
    private void revert(WorkItem item, String owner) {
        String id = item.resourceId();
        Outcome outcome;
        try {
            driver.revertToSnapshot(item.stringParam("share_id"), id);
            outcome = Outcome.ok();
        } catch (DriverException e) {
            outcome = Outcome.failed(Failure.DRIVER, e.getMessage());
        }
        finishHoldingShare(item, owner, outcome, Map.of(), outcome);
    }

    /** Finishes an operation that holds its share; a superseded one still hands the share back. */
    private Completion.Result finishHoldingShare(WorkItem item, String owner, Outcome outcome,
                                                 Map<String, Object> sets, Outcome released) {
        return completion.finishHoldingParent(item, owner, released, h -> transitions.finish(h, SNAPSHOT,
                item.resourceId(), item.operation(), outcome, completion.actor(owner), sets));
    }

    private void delete(WorkItem item, String owner) {
        String id = item.resourceId();
        Outcome outcome;
        try {
            driver.deleteSnapshot(id);
            outcome = Outcome.ok();
        } catch (DriverException e) {
            outcome = Outcome.failed(Failure.DRIVER, e.getMessage());
        }
        Outcome ended = outcome;
        boolean gone = SNAPSHOT.terminalState().equals(SNAPSHOT.operation(item.operation()).stateFor(outcome));
        Map<String, Object> sets = gone ? Map.of("deleted_at", System.currentTimeMillis()) : Map.of();
        completion.finish(item, owner,
                h -> transitions.finish(h, SNAPSHOT, id, item.operation(), ended, completion.actor(owner), sets));
    }

    public void giveUp(WorkItem item, String owner) {
        completion.giveUp(item, owner, h -> transitions.finish(h, SNAPSHOT, item.resourceId(), item.operation(),
                Completion.gaveUp(item), completion.actor(owner), Map.of()));
    }

    private boolean isGoing(String id) {
        return Completion.isGoing(jdbi, SNAPSHOT, id);
    }
}
