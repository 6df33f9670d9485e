package io.lockstep.views.action;

import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/** Takes a snapshot of a share: the share is 'snapshotting' until the snapshot is made. */
public final class SnapshotAction extends OperationAction {

    public SnapshotAction() {
        super(LiveModel.SHARE, "snapshot", "Snapshot");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        Optional<String> name = dialogs.askText("Snapshot " + describe(item), "Snapshot name:",
                item.displayName() + "-snap", t -> t.isBlank() ? "A name is required."
                        : t.length() > 255 ? "At most 255 characters." : null);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String shareId = item.id();
        String n = name.get().strip();
        // No confirmation: a snapshot is additive. The share's own state gates it on the server.
        return Optional.of(new Request("snapshot " + describe(item) + " as '" + n + "'",
                c -> c.call(c.manila().createSnapshot(CreateSnapshot.of(shareId, n)))));
    }
}
