package io.lockstep.views.action;

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
        OutcomeWatch watch = new OutcomeWatch(model, action.resource(), item.id(), action.operation(),
                e -> reportOutcome(description, item.type(), item.displayName(), e));
        watch.start();
        executor.submit(() -> {
            request.get().send().accept(client);
            return null;
        }, ok -> notices.post(Notice.Level.INFO, "Accepted: " + description + ". Waiting for the service..."),
                failure -> {
                    watch.cancel();
                    reportFailure(description, failure);
                });
    }

    public void createShare() {
        if (!role.allows(Role.OPERATOR)) {
            notices.post(Notice.Level.WARNING, "Creating a share needs the operator role.");
            return;
        }
        Optional<CreateShareForm.Values> v = dialogs.createShare(new CreateShareForm());
        if (v.isEmpty()) {
            return;
        }
        String description = "create share '" + v.get().name() + "' (" + v.get().sizeGb() + " GiB, "
                + v.get().protocol() + ")";
        OutcomeWatch watch = new OutcomeWatch(model, LiveModel.SHARE, null, "create",
                e -> reportOutcome(description, LiveModel.SHARE, v.get().name(), e));
        watch.start();
        executor.submit(() -> client.call(client.manila().createShare(
                        CreateShare.of(v.get().name(), v.get().sizeGb(), v.get().protocol()))).share().id(),
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
        StateKind kind = model.catalog().kind(type, e.to());
        String text = capitalize(type) + " '" + name + "' is " + e.to() + " (" + description + ")"
                + (e.message() != null && !e.message().isBlank() && kind == StateKind.ERROR ? ": " + e.message() : "")
                + ".";
        notices.post(kind == StateKind.ERROR ? Notice.Level.ERROR : Notice.Level.SUCCESS, text);
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
