package io.lockstep.backend.share;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.PossibleDataLossException;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import io.lockstep.backend.quota.QuotaLedger;
import io.lockstep.backend.message.MessageStore;

/**
 * The share service's side of share operations: the driver call with no lock held, then the finishing
 * transition. Every handler is safe to run twice. Thread-safe.
 */
public final class ShareWork {

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final Completion completion;
    private final ShareDriver driver;

    /** Work parameters of a create the scheduler could not place: Manila's detail id and its message. */
    static final String UNPLACED_DETAIL = "unplaced_detail";
    static final String UNPLACED_MESSAGE = "unplaced_message";
    static final String REQUEST_ID = "request_id";

    public ShareWork(Jdbi jdbi, TransitionStore transitions, Completion completion, ShareDriver driver) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.completion = completion;
        this.driver = driver;
    }

    /** Handlers by {@code share.<operation>}. */
    public Map<String, WorkHandler> handlers() {
        return Map.of(
                "share.create", this::create,
                "share.create_from_snapshot", this::create,
                "share.create_on_server", this::create,
                "share.delete", this::delete,
                "share.force_delete", this::delete,
                "share.purge", this::delete,
                "share.extend", this::extend,
                "share.shrink", this::shrink);
    }

    private void create(WorkItem item, String owner) {
        String id = item.resourceId();
        if (item.stringParam(UNPLACED_DETAIL) != null) {
            unplaced(item, owner);
            return;
        }
        String location;
        try {
            String snapshotId = item.stringParam("snapshot_id");
            location = snapshotId == null ? driver.createShare(id, item.intParam("size"), item.stringParam("proto"))
                    : driver.createShareFromSnapshot(id, item.intParam("size"), item.stringParam("proto"), snapshotId);
        } catch (DriverException e) {
            end(item, owner, Outcome.failed(Failure.DRIVER, e.getMessage()), Map.of());
            return;
        }
        Map<String, Object> sets = new HashMap<>();
        sets.put("export_location", onServer(id, location));
        if (end(item, owner, Outcome.ok(), sets) == Completion.Result.SUPERSEDED && isGoing(id)) {
            // Force-deleted while we created it: make sure the backend does not keep what we made.
            ignoreFailure(() -> driver.deleteShare(id));
        }
    }

    /**
     * A share on a share server is exported from the server's address (the driver answers with the
     * pool's): the first address the network plugin allocated to the server.
     */
    private String onServer(String shareId, String location) {
        return jdbi.withHandle(h -> h.createQuery("SELECT a.ip_address FROM network_allocations a JOIN shares s ON "
                        + "s.share_server_id = a.share_server_id WHERE s.id = :id ORDER BY a.ip_address")
                .bind("id", shareId).mapTo(String.class).findFirst())
                .map(ip -> location.replace(io.lockstep.backend.driver.SimulatedDriver.EXPORT_HOST, ip))
                .orElse(location);
    }

    /** No pool would take it: the share ends in error and its owner gets Manila's user message. */
    private void unplaced(WorkItem item, String owner) {
        String message = item.stringParam(UNPLACED_MESSAGE);
        completion.finish(item, owner, h -> {
            var applied = transitions.finish(h, SHARE, item.resourceId(), item.operation(),
                    Outcome.failed(Failure.NO_VALID_HOST, message), completion.actor(owner), Map.of());
            MessageStore.error(h, applied.projectId(), SHARE.resource(), item.resourceId(), MessageStore.ALLOCATE_HOST,
                    item.stringParam(UNPLACED_DETAIL), message, item.stringParam(REQUEST_ID), System.currentTimeMillis());
        });
    }

    private void delete(WorkItem item, String owner) {
        String id = item.resourceId();
        Outcome outcome;
        try {
            driver.deleteShare(id);
            outcome = Outcome.ok();
        } catch (DriverException e) {
            outcome = Outcome.failed(Failure.DRIVER, e.getMessage());
        }
        // force_delete declares that a driver failure still ends in deleted
        boolean gone = SHARE.terminalState().equals(SHARE.operation(item.operation()).stateFor(outcome));
        end(item, owner, outcome, gone ? Map.of("deleted_at", System.currentTimeMillis()) : Map.of());
    }

    private void extend(WorkItem item, String owner) {
        int newSize = item.intParam("new_size");
        try {
            driver.extendShare(item.resourceId(), newSize);
        } catch (DriverException e) {
            completion.finish(item, owner, h -> {
                transitions.finish(h, SHARE, item.resourceId(), item.operation(),
                        Outcome.failed(Failure.DRIVER, e.getMessage()), completion.actor(owner), Map.of());
                returnGrowth(h, item);
            });
            return;
        }
        end(item, owner, Outcome.ok(), Map.of("size", newSize));
    }

    private void shrink(WorkItem item, String owner) {
        int newSize = item.intParam("new_size");
        try {
            driver.shrinkShare(item.resourceId(), newSize);
        } catch (PossibleDataLossException e) {
            end(item, owner, Outcome.failed(Failure.DATA_LOSS_RISK, e.getMessage()), Map.of());
            return;
        } catch (DriverException e) {
            end(item, owner, Outcome.failed(Failure.DRIVER, e.getMessage()), Map.of());
            return;
        }
        end(item, owner, Outcome.ok(), Map.of("size", newSize));
    }

    /** After too many attempts: the operation's default error state. */
    public void giveUp(WorkItem item, String owner) {
        completion.giveUp(item, owner, h -> {
            transitions.finish(h, SHARE, item.resourceId(), item.operation(), Completion.gaveUp(item),
                    completion.actor(owner), Map.of());
            if (item.operation().equals("extend")) {
                returnGrowth(h, item);
            }
        });
    }

    /** A failed extend gives back the gigabytes charged when it began (the share keeps its size). */
    private void returnGrowth(Handle h, WorkItem item) {
        QuotaLedger.counted(h, SHARE, item.resourceId()).ifPresent(c ->
                transitions.quotas().releaseGigabytes(h, SHARE, c, item.intParam("new_size") - c.size()));
    }

    private Completion.Result end(WorkItem item, String owner, Outcome outcome, Map<String, Object> sets) {
        return completion.finish(item, owner, h -> transitions.finish(h, SHARE, item.resourceId(),
                item.operation(), outcome, completion.actor(owner), sets));
    }

    private boolean isGoing(String id) {
        return Completion.isGoing(jdbi, SHARE, id);
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
