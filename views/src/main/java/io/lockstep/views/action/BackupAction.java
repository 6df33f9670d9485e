package io.lockstep.views.action;

import io.lockstep.api.backup.CreateShareBackup;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/** Backs a share up: a data service copies it into a new backup (progress on the Jobs page). */
public final class BackupAction extends OperationAction {

    public BackupAction() {
        super(LiveModel.SHARE, "backup", "Back up");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        Optional<String> name = dialogs.askText("Back up " + what, "Name of the backup:",
                (item.name() == null || item.name().isBlank() ? "backup" : item.name()) + "-backup",
                t -> t.strip().isEmpty() ? "A name, please." : t.length() > 255 ? "At most 255 characters." : null);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request("backup of " + what, c ->
                c.call(c.manila().createBackup(CreateShareBackup.of(id, name.get().strip())))));
    }
}
