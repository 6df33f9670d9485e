package io.lockstep.views.diagram;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.LiveModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleLongProperty;

/**
 * Live per-state counts of a kind the console does not list (a share's access rules): read once from
 * {@code /lockstep/v1/state-counts}, exact as of an event id, then kept by the transitions after it that
 * the event stream brings; read again when the console's catalog changes (a reconnect). FX thread only.
 */
public final class StreamedCounts {

    private final String resource;
    private final LockstepClient client;
    private final TaskExecutor executor;
    private final Map<String, Integer> counts = new HashMap<>();
    private final LongProperty revision = new SimpleLongProperty(this, "revision");
    private long asOf = Long.MAX_VALUE; // nothing applied until the first read

    public StreamedCounts(String resource, LiveModel model, LockstepClient client, TaskExecutor executor) {
        this.resource = resource;
        this.client = client;
        this.executor = executor;
        model.addEventListener(this::onEvents);
        model.catalogProperty().addListener((o, a, b) -> load());
        load();
    }

    private void load() {
        executor.submit(() -> client.call(client.lockstep().stateCounts()), c -> {
            counts.clear();
            counts.putAll(c.counts().getOrDefault(resource, Map.of()));
            asOf = c.asOfEvent();
            revision.set(revision.get() + 1);
        }, e -> { });
    }

    private void onEvents(List<Event> batch) {
        boolean changed = false;
        for (Event e : batch) {
            if (e.id() <= asOf || e.kind() != EventKind.TRANSITION || !resource.equals(e.resourceType())) {
                continue;
            }
            if (e.from() != null) {
                counts.merge(e.from(), -1, Integer::sum);
            }
            counts.merge(e.to(), 1, Integer::sum);
            changed = true;
        }
        if (changed) {
            revision.set(revision.get() + 1);
        }
    }

    public int count(String state) {
        return Math.max(0, counts.getOrDefault(state, 0));
    }

    public ReadOnlyLongProperty revisionProperty() {
        return revision;
    }
}
