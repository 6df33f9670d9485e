package io.lockstep.views.action;

import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.TriggerDescriptor;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.ResourceItem;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An operator action on one resource, as a command object: whether it may run now and why not
 * ({@link #availability}), what it asks and confirms ({@link #prepare}), and the request it sends.
 * Availability is read from the server's state-machine descriptor for the operation, never from a
 * list kept here. Immutable.
 */
public abstract class OperationAction {

    /**
     * A confirmed request, ready to send.
     *
     * @param description what is being done, for notices: "extend share 'web' to 20 GiB"
     * @param send        performs the call; throws {@link io.lockstep.client.ApiException} on refusal
     * @param outcome     the event that ends it, when it is not the operation's own on the selected row
     *                    (a new share made from a snapshot), or null
     */
    public record Request(String description, Consumer<LockstepClient> send,
                          java.util.function.Predicate<io.lockstep.api.event.Event> outcome) {
        public Request(String description, Consumer<LockstepClient> send) {
            this(description, send, null);
        }
    }

    private final String resource;
    private final String operation;
    private final String label;

    protected OperationAction(String resource, String operation, String label) {
        this.resource = resource;
        this.operation = operation;
        this.label = label;
    }

    public String resource() {
        return resource;
    }

    public String operation() {
        return operation;
    }

    /** The kind whose rows offer it: its resource's, unless it makes one kind from another. */
    public String offeredOn() {
        return resource;
    }

    public String label() {
        return label;
    }

    /**
     * Sends a Manila action ({@code {"reset_status": ...}}) where the operation's served trigger says:
     * the path comes from the descriptor, so a new kind of resource needs no code here.
     */
    protected final void postAction(Catalog catalog, LockstepClient c, String id, java.util.Map<String, Object> body) {
        c.call(c.manila().post(path(catalog, id), body));
    }

    /** {@link #postAction} at {@code version}, for an action Manila added after the console's default. */
    protected final void postActionAt(String version, Catalog catalog, LockstepClient c, String id,
                                      java.util.Map<String, Object> body) {
        c.call(c.manila().postAt(version, path(catalog, id), body));
    }

        /** Deletes through the operation's served trigger. */
    protected final void delete(Catalog catalog, LockstepClient c, String id) {
        c.call(c.manila().delete(path(catalog, id)));
    }

    private String path(Catalog catalog, String id) {
        TriggerDescriptor t = catalog.operation(resource, operation).map(OperationDescriptor::trigger)
                .filter(trigger -> trigger.path() != null)
                .orElseThrow(() -> new IllegalStateException("the service serves no route for " + resource + "."
                        + operation));
        return "v2" + t.path().replace("{id}", id);
    }

    public Availability availability(Catalog catalog, ResourceItem item, Role role) {
        if (catalog == null) {
            return Availability.refused("Not connected yet.");
        }
        Optional<OperationDescriptor> op = catalog.operation(resource, operation);
        if (op.isEmpty()) {
            return Availability.refused("The service does not offer " + operation + " for a " + resource + ".");
        }
        if (item == null) {
            return Availability.refused("Select a " + offeredOn() + " first.");
        }
        Role needed = Role.valueOf(op.get().role().toUpperCase(Locale.ROOT));
        if (!role.allows(needed)) {
            return Availability.refused(label + " needs the " + op.get().role() + " role; you are "
                    + role.name().toLowerCase(Locale.ROOT) + ".");
        }
        Optional<String> refused = refusedByState(op.get(), item);
        if (refused.isPresent()) {
            return Availability.refused(refused.get());
        }
        String guards = op.get().guards() == null ? "" : op.get().guards().stream()
                .map(GuardDescriptor::description).collect(Collectors.joining("; "));
        return Availability.allowed(op.get().description() + (guards.isEmpty() ? "" : ". The server also checks: "
                + guards + "."));
    }

    /**
     * Why the selected row's state refuses the operation, if it does: by default its declared starting
     * states; an action offered on another kind than it changes reads the guard that names that kind.
     */
    protected Optional<String> refusedByState(OperationDescriptor op, ResourceItem item) {
        if (op.from().contains(item.status())) {
            return Optional.empty();
        }
        return Optional.of(label + " is allowed only from " + String.join(", ", op.from()) + "; this " + resource
                + " is " + item.status() + ".");
    }

    /**
     * Asks for what the action needs and for confirmation.
     *
     * @param seen the status the operator saw, sent with the request so a stale screen cannot do harm
     * @return empty when the operator cancelled
     */
    public abstract Optional<Request> prepare(ResourceItem item, String seen, Catalog catalog, DialogService dialogs);

    protected String describe(ResourceItem item) {
        return resource + " '" + item.displayName() + "'";
    }
}
