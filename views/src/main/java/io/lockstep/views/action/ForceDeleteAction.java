package io.lockstep.views.action;

import io.lockstep.client.Actions;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/** Deletes from any status, ignoring driver errors (admin); confirmed by typing the name. */
public final class ForceDeleteAction extends OperationAction {

    public ForceDeleteAction(String resource) {
        super(resource, "force_delete", "Force delete");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        String consequences = "Removes " + what + " from any status, even while work is in progress, and "
                + "ignores errors from the storage backend: data may be left behind on the backend, and "
                + "whatever was running on it is abandoned. This cannot be undone.\n\nType the name to confirm.";
        if (!dialogs.confirm(new Confirmation("Force delete " + what + "?", consequences, "Force delete",
                Friction.TYPE_NAME, item.displayName()))) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request("force delete " + what, c -> postAction(catalog, c.expecting(seen), id,
                Actions.forceDelete())));
    }
}
