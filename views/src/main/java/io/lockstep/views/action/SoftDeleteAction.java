package io.lockstep.views.action;

import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.ResourceItem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Moves a share to the recycle bin (Manila 2.69); it can be restored until the leader purges it. */
public final class SoftDeleteAction extends OperationAction {

    /** The recycle bin's microversion. */
    private static final String RECYCLE_BIN = "2.69";

    public SoftDeleteAction() {
        super("share", "soft_delete", "Soft delete");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        if (!dialogs.confirm(new Confirmation("Move " + what + " to the recycle bin?", "It disappears from share "
                + "lists and can be restored (openstack share restore) until the cleanup leader purges it, a week "
                + "from now. Refused while it has snapshots or backups.", "Soft delete", Friction.CONFIRM,
                item.displayName()))) {
            return Optional.empty();
        }
        Map<String, Object> body = new HashMap<>();
        body.put("soft_delete", null);
        String id = item.id();
        return Optional.of(new Request("soft delete " + what, c -> postActionAt(RECYCLE_BIN, catalog,
                c.expecting(seen), id, body)));
    }
}
