package io.lockstep.backend.snapshot;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SNAPSHOT;

import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.ShareDriver;
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
                "snapshot.delete", (item, owner) -> delete(item, owner, false),
                "snapshot.force_delete", (item, owner) -> delete(item, owner, true));
    }

    private void create(WorkItem item, String owner) {
        String id = item.resourceId();
        String shareId = item.stringParam("share_id");
        String location = null;
        String error = null;
        try {
            location = driver.createSnapshot(id, shareId);
        } catch (DriverException e) {
            error = e.getMessage();
        }
        String outcome = error == null ? "available" : "error";
        Map<String, Object> sets = location == null ? Map.of() : Map.of("provider_location", location);
        String message = error;
        Completion.Result result = completion.finish(TransitionStore.lockName(shareId), item, owner, h -> {
            transitions.finish(h, SNAPSHOT, id, "create", outcome, completion.actor(owner), message, sets);
            transitions.finishIfStill(h, SHARE, shareId, "snapshot", "available", completion.actor(owner), null);
        });
        if (result == Completion.Result.SUPERSEDED) {
            // The snapshot was reset or force-deleted meanwhile: still hand the share back.
            releaseShare(shareId, owner);
            if (location != null && isGoing(id)) {
                try {
                    driver.deleteSnapshot(id);
                } catch (DriverException e) {
                    // Left for the leader's cleanup (a later issue).
                }
            }
        }
    }

    private void releaseShare(String shareId, String owner) {
        transitions.locked(TransitionStore.lockName(shareId),
                new io.lockstep.backend.coordination.Holder("", "share", "worker:release-share"),
                h -> transitions.finishIfStill(h, SHARE, shareId, "snapshot", "available", completion.actor(owner),
                        "snapshot creation was superseded"));
    }

    private void delete(WorkItem item, String owner, boolean force) {
        String id = item.resourceId();
        String shareId = item.stringParam("share_id");
        String outcome = "deleted";
        String message = null;
        try {
            driver.deleteSnapshot(id);
        } catch (DriverException e) {
            if (!force) {
                outcome = "error_deleting";
                message = e.getMessage();
            }
        }
        String to = outcome;
        String why = message;
        Map<String, Object> sets = to.equals("deleted") ? Map.of("deleted_at", System.currentTimeMillis()) : Map.of();
        completion.finish(TransitionStore.lockName(shareId), item, owner,
                h -> transitions.finish(h, SNAPSHOT, id, item.operation(), to, completion.actor(owner), why, sets));
    }

    public void giveUp(WorkItem item, String owner) {
        String shareId = item.stringParam("share_id");
        String error = SNAPSHOT.operation(item.operation()).defaultErrorState();
        completion.giveUp(TransitionStore.lockName(shareId), item, owner, h -> {
            transitions.finish(h, SNAPSHOT, item.resourceId(), item.operation(), error, completion.actor(owner),
                    "gave up after " + (item.attempts() - 1) + " attempts", Map.of());
            if (item.operation().equals("create")) {
                transitions.finishIfStill(h, SHARE, shareId, "snapshot", "available", completion.actor(owner), null);
            }
        });
    }

    private boolean isGoing(String id) {
        String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM snapshots WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse("deleted"));
        return status.equals("deleting") || status.equals("deleted");
    }
}
