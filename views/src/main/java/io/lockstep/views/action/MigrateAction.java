package io.lockstep.views.action;

import io.lockstep.client.Actions;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a migration of a share to a pool the operator chooses (admin): driver-assisted (the driver
 * moves it inside its backend, faster, the share stays writable) or host-assisted (a data service
 * copies a read-only source, verified by checksum).
 */
public final class MigrateAction extends OperationAction {

    /** The simulated backend's pools. */
    public static final List<String> POOLS = List.of("pool1", "pool2", "pool3");

    public MigrateAction() {
        super(LiveModel.SHARE, "migrate", "Migrate");
    }

    /** The dialog's entry for a destination and a way of moving. */
    public static String choice(String pool, boolean hostAssisted) {
        return pool + (hostAssisted ? " · host-assisted (a data service copies it)"
                : " · driver-assisted (the driver moves it, faster)");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        String what = describe(item);
        List<String> choices = new ArrayList<>();
        for (String p : POOLS) {
            choices.add(choice(p, false));
            choices.add(choice(p, true));
        }
        Optional<String> chosen = dialogs.choose("Migrate " + what, "Destination pool and how to move the data "
                + "(you complete or cancel the migration once the copy is verified):", choices);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String pool = chosen.get().substring(0, chosen.get().indexOf(' '));
        boolean hostAssisted = chosen.get().equals(choice(pool, true));
        if (!dialogs.confirm(Confirmation.plain("Migrate " + what + " to " + pool + "?", "The share is 'migrating' "
                + (hostAssisted ? "and read-only while a data service copies it" : "while the driver moves it")
                + "; progress shows here and on the Jobs page. When the copy is verified, complete the migration to "
                + "switch to the copy, or cancel to keep the share where it is.", "Start migration"))) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request("migration of " + what + " to " + pool, c -> {
            var guarded = c.expecting(seen);
            guarded.call(guarded.manila().shareAction(id, Actions.migrationStart(pool, hostAssisted)));
        }));
    }
}
