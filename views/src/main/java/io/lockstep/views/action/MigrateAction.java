package io.lockstep.views.action;

import io.lockstep.client.Actions;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.List;
import java.util.Optional;

/** Starts a host-assisted migration of a share to a pool the operator chooses (admin). */
public final class MigrateAction extends OperationAction {

    /** The simulated backend's pools. */
    public static final List<String> POOLS = List.of("pool1", "pool2", "pool3");

    public MigrateAction() {
        super(LiveModel.SHARE, "migrate", "Migrate");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        Optional<String> pool = dialogs.choose("Migrate " + what, "Destination pool (the share's data is copied "
                + "there by a data service; you complete or cancel the migration once the copy is done):", POOLS);
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        if (!dialogs.confirm(Confirmation.plain("Migrate " + what + " to " + pool.get() + "?", "The share is "
                + "'migrating' while a data service copies it (progress on the Jobs page). It stays readable. When "
                + "the copy is verified, complete the migration to switch to the copy, or cancel to keep the share "
                + "where it is.", "Start migration"))) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request("migration of " + what + " to " + pool.get(), c -> {
            var guarded = c.expecting(seen);
            guarded.call(guarded.manila().shareAction(id, Actions.migrationStart(pool.get())));
        }));
    }
}
