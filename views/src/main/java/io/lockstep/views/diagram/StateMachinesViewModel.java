package io.lockstep.views.diagram;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.replay.ReplayViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The State machines view's state: one {@link DiagramModel} per resource type the service describes,
 * live counts, and the flashes that events cause. FX thread only.
 */
public final class StateMachinesViewModel {

    private static final System.Logger LOG = System.getLogger(StateMachinesViewModel.class.getName());

    private final LiveModel model;
    private final ObservableList<DiagramModel> diagrams = FXCollections.observableArrayList();
    private final List<Consumer<List<Flash>>> flashListeners = new CopyOnWriteArrayList<>();
    private BiConsumer<String, String> navigate = (type, state) -> { };
    private final TaskExecutor executor;
    private long generation;
    /** Whether the diagrams have been asked for: laying them all out is seconds of CPU on a cold JVM. */
    private boolean wanted;

    public StateMachinesViewModel(LiveModel model, TaskExecutor executor) {
        this.model = model;
        this.executor = executor;
        model.catalogProperty().addListener((o, a, c) -> rebuild(c));
        rebuild(model.catalog());
        model.addEventListener(this::flash);
    }

    /**
     * Lays the diagrams out now, and again whenever the catalogue changes. Until the page first opens
     * nothing is laid out: the console's start does not wait on ELK (its cold start is most of two
     * seconds of CPU, on cores the start needs).
     */
    public void open() {
        if (!wanted) {
            wanted = true;
            rebuild(model.catalog());
        }
    }

    /** Lays the diagrams out off the FX thread (a second or two for every machine, cold) and shows them. */
    private void rebuild(Catalog catalog) {
        long mine = ++generation;
        if (!wanted) {
            return;
        }
        if (catalog == null) {
            diagrams.clear();
            return;
        }
        // Drawn with live counts: the resource types the console keeps.
        var machines = catalog.machines().stream()
                .filter(m -> LiveModel.TYPES.contains(m.resource()) || otherCounts.containsKey(m.resource())).toList();
        executor.submit(() -> machines.stream().map(DiagramModel::new).toList(), laidOut -> {
            if (mine == generation) {
                diagrams.setAll(laidOut);
            }
        }, e -> LOG.log(System.Logger.Level.WARNING, "could not lay the state diagrams out", e));
    }

    /**
     * Takes counts and flashes from {@code r} while it replays: the live events do not flash then,
     * and the diagrams are redrawn as the replay moves.
     */
    public void replayFrom(ReplayViewModel r) {
        this.replay = r;
        r.revisionProperty().addListener((o, a, b) -> redraw.set(redraw.get() + 1));
        r.replayingProperty().addListener((o, a, b) -> redraw.set(redraw.get() + 1));
        r.addReplayListener(this::flashEvents);
    }

    private ReplayViewModel replay;

    private void flash(List<Event> events) {
        if (replay == null || !replay.replayingProperty().get()) {
            flashEvents(events);
        }
    }

    private void flashEvents(List<Event> events) {
        List<Flash> flashes = new ArrayList<>();
        for (Event e : events) {
            DiagramModel d = diagram(e.resourceType());
            if (d == null) {
                continue;
            }
            if (e.kind() == EventKind.REJECTED) {
                if (e.from() != null) {
                    flashes.add(new Flash(d.resource(), e.from(), Flash.Kind.REFUSED));
                }
            } else if (e.kind() == EventKind.TRANSITION && e.to() != null) {
                flashes.add(d.edge(e.from(), e.to())
                        .map(t -> new Flash(d.resource(), t.id(), Flash.Kind.EDGE))
                        .orElse(new Flash(d.resource(), e.to(), Flash.Kind.STATE)));
            }
        }
        if (!flashes.isEmpty()) {
            flashListeners.forEach(l -> l.accept(flashes));
        }
    }

    private DiagramModel diagram(String resource) {
        return diagrams.stream().filter(d -> d.resource().equals(resource)).findFirst().orElse(null);
    }

    public ObservableList<DiagramModel> diagrams() {
        return diagrams;
    }

    public int count(String resource, String state) {
        if (replay != null && replay.replayingProperty().get()) {
            return replay.count(resource, state);
        }
        var other = otherCounts.get(resource);
        return other != null ? other.applyAsInt(state) : model.count(resource, state);
    }

    /**
     * Draws {@code resource}'s machine too, counted by {@code counts} (jobs are kept by the cluster
     * model), redrawn when {@code revision} moves.
     */
    public void countsFrom(String resource, java.util.function.ToIntFunction<String> counts,
                           javafx.beans.value.ObservableValue<?> revision) {
        otherCounts.put(resource, counts);
        rebuild(model.catalog());
        revision.addListener(o -> redraw.set(redraw.get() + 1));
    }

    private final java.util.Map<String, java.util.function.ToIntFunction<String>> otherCounts =
            new java.util.HashMap<>();
    private final javafx.beans.property.LongProperty redraw = new javafx.beans.property.SimpleLongProperty(this,
            "redraw");

    /** Moves when counts kept outside the live model change. */
    public javafx.beans.property.ReadOnlyLongProperty redrawProperty() {
        return redraw;
    }

    public LiveModel model() {
        return model;
    }

    public void addFlashListener(Consumer<List<Flash>> listener) {
        flashListeners.add(listener);
    }

    public void removeFlashListener(Consumer<List<Flash>> listener) {
        flashListeners.remove(listener);
    }

    /** Where clicking a state goes: the Resources view filtered to it. */
    public void onNavigate(BiConsumer<String, String> target) {
        this.navigate = target;
    }

    public void open(String resource, String state) {
        if (!DiagramModel.ENTRY.equals(state)) {
            navigate.accept(resource, state);
        }
    }

    public String svg(DiagramModel d) {
        return DiagramSvg.render(d, state -> count(d.resource(), state));
    }

    private final javafx.beans.property.StringProperty workSummary =
            new javafx.beans.property.SimpleStringProperty(this, "workSummary", "");

    /** Which node is working on what now (set by the console from the cluster model). */
    public javafx.beans.property.StringProperty workSummaryProperty() {
        return workSummary;
    }
}
