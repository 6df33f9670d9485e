package io.lockstep.views.action;

import io.lockstep.client.Actions;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/** Restores a backup into its share: a data service copies it back (progress on the share and on Jobs). */
public final class RestoreAction extends OperationAction {

    public RestoreAction() {
        super(LiveModel.BACKUP, "restore", "Restore");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        String share = item.parentIdProperty().get();
        if (!dialogs.confirm(Confirmation.plain("Restore " + what + "?", "Overwrites share " + share + " with the "
                + "backup's data. The share must be available; it is 'backup_restoring' while a data service copies "
                + "the backup back (progress on the share and on the Jobs page).", "Restore"))) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request("restore of " + what, c -> postAction(catalog, c.expecting(seen), id,
                Actions.restore())));
    }
}
