package io.lockstep.views.action;

import io.lockstep.api.share.CreateShare;
import io.lockstep.api.snapshot.Snapshot;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/**
 * Makes a new share from a selected snapshot: the share's {@code create_from_snapshot}, offered on the
 * snapshot because its {@code source_in} guard names the snapshot's states. The new share is
 * {@code creating_from_snapshot} meanwhile, and the snapshot cannot be deleted until it is made.
 */
public final class ShareFromSnapshotAction extends OperationAction {

    private static final String SOURCE_IN = "source_in";

    public ShareFromSnapshotAction() {
        super(LiveModel.SHARE, "create_from_snapshot", "New share from this snapshot…");
    }

    @Override
    public String offeredOn() {
        return LiveModel.SNAPSHOT;
    }

    @Override
    protected Optional<String> refusedByState(OperationDescriptor op, ResourceItem item) {
        for (GuardDescriptor g : op.guards()) {
            if (g.kind().equals(SOURCE_IN) && g.states() != null && !g.states().contains(item.status())) {
                return Optional.of("The snapshot is " + item.status() + "; a share can be made only from a snapshot "
                        + "that is " + String.join(" or ", g.states()) + ".");
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        Optional<String> name = dialogs.askText("New share from snapshot '" + item.displayName() + "'",
                "Name of the new share (the snapshot's size and protocol, on its pool):",
                item.displayName() + "-copy",
                t -> t.isBlank() ? "A name is required." : t.length() > 255 ? "At most 255 characters." : null);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String n = name.get().strip();
        String snapshot = item.id();
        // Additive, so no confirmation. Size and protocol are read from the snapshot as it is sent (the
        // console's row may not carry them); the service checks its state under its share's lock.
        return Optional.of(new Request("new share '" + n + "' from snapshot '" + item.displayName() + "'", c -> {
            Snapshot source = c.call(c.manila().snapshot(snapshot)).snapshot();
            c.call(c.manila().createShare(new CreateShare(new CreateShare.Body(source.shareProto(), source.size(), n,
                    null, null, null, null, null, snapshot, null, null, null, null, null, null, null))));
        },
                // the new share's end, known by its name before its id is answered
                e -> e.row() != null && n.equals(e.row().get("name"))));
    }
}
