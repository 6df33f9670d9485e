package io.lockstep.views.cluster;

import io.lockstep.api.coordination.BreakLock;
import io.lockstep.api.coordination.LockFamilyStats;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.Friction;
import io.lockstep.views.live.Times;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;

/**
 * The Locks page: who holds which lock since when, who waits, the fencing token, per-family
 * statistics, and locks held longer than a threshold flagged (no lock should be held over a
 * long-running task, so a long hold is a bug to show). Breaking a lock is for a holder that is gone.
 * FX thread only.
 */
public final class LocksViewModel {

    private final ClusterModel model;
    private final ClusterActions actions;
    private final IntegerProperty longHoldSeconds = new SimpleIntegerProperty(this, "longHoldSeconds", 10);
    private final ObjectProperty<LockHolding> selected = new SimpleObjectProperty<>(this, "selected");

    public LocksViewModel(ClusterModel model, ClusterActions actions) {
        this.model = model;
        this.actions = actions;
    }

    /** How long it has been held, by the console's clock (ticks once a second). */
    public Duration heldFor(LockHolding l) {
        Instant since = l.since() == null ? null : Times.parse(l.since());
        if (since == null) {
            return Duration.ofMillis(l.heldMs());
        }
        Duration d = Duration.between(since, model.now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    public boolean isLongHeld(LockHolding l) {
        return heldFor(l).toSeconds() >= longHoldSeconds.get();
    }

    public Availability breakAvailability(LockHolding l) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (l == null) {
            return Availability.refused("Select a lock.");
        }
        if (l.holderAlive()) {
            return Availability.refused("Its holder's node " + l.holder().node() + " is alive (in the services group "
                    + "or heartbeating); only a lock of a lost holder may be broken.");
        }
        return Availability.allowed("Takes the lock from " + l.holder().node() + ", which is gone.");
    }

    public void breakLock(LockHolding l) {
        Availability a = breakAvailability(l);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        Confirmation c = new Confirmation("Break lock " + l.name(),
                "The lock is taken from " + l.holder().service() + "@" + l.holder().node() + " (" + l.holder().purpose()
                        + "), held for " + Times.humanDuration(heldFor(l)) + " under fencing token " + l.fencingToken()
                        + ". The next waiter gets it at once. Whatever the old holder writes later is refused by "
                        + "the work item's owner and lease. The break is recorded with your name.",
                "Break the lock", Friction.TYPE_NAME, l.name());
        var client = actions.client();
        actions.run(c, () -> client.call(client.lockstep().breakLock(new BreakLock(l.name(), l.fencingToken()))),
                "Lock " + l.name() + " broken; " + (l.waiters().isEmpty() ? "nobody was waiting."
                        : l.waiters().get(0).node() + " was next in line."),
                ClusterActions.event(io.lockstep.api.event.EventKind.LOCK, l.name(), "break", null));
    }

    public ObservableList<LockHolding> locks() {
        return model.locks();
    }

    public ObservableList<LockFamilyStats> stats() {
        return model.stats();
    }

    public ClusterModel model() {
        return model;
    }

    public IntegerProperty longHoldSecondsProperty() {
        return longHoldSeconds;
    }

    public ObjectProperty<LockHolding> selectedProperty() {
        return selected;
    }
}
