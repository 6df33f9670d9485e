package io.lockstep.views.action;

import io.lockstep.client.Actions;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.ResourceItem;
import java.util.List;
import java.util.Optional;

/** Sets a resource's status by hand (admin): the escape hatch when it is stuck. */
public final class ResetStatusAction extends OperationAction {

    public ResetStatusAction(String resource) {
        super(resource, "reset_status", "Reset status");
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        List<String> targets = catalog.operation(resource(), operation()).orElseThrow().success().stream()
                .filter(s -> !s.equals(item.status())).toList();
        Optional<String> target = dialogs.choose("Reset status of " + describe(item),
                "It is " + item.status() + ". Set it to:", targets);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        String consequences = "Only the status changes, from " + item.status() + " to " + target.get()
                + "; nothing is done on the storage backend. Work in progress on it is abandoned.";
        if (!dialogs.confirm(Confirmation.plain("Reset " + describe(item) + " to " + target.get() + "?",
                consequences, "Reset status"))) {
            return Optional.empty();
        }
        String id = item.id();
        String to = target.get();
        return Optional.of(new Request("reset " + describe(item) + " to " + to,
                c -> postAction(catalog, c.expecting(seen), id, Actions.resetStatus(to))));
    }
}
