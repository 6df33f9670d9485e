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
    record Create(Map<String, Object> example) implements Trigger {
        public Create {
            example = Map.copyOf(example);
        }

        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("create", "POST", "/" + wire.collection(), null, wire.envelope(), example);
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

    /** Started only by another operation (a snapshot's create holds its share in {@code snapshotting}). */
    record Internal() implements Trigger {
        @Override
        public TriggerDescriptor describe(Wire wire) {
            return new TriggerDescriptor("internal", null, null, null, null, null);
        }
    }
}
