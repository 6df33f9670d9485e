package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.TriggerDescriptor;
import java.util.Map;

/**
 * How a client starts an operation; the routes are registered from it and it is served with the
 * machine. Immutable.
 */
public sealed interface Trigger {

    TriggerDescriptor describe(Wire wire);

    /** {@code POST /<collection>} with {@code {<envelope>: example}}. */
    record Create(Map<String, Object> example, Map<String, Object> parentExample) implements Trigger {
        public Create {
            example = Map.copyOf(example);
            parentExample = parentExample == null ? null : Map.copyOf(parentExample);
        }

        public Create(Map<String, Object> example) {
            this(example, null);
        }

        /** The same, made under a parent created with {@code parentFields} too (a share of a replicated type). */
        public Create under(Map<String, Object> parentFields) {
            return new Create(example, parentFields);
        }

        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("create", "POST", "/" + wire.collection(), null, wire.envelope(), example,
                    null, parentExample);
        }
    }

    /** {@code DELETE /<collection>/{id}}. */
    record Delete() implements Trigger {
        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("delete", "DELETE", "/" + wire.collection() + "/{id}", null, null, null);
        }
    }

    /** {@code POST /<collection>/{id}/action} with {@code {<name>: example}} (or {@code os-<name>}). */
    record Action(String name, Map<String, Object> example) implements Trigger {
        public Action {
            example = example == null ? null : Map.copyOf(example);
        }

        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("action", "POST", "/" + wire.collection() + "/{id}/action", name, null,
                    example);
        }
    }

    /**
     * {@code POST /<parent collection>/{parent_id}/action} with {@code {<name>: example}}: a create made
     * through its parent (allow_access) when {@code idArgument} is null, else an operation on the child
     * that argument names (deny_access's {@code access_id}). The parent's action route dispatches it, so
     * the parent's routes know no child.
     */
    record ParentAction(Wire parentWire, String name, String idArgument, Map<String, Object> example)
            implements Trigger {
        public ParentAction {
            example = example == null ? null : Map.copyOf(example);
        }

        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("parent_action", "POST", "/" + parentWire.collection() + "/{id}/action",
                    name, wire.envelope(), example, idArgument);
        }
    }

    /**
     * Run by the primitive when the parent reaches its terminal state, in that transaction: the kind
     * ends with its parent (an access rule with its share) instead of refusing the parent's delete.
     */
    record ParentEnds() implements Trigger {
        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("internal", null, null, null, null, null);
        }
    }

    /**
     * A resource no request creates on its own: it is made by another kind's operation, whose new row names
     * it in {@code column} (a share server is made by the first share created on a network that needs one).
     * Served so that a client can make one the way the service does.
     */
    record MadeBy(String resource, String operation, String column) implements Trigger {
        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("made_by", null, null, resource + "." + operation, null, null, column);
        }
    }

    /** Started only by another operation (a snapshot's create holds its share in {@code snapshotting}). */
    record Internal() implements Trigger {
        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("internal", null, null, null, null, null);
        }
    }
}
