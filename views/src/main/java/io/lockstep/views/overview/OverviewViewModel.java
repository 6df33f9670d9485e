package io.lockstep.views.overview;

import io.lockstep.api.event.Event;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import io.lockstep.views.resources.ResourcesViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Health at a glance: counts per state, resources stuck in a transitional state, refusals in the last
 * minute and recent errors; every figure can be opened as a filtered list. FX thread only.
 */
public final class OverviewViewModel {

    /** One state's figure. */
    public record StateCount(String resource, String state, StateKind kind, int count) {
    }

    /** Where a figure leads. */
    public interface Navigator {
        void resources(String type, String state, boolean stuckOnly, String text);

        void stateMachines();
    }

    private static final Duration REFUSAL_WINDOW = Duration.ofMinutes(1);

    private final LiveModel model;
    private final ObservableList<StateCount> counts = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper stuckShares = new ReadOnlyIntegerWrapper(this, "stuckShares");
    private final ReadOnlyIntegerWrapper stuckSnapshots = new ReadOnlyIntegerWrapper(this, "stuckSnapshots");
    private final ReadOnlyIntegerWrapper refusedLastMinute = new ReadOnlyIntegerWrapper(this, "refusedLastMinute");
    private Navigator navigator;

    public OverviewViewModel(LiveModel model) {
        this.model = model;
        model.revisionProperty().addListener((o, a, b) -> countsChanged());
        refreshCounts();
        tick();
    }

    /** Counts change every pulse under load; shown at most four times a second (redrawn cards cost the renderer). */
    private static final long COUNTS_INTERVAL_NANOS = 250_000_000L;
    private long countedAt = System.nanoTime();
    private boolean countsStale;

    private void countsChanged() {
        if (System.nanoTime() - countedAt >= COUNTS_INTERVAL_NANOS) {
            refreshCounts();
        } else {
            countsStale = true; // the next change after the interval, or the next tick, shows it
        }
    }

    public void setNavigator(Navigator navigator) {
        this.navigator = navigator;
    }

    private void refreshCounts() {
        countedAt = System.nanoTime();
        countsStale = false;
        Catalog c = model.catalog();
        if (c == null) {
            counts.clear();
            return;
        }
        List<StateCount> now = c.machines().stream().flatMap(m -> m.states().stream()
                .filter(s -> s.kind() != StateKind.TERMINAL)
                .map((StateDescriptor s) -> new StateCount(m.resource(), s.name(), s.kind(),
                        model.count(m.resource(), s.name())))).toList();
        if (!now.equals(counts)) {
            counts.setAll(now);
        }
        refusedLastMinute.set(model.rejectionsSince(model.clock().instant().minus(REFUSAL_WINDOW)).size());
    }

    /** Recomputes the time-based figures; called about once a second (a full scan, so not per pulse). */
    public void tick() {
        if (countsStale) {
            refreshCounts();
        }
        Instant before = model.clock().instant().minus(ResourcesViewModel.STUCK_AFTER);
        stuckShares.set(stuck(LiveModel.SHARE, before));
        stuckSnapshots.set(stuck(LiveModel.SNAPSHOT, before));
        refusedLastMinute.set(model.rejectionsSince(model.clock().instant().minus(REFUSAL_WINDOW)).size());
    }

    private int stuck(String type, Instant before) {
        Catalog c = model.catalog();
        if (c == null) {
            return 0;
        }
        int n = 0;
        for (ResourceItem i : model.items(type)) {
            Instant since = i.statusSinceProperty().get();
            if (since != null && since.isBefore(before) && c.isTransitional(type, i.status())) {
                n++;
            }
        }
        return n;
    }

    public void open(StateCount c) {
        if (navigator != null) {
            navigator.resources(c.resource(), c.state(), false, "");
        }
    }

    public void openStuck(String type) {
        if (navigator != null) {
            navigator.resources(type, null, true, "");
        }
    }

    public void openRefusals() {
        if (navigator != null) {
            navigator.stateMachines();
        }
    }

    public void openResource(Event e) {
        if (navigator != null) {
            navigator.resources(e.resourceType(), null, false, e.resourceId());
        }
    }

    public ObservableList<StateCount> counts() {
        return counts;
    }

    public ObservableList<Event> recentErrors() {
        return model.recentErrors();
    }

    public ReadOnlyIntegerProperty stuckSharesProperty() {
        return stuckShares.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stuckSnapshotsProperty() {
        return stuckSnapshots.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty refusedLastMinuteProperty() {
        return refusedLastMinute.getReadOnlyProperty();
    }
}
