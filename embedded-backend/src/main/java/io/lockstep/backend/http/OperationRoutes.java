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
import java.util.Optional;
import java.util.function.Function;
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

    /**
     * Runs an operation a client starts through the parent's action route ({@code allow_access}): the
     * parent's id from the path, the request built for this kind (its role and seen status checked).
     */
    @FunctionalInterface
    public interface ParentActionHandler {
        Reply run(OperationRequest request, String parentId, ActionBody body, Microversion version);
    }

    /** Runs an operation on an existing resource whose rules depend on the microversion. */
    @FunctionalInterface
    public interface VersionedOperationHandler {
        void run(OperationRequest request, ActionBody body, Microversion version);
    }

    /** Runs an operation whose answer has a body (Manila answers some actions with the resource). */
    @FunctionalInterface
    public interface ReplyingOperationHandler {
        Reply run(OperationRequest request, ActionBody body, Microversion version);
    }

    /** Runs an action that is no operation of the machine. */
    @FunctionalInterface
    public interface ExtraHandler {
        Reply run(Caller caller, String id, ActionBody body);
    }

    /** Runs an action that is no operation of the machine and answers by microversion. */
    @FunctionalInterface
    public interface VersionedExtraHandler {
        Reply run(Caller caller, String id, ActionBody body, Microversion version);
    }

    private record Extra(Privileged privilege, VersionedExtraHandler handler) {
    }

    /** An instance kind whose actions this kind's operations run; {@code leaderOf} finds a live one's leader. */
    private record Forward(StateMachine follower, Function<String, Optional<String>> leaderOf) {
    }

    private final StateMachine machine;
    private final Bodies bodies;
    private final JsonRenderer json;
    private CreateHandler create;
    private final Map<String, VersionedOperationHandler> handlers = new LinkedHashMap<>();
    private final Map<String, ReplyingOperationHandler> replying = new LinkedHashMap<>();
    private final Map<String, Extra> extras = new LinkedHashMap<>();
    private final Map<String, ParentActionHandler> parentActions = new LinkedHashMap<>();
    private final List<OperationRoutes> adopted = new ArrayList<>();
    private final List<OperationRoutes> onRow = new ArrayList<>();
    private final List<Forward> forwards = new ArrayList<>();

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
        return on(operation, (VersionedOperationHandler) (request, body, v) -> h.run(request, body));
    }

    /** {@link #on(String, OperationHandler)} for an operation Manila added at some microversion. */
    public OperationRoutes on(String operation, VersionedOperationHandler h) {
        if (!machine.operation(operation).isRouted()) {
            throw new IllegalArgumentException(machine.resource() + "." + operation + " has no route to handle");
        }
        handlers.put(operation, h);
        return this;
    }

    /** {@link #on(String, OperationHandler)} for an action answered with a body rather than 202. */
    public OperationRoutes replying(String operation, ReplyingOperationHandler h) {
        on(operation, (VersionedOperationHandler) (request, body, v) -> {
            throw new IllegalStateException(operation + " replies through its own handler");
        });
        replying.put(operation, h);
        return this;
    }

    /** Handles an operation of this kind whose trigger is a parent action. */
    public OperationRoutes onParentAction(String operation, ParentActionHandler h) {
        if (!(machine.operation(operation).trigger() instanceof Trigger.ParentAction)) {
            throw new IllegalArgumentException(machine.resource() + "." + operation + " is no parent action");
        }
        parentActions.put(operation, h);
        return this;
    }

    /**
     * Dispatches a child kind's parent actions on this kind's action route: the child declares them, so
     * this kind's routes learn them without naming the child.
     */
    public OperationRoutes adopt(OperationRoutes child) {
        if (child.machine.parent().filter(machine::equals).isEmpty()) {
            throw new IllegalArgumentException(child.machine.resource() + " is no child of " + machine.resource());
        }
        adopted.add(child);
        return this;
    }

    /**
     * Dispatches the actions of a second machine on this kind's rows (a replica's {@code reset_replica_state})
     * on this kind's action route, with that machine's role, seen state and handler.
     */
    public OperationRoutes alongside(OperationRoutes second) {
        if (!second.machine.onAnotherRow() || second.machine.parent().filter(machine::equals).isEmpty()) {
            throw new IllegalArgumentException(second.machine.resource() + " is no second machine on "
                    + machine.resource() + "'s rows");
        }
        onRow.add(second);
        return this;
    }

    /**
     * Routes the actions an instance kind forwards ({@code POST /share_instances/{id}/action}) to this
     * kind's operations of the same names, on the instance's leader: an instance's reset_status is its
     * share's, with the share's role, guards and lock.
     */
    public OperationRoutes forwardFrom(StateMachine follower, Function<String, Optional<String>> leaderOf) {
        if (follower.leader().filter(machine::equals).isEmpty()) {
            throw new IllegalArgumentException(follower.resource() + " does not follow " + machine.resource());
        }
        forwards.add(new Forward(follower, leaderOf));
        return this;
    }

    public OperationRoutes extra(String action, Privileged privilege, ExtraHandler h) {
        extras.put(action, new Extra(privilege, (caller, id, body, v) -> h.run(caller, id, body)));
        return this;
    }

    /** {@link #extra(String, Privileged, ExtraHandler)} for an action whose answer depends on the microversion. */
    public OperationRoutes extra(String action, Privileged privilege, VersionedExtraHandler h) {
        extras.put(action, new Extra(privilege, h));
        return this;
    }

    /** The actions a client may post, the machine's first. */
    public List<String> actions() {
        List<String> all = new ArrayList<>(machine.actionNames());
        adopted.forEach(child -> all.addAll(child.machine.parentActionNames()));
        onRow.forEach(second -> all.addAll(second.machine.actionNames()));
        all.addAll(extras.keySet());
        return all;
    }

    /** Every routed operation of the machine has its handler (checked at start-up). */
    private void requireHandlers() {
        for (Operation op : machine.operations()) {
            boolean handled = op.trigger() instanceof Trigger.ParentAction ? parentActions.containsKey(op.name())
                    : op.trigger() instanceof Trigger.Create || handlers.containsKey(op.name());
            if (op.isRouted() && !handled) {
                throw new IllegalStateException(machine.resource() + "." + op.name() + " is routed but has no handler");
            }
        }
    }

    public void register(ManilaRouter r) {
        onRow.forEach(OperationRoutes::requireHandlers);
        requireHandlers();
        String collection = "/" + machine.wire().collection();
        machine.createOperation().filter(op -> op.trigger() instanceof Trigger.Create).ifPresent(op -> {
            if (create == null) {
                throw new IllegalStateException(machine.resource() + ".create is routed but has no handler");
            }
            r.post(collection, ctx -> reply(ctx, create.create(Requests.operation(ctx, machine, op, null), ctx)));
        });
        machine.deleteOperation().ifPresent(op -> r.delete(collection + "/{id}", ctx -> {
            String id = id(ctx);
            handlers.get(op.name()).run(Requests.operation(ctx, machine, op, id), ActionBody.none(op.name()),
                    Requests.version(ctx));
            ctx.status(202);
        }));
        if (!actions().isEmpty()) {
            r.post(collection + "/{id}/action", this::action);
        }
        for (Forward f : forwards) {
            r.post("/" + f.follower().wire().collection() + "/{id}/action", ctx -> forwarded(ctx, f));
        }
    }

    private void forwarded(Context ctx, Forward f) {
        String noun = f.follower().noun();
        String instanceId = Requests.id(ctx, "id", noun);
        List<String> allowed = f.follower().actionNames();
        ActionBody body = ActionBody.parse(bodies, ctx, allowed);
        Operation op = machine.operation(f.follower().operationForAction(body.action())
                .orElseThrow(() -> body.unknown(noun, allowed)).name());
        Requests.operation(ctx, machine, op, null);
        String leaderId = f.leaderOf().apply(instanceId).orElseThrow(() -> new ApiError(404,
                Requests.capitalize(noun) + " " + instanceId + " could not be found."));
        handlers.get(op.name()).run(Requests.operation(ctx, machine, op, leaderId), body, Requests.version(ctx));
        ctx.status(202);
    }

    private void action(Context ctx) {
        String id = id(ctx);
        List<String> allowed = actions();
        ActionBody body = ActionBody.parse(bodies, ctx, allowed);
        var op = machine.operationForAction(body.action());
        if (op.isPresent() && replying.containsKey(op.get().name())) {
            reply(ctx, replying.get(op.get().name()).run(Requests.operation(ctx, machine, op.get(), id), body,
                    Requests.version(ctx)));
            return;
        }
        if (op.isPresent()) {
            handlers.get(op.get().name()).run(Requests.operation(ctx, machine, op.get(), id), body,
                    Requests.version(ctx));
            ctx.status(202);
            return;
        }
        for (OperationRoutes second : onRow) {
            var secondOp = second.machine.operationForAction(body.action());
            if (secondOp.isPresent()) {
                second.handlers.get(secondOp.get().name()).run(Requests.operation(ctx, second.machine, secondOp.get(),
                        id), body, Requests.version(ctx));
                ctx.status(202);
                return;
            }
        }
        for (OperationRoutes child : adopted) {
            var childOp = child.machine.operationForParentAction(body.action());
            if (childOp.isPresent()) {
                reply(ctx, child.parentAction(ctx, childOp.get(), id, body));
                return;
            }
        }
        Extra extra = extras.get(body.action());
        if (extra == null) {
            throw body.unknown(machine.noun(), allowed);
        }
        reply(ctx, extra.handler().run(Requests.authorize(ctx, extra.privilege()), id, body, Requests.version(ctx)));
    }

    /** A parent action of this kind: a create, or an operation on the child its id argument names. */
    private Reply parentAction(Context ctx, Operation op, String parentId, ActionBody body) {
        Trigger.ParentAction t = (Trigger.ParentAction) op.trigger();
        String childId = null;
        if (t.idArgument() != null) {
            var arg = body.args() == null ? null : body.args().get(t.idArgument());
            if (arg == null || !arg.isTextual()) {
                throw new ApiError(400, "'" + body.key() + "." + t.idArgument() + "' is required: the id of the "
                        + machine.noun() + ".");
            }
            childId = arg.asText();
            if (!Requests.isUuid(childId)) {
                throw new ApiError(404, Requests.capitalize(machine.noun()) + " " + childId
                        + " could not be found (ids are UUIDs).");
            }
        }
        return parentActions.get(op.name()).run(Requests.operation(ctx, machine, op, childId), parentId, body,
                Requests.version(ctx));
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
