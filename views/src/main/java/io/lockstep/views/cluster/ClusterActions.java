package io.lockstep.views.cluster;

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
 * confirmed through the dialog service, sent off the FX thread, reported in the notice banner with the
 * server's reason when refused, followed by a fresh poll. FX thread only.
 */
public final class ClusterActions {

    private final LockstepClient client;
    private final Role role;
    private final ClusterModel model;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final NoticeBoard notices;
    private Runnable afterAction = () -> { };

    public ClusterActions(LockstepClient client, Role role, ClusterModel model, TaskExecutor executor,
                          DialogService dialogs, NoticeBoard notices) {
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

    /** Confirms, then sends; {@code done} is the success notice. */
    public void run(Confirmation confirmation, Callable<?> call, String done) {
        if (!dialogs.confirm(confirmation)) {
            return;
        }
        executor.submit(call, ok -> {
            notices.post(Notice.Level.SUCCESS, done);
            afterAction.run();
        }, e -> {
            notices.post(Notice.Level.ERROR, confirmation.title() + " refused: " + ClusterPoller.message(e));
            afterAction.run();
        });
    }

    public void refuse(Availability a) {
        notices.post(Notice.Level.WARNING, a.reason());
    }
}
