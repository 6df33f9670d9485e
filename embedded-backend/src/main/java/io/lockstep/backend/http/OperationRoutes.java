package io.lockstep.backend.http;

import io.javalin.http.Context;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.statemachine.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource kind's write routes, registered from its machine's declaration: the create, the
 * {@code DELETE} and every {@code POST .../action} its operations' triggers name. Each request goes one
 * way: the body read once, the role checked from the operation, the seen status validated, then the
 * kind's handler, which gets an {@link OperationRequest} and nothing less. A kind supplies a handler
 * per routed operation (missing or extra ones fail at start-up) and may add actions that are no
 * operation of its machine, each with its declared {@link Privileged} role. Immutable once registered.
 */
public final class OperationRoutes {

    /** What a handler answers: a status and a body, or null for none. */
    public record Reply(int status, Object body) {
        public static Reply accepted() {
            return new Reply(202, null);
        }
    }

    /** Runs a create; reads its own typed body from the context. */
    @FunctionalInterface
    public interface CreateHandler {
        Reply create(OperationRequest request, Context ctx);
    }

    /** Runs an operation on an existing resource. */
    @FunctionalInterface
    public interface OperationHandler {
        void run(OperationRequest request, ActionBody body);
    }

    /** Runs an action that is no operation of the machine. */
    @FunctionalInterface
    public interface ExtraHandler {
        Reply run(Caller caller, String id, ActionBody body);
    }

    private record Extra(Privileged privilege, ExtraHandler handler) {
    }

    private final StateMachine machine;
    private final Bodies bodies;
    private final JsonRenderer json;
    private CreateHandler create;
    private final Map<String, OperationHandler> handlers = new LinkedHashMap<>();
    private final Map<String, Extra> extras = new LinkedHashMap<>();

    private OperationRoutes(StateMachine machine, Bodies bodies, JsonRenderer json) {
        this.machine = machine;
        this.bodies = bodies;
        this.json = json;
    }

    public static OperationRoutes of(StateMachine machine, Bodies bodies, JsonRenderer json) {
        return new OperationRoutes(machine, bodies, json);
    }

    public OperationRoutes create(CreateHandler h) {
        this.create = h;
        return this;
    }

    public OperationRoutes on(String operation, OperationHandler h) {
        if (!machine.operation(operation).isRouted()) {
            throw new IllegalArgumentException(machine.resource() + "." + operation + " has no route to handle");
        }
        handlers.put(operation, h);
        return this;
    }

    public OperationRoutes extra(String action, Privileged privilege, ExtraHandler h) {
        extras.put(action, new Extra(privilege, h));
        return this;
    }

    /** The actions a client may post, the machine's first. */
    public List<String> actions() {
        List<String> all = new ArrayList<>(machine.actionNames());
        all.addAll(extras.keySet());
        return all;
    }

    public void register(ManilaRouter r) {
        for (Operation op : machine.operations()) {
            if (op.isRouted() && !(op.trigger() instanceof Trigger.Create) && !handlers.containsKey(op.name())) {
                throw new IllegalStateException(machine.resource() + "." + op.name() + " is routed but has no handler");
            }
        }
        String collection = "/" + machine.wire().collection();
        machine.createOperation().filter(Operation::isRouted).ifPresent(op -> {
            if (create == null) {
                throw new IllegalStateException(machine.resource() + ".create is routed but has no handler");
            }
            r.post(collection, ctx -> reply(ctx, create.create(Requests.operation(ctx, machine, op, null), ctx)));
        });
        machine.deleteOperation().ifPresent(op -> r.delete(collection + "/{id}", ctx -> {
            String id = id(ctx);
            handlers.get(op.name()).run(Requests.operation(ctx, machine, op, id), ActionBody.none(op.name()));
            ctx.status(202);
        }));
        if (!actions().isEmpty()) {
            r.post(collection + "/{id}/action", this::action);
        }
    }

    private void action(Context ctx) {
        String id = id(ctx);
        List<String> allowed = actions();
        ActionBody body = ActionBody.parse(bodies, ctx, allowed);
        var op = machine.operationForAction(body.action());
        if (op.isPresent()) {
            handlers.get(op.get().name()).run(Requests.operation(ctx, machine, op.get(), id), body);
            ctx.status(202);
            return;
        }
        Extra extra = extras.get(body.action());
        if (extra == null) {
            throw body.unknown(machine.noun(), allowed);
        }
        reply(ctx, extra.handler().run(Requests.authorize(ctx, extra.privilege()), id, body));
    }

    private String id(Context ctx) {
        return Requests.id(ctx, "id", machine.noun());
    }

    private void reply(Context ctx, Reply reply) {
        if (reply.body() == null) {
            ctx.status(reply.status());
        } else {
            json.render(ctx, reply.status(), reply.body());
        }
    }
}
