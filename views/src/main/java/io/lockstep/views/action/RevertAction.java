package io.lockstep.views.action;

import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.TriggerDescriptor;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.ResourceItem;
import java.util.Map;
import java.util.Optional;

/**
 * Reverts a snapshot's share to it (Manila 2.27): sent on the share's action route, naming the snapshot
 * in the argument the served trigger declares. The service refuses any but the share's latest snapshot.
 */
public final class RevertAction extends OperationAction {

    public RevertAction() {
        super("snapshot", "revert", "Revert share");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        TriggerDescriptor t = catalog.operation(resource(), operation()).map(OperationDescriptor::trigger)
                .orElseThrow();
        String what = describe(item);
        if (!dialogs.confirm(new Confirmation("Revert its share to " + what + "?", "The share's data becomes the "
                + "snapshot's: everything written since the snapshot was taken is lost. Only the share's latest "
                + "snapshot can be used; the share is reverting meanwhile.\n\nType the name to confirm.", "Revert",
                Friction.TYPE_NAME, item.displayName()))) {
            return Optional.empty();
        }
        String share = item.parentIdProperty().get();
        String id = item.id();
        return Optional.of(new Request("revert share to " + what, c -> postAction(catalog, c.expecting(seen), share,
                Map.of(t.action(), Map.of(t.idArgument(), id)))));
    }
}
