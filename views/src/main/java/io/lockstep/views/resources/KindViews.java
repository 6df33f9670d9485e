package io.lockstep.views.resources;

import io.lockstep.views.action.BackupAction;
import io.lockstep.views.action.DeleteAction;
import io.lockstep.views.action.ForceDeleteAction;
import io.lockstep.views.action.MigrateAction;
import io.lockstep.views.action.OperationAction;
import io.lockstep.views.action.ResetStatusAction;
import io.lockstep.views.action.ResizeAction;
import io.lockstep.views.action.RestoreAction;
import io.lockstep.views.action.RevertAction;
import io.lockstep.views.action.ShareFromSnapshotAction;
import io.lockstep.views.action.SnapshotAction;
import io.lockstep.views.action.SoftDeleteAction;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * How each kind of resource shows in the Resources view: its tab, its columns, what an empty list
 * says, and the actions that need more than a confirmation (a size, a pool, a name). The actions every
 * kind has (delete, reset status, force delete) follow; their availability, roles and paths come from
 * the service's descriptors. The one place a kind is added on the console's view side. Immutable.
 */
public final class KindViews {

    /**
     * @param parent   the parent's column title ("Share"), or null for a kind without a parent
     * @param protocol whether rows have a protocol column
     * @param own      the kind's own actions, before the common ones
     */
    public record KindView(String type, String title, String parent, boolean protocol, String empty,
                           List<OperationAction> own) {
    }

    public static final List<KindView> ALL = List.of(
            new KindView(LiveModel.SHARE, "Shares", null, true, "Create one with 'New share'.",
                    List.of(new SnapshotAction(), ResizeAction.extend(), ResizeAction.shrink(), new BackupAction(),
                            new MigrateAction(), new SoftDeleteAction())),
            new KindView(LiveModel.SNAPSHOT, "Snapshots", "Share", true,
                    "Take one with 'Snapshot' on the Shares tab.", List.of(new RevertAction(),
                    new ShareFromSnapshotAction())),
            new KindView(LiveModel.BACKUP, "Backups", "Share", false,
                    "Back up a share with 'Back up' on the Shares tab.", List.of(new RestoreAction())));

    static {
        if (!ALL.stream().map(KindView::type).toList().equals(ResourceKinds.TYPES)) {
            throw new IllegalStateException("every kind the console keeps needs its view, in the same order");
        }
    }

    private KindViews() {
    }

    public static KindView of(String type) {
        return ALL.stream().filter(k -> k.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no view for " + type));
    }

    /** The kind's own actions, then those every kind has. */
    static List<OperationAction> actions(String type) {
        List<OperationAction> all = new ArrayList<>(of(type).own());
        all.add(new DeleteAction(type));
        all.add(new ResetStatusAction(type));
        all.add(new ForceDeleteAction(type));
        return List.copyOf(all);
    }
}
