package io.lockstep.views.action;

import io.lockstep.api.event.EventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.dialog.CreateShareForm;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/**
 * Runs operator actions: checks availability, asks through the dialog service, sends off the FX
 * thread, and reports the outcome when the new state is observed in the event stream, not when the
 * request returns. A refusal is reported with the server's reason. FX thread only.
 */
public final class ActionRunner {

    private final LockstepClient client;
    private final LiveModel model;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final NoticeBoard notices;
    private final Role role;

    public ActionRunner(LockstepClient client, LiveModel model, TaskExecutor executor, DialogService dialogs,
                        NoticeBoard notices, Role role) {
        this.client = client;
        this.model = model;
        this.executor = executor;
        this.dialogs = dialogs;
        this.notices = notices;
        this.role = role;
    }

    public Role role() {
        return role;
    }

    /** Asks the operator, as every action here does; true to go on. */
    public boolean confirm(Confirmation confirmation) {
        return dialogs.confirm(confirmation);
    }

    public Availability availability(OperationAction action, ResourceItem item) {
        return action.availability(model.catalog(), item, role);
    }

    public void run(OperationAction action, ResourceItem item) {
        Availability a = availability(action, item);
        if (!a.allowed()) {
            notices.post(Notice.Level.WARNING, a.reason());
            return;
        }
        String seen = item.status();
        Optional<OperationAction.Request> request = action.prepare(item, seen, model.catalog(), dialogs);
        if (request.isEmpty()) {
            return;
        }
        String description = request.get().description();
        send(description, () -> {
            request.get().send().accept(client);
            return null;
        }, e -> e.kind() == EventKind.TRANSITION && action.resource().equals(e.resourceType())
                && action.operation().equals(e.operation()) && e.to() != null
                && model.catalog().kind(action.resource(), e.to()) != StateKind.TRANSITIONAL
                && (request.get().outcome() != null ? request.get().outcome().test(e) : item.id().equals(e.resourceId())),
                // an action that makes another resource reports on that one, as its event names it
                e -> request.get().outcome() == null ? outcome(description, item.type(), item.displayName(), e)
                        : outcome(description, e.resourceType(), e.row() != null && e.row().get("name") != null
                        ? String.valueOf(e.row().get("name")) : e.resourceId(), e));
    }

    /**
     * The one way any action is sent, a resource's or the cluster's (a job, a lock, a leader, a service,
     * a lab node): off the FX thread; refused with the server's reason; reported as done only when an
     * event {@code outcome} accepts arrives (watched from before the request, so an outcome that beats
     * the answer counts); and, when none has arrived {@link #OUTCOME_WAIT} after the answer, said so
     * rather than claimed.
     */
    public void send(String description, Callable<?> call, Predicate<Event> outcome, Function<Event, Notice> report) {
        Watch watch = new Watch(description, outcome, report);
        model.addEventListener(watch);
        executor.submit(call, ok -> watch.sent(), failure -> {
            watch.stop();
            reportFailure(description, failure);
        });
    }

    /** How long an action's outcome may take to be seen before the console says it has not been. */
    public static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    /** One sent action waiting for its outcome on the stream; ages on the live model's clock. */
    private final class Watch implements Consumer<List<Event>> {
        private final String description;
        private final Predicate<Event> outcome;
        private final Function<Event, Notice> report;
        private final javafx.beans.InvalidationListener aging = o -> age();
        private Instant sentAt;
        private Event seen;
        private boolean over;

        Watch(String description, Predicate<Event> outcome, Function<Event, Notice> report) {
            this.description = description;
            this.outcome = outcome;
            this.report = report;
        }

        void sent() {
            if (over) {
                return;
            }
            sentAt = model.clock().instant();
            if (seen != null) {
                finish(report.apply(seen));
            } else {
                notices.post(Notice.Level.INFO, "Accepted: " + description + ". Waiting for the service...");
                model.nowProperty().addListener(aging);
            }
        }

        @Override
        public void accept(List<Event> events) {
            if (over || seen != null) {
                return;
            }
            events.stream().filter(outcome).findFirst().ifPresent(e -> {
                seen = e;
                if (sentAt != null) {
                    finish(report.apply(e));
                }
            });
        }

        private void age() {
            Instant now = model.nowProperty().get();
            if (!over && sentAt != null && now != null && Duration.between(sentAt, now).compareTo(OUTCOME_WAIT) > 0) {
                finish(new Notice(Notice.Level.WARNING, "Accepted: " + description + ", but its outcome has not "
                        + "been seen in " + OUTCOME_WAIT.toSeconds() + " s; see the timeline.", now));
            }
        }

        private void finish(Notice notice) {
            stop();
            notices.post(notice.level(), notice.text());
        }

        void stop() {
            over = true;
            model.removeEventListener(this);
            model.nowProperty().removeListener(aging);
        }
    }

    public void createShare() {
        if (!role.allows(Role.OPERATOR)) {
            notices.post(Notice.Level.WARNING, "Creating a share needs the operator role.");
            return;
        }
        // the choices the dialog offers are read first, off the FX thread
        executor.submit(() -> new CreateShareForm(
                        client.call(client.manila().shareTypes(null)).shareTypes().stream()
                                .sorted(java.util.Comparator.comparing((io.lockstep.api.sharetype.ShareTypeView t) ->
                                        !Boolean.TRUE.equals(t.isDefault())).thenComparing(t -> t.name()))
                                .map(t -> t.name()).toList(),
                        client.call(client.manila().availabilityZones()).zones().stream().map(z -> z.name()).toList()),
                this::createShare,
                e -> createShare(new CreateShareForm()));
    }

    private void createShare(CreateShareForm form) {
        Optional<CreateShareForm.Values> v = dialogs.createShare(form);
        if (v.isEmpty()) {
            return;
        }
        String description = "create share '" + v.get().name() + "' (" + v.get().sizeGb() + " GiB, "
                + v.get().protocol() + (v.get().shareType() != null ? ", type " + v.get().shareType() : "")
                + (v.get().zone() != null ? ", in " + v.get().zone() : "") + ")";
        OutcomeWatch watch = new OutcomeWatch(model, LiveModel.SHARE, null, "create",
                e -> reportOutcome(description, LiveModel.SHARE, v.get().name(), e));
        watch.start();
        executor.submit(() -> client.call(client.manila().createShare(CreateShare.of(v.get().name(),
                        v.get().sizeGb(), v.get().protocol(), v.get().shareType(), v.get().zone()))).share().id(),
                id -> {
                    watch.resolve(id);
                    notices.post(Notice.Level.INFO, "Accepted: " + description + ". Waiting for the service...");
                    model.find(LiveModel.SHARE, id).filter(i -> !model.catalog().isTransitional(LiveModel.SHARE,
                            i.status())).ifPresent(i -> {
                                watch.cancel();
                                notices.post(Notice.Level.SUCCESS, "Share '" + v.get().name() + "' is " + i.status() + ".");
                            });
                },
                failure -> {
                    watch.cancel();
                    reportFailure(description, failure);
                });
    }

    private void reportOutcome(String description, String type, String name, Event e) {
        Notice n = outcome(description, type, name, e);
        notices.post(n.level(), n.text());
    }

    /** A resource's outcome: success, or an error with the service's message. */
    private Notice outcome(String description, String type, String name, Event e) {
        StateKind kind = model.catalog().kind(type, e.to());
        String text = capitalize(type) + " '" + name + "' is " + e.to() + " (" + description + ")"
                + (e.message() != null && !e.message().isBlank() && kind == StateKind.ERROR ? ": " + e.message() : "")
                + ".";
        return new Notice(kind == StateKind.ERROR ? Notice.Level.ERROR : Notice.Level.SUCCESS, text,
                model.clock().instant());
    }

    private void reportFailure(String description, Throwable failure) {
        if (failure instanceof ApiException api) {
            String reason = api.detail() != null ? api.detail().message() : "HTTP " + api.status();
            notices.post(Notice.Level.ERROR, "Refused (" + api.status() + "): " + description + ". " + reason);
        } else {
            notices.post(Notice.Level.ERROR, "Could not " + description + ": the service did not answer ("
                    + failure.getMessage() + ").");
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
