package io.lockstep.views.action;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.views.live.LiveModel;
import java.util.List;
import java.util.function.Consumer;

/**
 * Waits for the event that ends an action on one resource (its operation reaching a state that is
 * not transitional) and reports it once. Registered before the request is sent so that an outcome
 * arriving before the HTTP answer is not missed. FX thread only.
 */
final class OutcomeWatch implements Consumer<List<Event>> {

    private final LiveModel model;
    private final String type;
    private final String operation;
    private final Consumer<Event> onOutcome;
    private String id;
    private boolean done;

    OutcomeWatch(LiveModel model, String type, String id, String operation, Consumer<Event> onOutcome) {
        this.model = model;
        this.type = type;
        this.id = id;
        this.operation = operation;
        this.onOutcome = onOutcome;
    }

    void start() {
        model.addEventListener(this);
    }

    /** For a create: the id is known only once the request returns. */
    void resolve(String newId) {
        this.id = newId;
    }

    void cancel() {
        done = true;
        model.removeEventListener(this);
    }

    @Override
    public void accept(List<Event> events) {
        if (done || id == null) {
            return;
        }
        for (Event e : events) {
            if (e.kind() == EventKind.TRANSITION && type.equals(e.resourceType()) && id.equals(e.resourceId())
                    && operation.equals(e.operation()) && e.to() != null
                    && model.catalog().kind(type, e.to()) != StateKind.TRANSITIONAL) {
                cancel();
                onOutcome.accept(e);
                return;
            }
        }
    }
}
