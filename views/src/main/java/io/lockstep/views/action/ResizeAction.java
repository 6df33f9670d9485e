package io.lockstep.views.action;

import io.lockstep.client.Actions;
import io.lockstep.views.dialog.CreateShareForm;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.util.Optional;

/** Extends or shrinks a share to a new size the operator types. */
public final class ResizeAction extends OperationAction {

    private final boolean grow;

    private ResizeAction(boolean grow) {
        super(LiveModel.SHARE, grow ? "extend" : "shrink", grow ? "Extend" : "Shrink");
        this.grow = grow;
    }

    public static ResizeAction extend() {
        return new ResizeAction(true);
    }

    public static ResizeAction shrink() {
        return new ResizeAction(false);
    }

    /** The problem with a typed size, or null when it can be sent. */
    public String sizeProblem(String text, int current) {
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return "A whole number of GiB.";
        }
        if (grow && (n <= current || n > CreateShareForm.MAX_SIZE_GB)) {
            return "More than " + current + " and at most " + CreateShareForm.MAX_SIZE_GB + " GiB.";
        }
        if (!grow && (n < 1 || n >= current)) {
            return current <= 1 ? "A 1 GiB share cannot shrink." : "From 1 to " + (current - 1) + " GiB.";
        }
        return null;
    }

    @Override
    public Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs) {
        int current = item.sizeProperty().get();
        String what = describe(item);
        Optional<String> size = dialogs.askText(label() + " " + what, "New size in GiB (now " + current + "):",
                Integer.toString(grow ? current + 1 : Math.max(1, current - 1)), t -> sizeProblem(t, current));
        if (size.isEmpty()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(size.get().strip());
        String consequences = grow
                ? "The share grows from " + current + " to " + n + " GiB. It is 'extending' until the driver finishes."
                : "The share shrinks from " + current + " to " + n + " GiB. If it holds more data than that, the "
                + "driver refuses and the share ends in 'shrinking_possible_data_loss_error' with nothing changed.";
        if (!dialogs.confirm(Confirmation.plain(label() + " " + what + " to " + n + " GiB?", consequences, label()))) {
            return Optional.empty();
        }
        String id = item.id();
        return Optional.of(new Request(operation() + " " + what + " to " + n + " GiB", c -> {
            var guarded = c.expecting(seen);
            guarded.call(guarded.manila().shareAction(id, grow ? Actions.extend(n) : Actions.shrink(n)));
        }));
    }
}
