package io.lockstep.views.action;

import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/** Deletes a share, snapshot or backup through the normal path (the driver must succeed). */
public final class DeleteAction extends OperationAction {

    public DeleteAction(String resource) {
        super(resource, "delete", "Delete");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        boolean share = resource().equals(LiveModel.SHARE);
        String consequences = "Deletes " + what + " (" + item.sizeProperty().get() + " GiB) and all data "
                + (resource().equals(LiveModel.BACKUP) ? "in it; it cannot be restored afterwards. " : "on it. ")
                + (share ? "The service refuses if the share still has snapshots. " : "")
                + "It moves to 'deleting' and is gone when the driver finishes; this cannot be undone.";
        if (!dialogs.confirm(Confirmation.plain("Delete " + what + "?", consequences, "Delete"))) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request("delete " + what, c -> delete(catalog, c.expecting(seen), id)));
    }
}
