package io.lockstep.views.cluster;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.views.live.LiveModel;
import java.util.function.Predicate;
import io.lockstep.api.auth.Role;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.ActionRunner;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.dialog.DialogService;
import java.util.concurrent.Callable;

/**
 * The cluster's guarded actions (jobs, locks, leaders, services, lab nodes): admin only, never while
 * the cluster is unknown, confirmed through the dialog service, then sent through the same path as
 * resource actions ({@link ActionRunner#send}): refused with the server's reason, reported as done
 * only when the outcome is seen on the event stream (a new leader elected, the job ended, the node's
 * event). FX thread only.
 */
public final class ClusterActions {

    private final LockstepClient client;
    private final Role role;
    private final ClusterModel model;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final NoticeBoard notices;
    private Runnable afterAction = () -> { };
    private final LiveModel live;
    private final ActionRunner runner;

    public ClusterActions(LockstepClient client, Role role, ClusterModel model, LiveModel live, ActionRunner runner,
                          TaskExecutor executor, DialogService dialogs, NoticeBoard notices) {
        this.live = live;
        this.runner = runner;
        this.client = client;
        this.role = role;
        this.model = model;
        this.executor = executor;
        this.dialogs = dialogs;
        this.notices = notices;
    }

    /** Run after every action's answer (the poller's next round). */
    public void afterAction(Runnable r) {
        this.afterAction = r;
    }

    public LockstepClient client() {
        return client;
    }

    /** The checks every cluster action shares; {@code null} means none of them objects. */
    public Availability common() {
        if (role != Role.ADMIN) {
            return Availability.refused("Needs the admin role; this console's token is " + role.wireName() + ".");
        }
        if (!model.isKnown()) {
            return Availability.refused("The cluster's state is unknown while the connection is down.");
        }
        return null;
    }

    /**
     * Confirms, then sends through the console's one action path ({@link ActionRunner#send}):
     * {@code done} is the success notice, posted when an event {@code outcome} accepts arrives.
     */
    public void run(Confirmation confirmation, Callable<?> call, String done, Predicate<Event> outcome) {
        if (!dialogs.confirm(confirmation)) {
            return;
        }
        runner.send(confirmation.title(), () -> {
            try {
                return call.call();
            } finally {
                executor.onUiThread(afterAction);
            }
        }, outcome, e -> new Notice(Notice.Level.SUCCESS, done, live.clock().instant()));
    }

    /** The outcome of an operation on a resource (or a job): its transition into a state that is not transitional. */
    public Predicate<Event> ends(String resourceType, String id, String operation) {
        return e -> e.kind() == EventKind.TRANSITION && resourceType.equals(e.resourceType())
                && id.equals(e.resourceId()) && (operation == null || operation.equals(e.operation()))
                && e.to() != null && live.catalog() != null && !live.catalog().isTransitional(resourceType, e.to());
    }

    /** The outcome of starting a job: a job about {@code resourceId} is queued. */
    public static Predicate<Event> newJobFor(String resourceId) {
        return e -> e.kind() == EventKind.TRANSITION && "job".equals(e.resourceType()) && e.from() == null
                && e.row() != null && resourceId.equals(e.row().get("resource_id"));
    }

    /** An event of {@code kind} about {@code id} from {@code operation} (null: any but {@code except}). */
    public static Predicate<Event> event(EventKind kind, String id, String operation, String except) {
        return e -> e.kind() == kind && id.equals(e.resourceId())
                && (operation == null ? !java.util.Objects.equals(except, e.operation()) : operation.equals(e.operation()));
    }

    public void refuse(Availability a) {
        notices.post(Notice.Level.WARNING, a.reason());
    }
}
