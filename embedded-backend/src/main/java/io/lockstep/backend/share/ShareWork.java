package io.lockstep.backend.share;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.PossibleDataLossException;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The share service's side of share operations: the driver call with no lock held, then the finishing
 * transition. Every handler is safe to run twice. Thread-safe.
 */
public final class ShareWork {

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final Completion completion;
    private final ShareDriver driver;
    private final String host;

    public ShareWork(Jdbi jdbi, TransitionStore transitions, Completion completion, ShareDriver driver, String host) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.completion = completion;
        this.driver = driver;
        this.host = host;
    }

    /** Handlers by {@code share.<operation>}. */
    public Map<String, WorkHandler> handlers() {
        return Map.of(
                "share.create", this::create,
                "share.delete", (item, owner) -> delete(item, owner, false),
                "share.force_delete", (item, owner) -> delete(item, owner, true),
                "share.extend", this::extend,
                "share.shrink", this::shrink);
    }

    private void create(WorkItem item, String owner) {
        String id = item.resourceId();
        String location;
        try {
            location = driver.createShare(id, item.intParam("size"), item.stringParam("proto"));
        } catch (DriverException e) {
            end(item, owner, "error", e.getMessage(), Map.of());
            return;
        }
        Map<String, Object> sets = new HashMap<>();
        sets.put("export_location", location);
        sets.put("host", host);
        if (end(item, owner, "available", null, sets) == Completion.Result.SUPERSEDED && isGoing(id)) {
            // Force-deleted while we created it: make sure the backend does not keep what we made.
            ignoreFailure(() -> driver.deleteShare(id));
        }
    }

    private void delete(WorkItem item, String owner, boolean force) {
        String id = item.resourceId();
        try {
            driver.deleteShare(id);
        } catch (DriverException e) {
            if (!force) {
                end(item, owner, "error_deleting", e.getMessage(), Map.of());
                return;
            }
        }
        end(item, owner, "deleted", null, Map.of("deleted_at", System.currentTimeMillis()));
    }

    private void extend(WorkItem item, String owner) {
        int newSize = item.intParam("new_size");
        try {
            driver.extendShare(item.resourceId(), newSize);
        } catch (DriverException e) {
            end(item, owner, "extending_error", e.getMessage(), Map.of());
            return;
        }
        end(item, owner, "available", null, Map.of("size", newSize));
    }

    private void shrink(WorkItem item, String owner) {
        int newSize = item.intParam("new_size");
        try {
            driver.shrinkShare(item.resourceId(), newSize);
        } catch (PossibleDataLossException e) {
            end(item, owner, "shrinking_possible_data_loss_error", e.getMessage(), Map.of());
            return;
        } catch (DriverException e) {
            end(item, owner, "shrinking_error", e.getMessage(), Map.of());
            return;
        }
        end(item, owner, "available", null, Map.of("size", newSize));
    }

    /** After too many attempts: the operation's default error state. */
    public void giveUp(WorkItem item, String owner) {
        String error = SHARE.operation(item.operation()).defaultErrorState();
        completion.giveUp(TransitionStore.lockName(item.resourceId()), item, owner,
                h -> transitions.finish(h, SHARE, item.resourceId(), item.operation(), error,
                        completion.actor(owner), "gave up after " + (item.attempts() - 1) + " attempts", Map.of()));
    }

    private Completion.Result end(WorkItem item, String owner, String outcome, String message,
                                  Map<String, Object> sets) {
        return completion.finish(TransitionStore.lockName(item.resourceId()), item, owner,
                h -> transitions.finish(h, SHARE, item.resourceId(), item.operation(), outcome,
                        completion.actor(owner), message, sets));
    }

    private boolean isGoing(String id) {
        String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM shares WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().orElse("deleted"));
        return status.equals("deleting") || status.equals("deleted");
    }

    interface DriverCall {
        void run() throws DriverException;
    }

    static void ignoreFailure(DriverCall call) {
        try {
            call.run();
        } catch (DriverException e) {
            // The leader's cleanup (a later issue) finds what is left on the backend.
        }
    }
}
