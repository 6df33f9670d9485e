package io.lockstep.views.cluster;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.views.live.LiveModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import io.lockstep.api.auth.Role;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.dialog.DialogService;
import java.util.concurrent.Callable;

/**
 * The common path of the cluster's guarded actions: admin only, never while the cluster is unknown,
 * confirmed through the dialog service, sent off the FX thread, refused with the server's reason, and
 * reported as done only when its outcome is seen on the event stream (a new leader elected, the job
 * ended, the node's event), as resource actions are; an outcome not seen within
 * {@link #OUTCOME_WAIT} is said so, not claimed. FX thread only.
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
    /** How long an action's outcome may take to be seen before the console says it has not been. */
    public static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    public ClusterActions(LockstepClient client, Role role, ClusterModel model, LiveModel live, TaskExecutor executor,
                          DialogService dialogs, NoticeBoard notices) {
        this.live = live;
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
     * Confirms, then sends; {@code done} is the success notice, posted when an event {@code outcome}
     * accepts arrives. The watch starts before the request, so an outcome that beats the answer counts.
     */
    public void run(Confirmation confirmation, Callable<?> call, String done, Predicate<Event> outcome) {
        if (!dialogs.confirm(confirmation)) {
            return;
        }
        Watch watch = new Watch(confirmation.title(), done, outcome);
        live.addEventListener(watch);
        executor.submit(call, ok -> {
            watch.sent();
            afterAction.run();
        }, e -> {
            watch.stop();
            notices.post(Notice.Level.ERROR, confirmation.title() + " refused: " + ClusterPoller.message(e));
            afterAction.run();
        });
    }

    /** One action waiting for its outcome on the stream; ages out on the cluster model's clock. */
    private final class Watch implements java.util.function.Consumer<List<Event>> {
        private final String title;
        private final String done;
        private final Predicate<Event> outcome;
        private final javafx.beans.InvalidationListener aging = o -> age();
        private Instant sentAt;
        private boolean seen;
        private boolean over;

        Watch(String title, String done, Predicate<Event> outcome) {
            this.title = title;
            this.done = done;
            this.outcome = outcome;
        }

        void sent() {
            if (over) {
                return;
            }
            sentAt = model.now();
            if (seen) {
                finish(Notice.Level.SUCCESS, done);
            } else {
                notices.post(Notice.Level.INFO, title + ": sent; waiting to see it happen.");
                model.nowProperty().addListener(aging);
            }
        }

        @Override
        public void accept(List<Event> events) {
            if (!over && events.stream().anyMatch(outcome)) {
                seen = true;
                if (sentAt != null) {
                    finish(Notice.Level.SUCCESS, done);
                }
            }
        }

        private void age() {
            if (!over && sentAt != null && Duration.between(sentAt, model.now()).compareTo(OUTCOME_WAIT) > 0) {
                finish(Notice.Level.WARNING, title + ": accepted, but its outcome has not been seen in "
                        + OUTCOME_WAIT.toSeconds() + " s; see the timeline.");
            }
        }

        private void finish(Notice.Level level, String text) {
            stop();
            notices.post(level, text);
        }

        void stop() {
            over = true;
            live.removeEventListener(this);
            model.nowProperty().removeListener(aging);
        }
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
