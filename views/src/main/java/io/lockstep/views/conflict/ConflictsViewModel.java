package io.lockstep.views.conflict;

import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Conflict matrix page: every pair of operations of a resource family, as the service's design-time
 * checker judged them from the state machines (exclusive, commutative, guarded or unsafe), with the
 * reasons per starting state and what racing each for real found (trials, violations, an example). Read
 * once (the machines do not change while a service runs) and again when a race run ends; an admin can
 * race the selected pair now. FX thread only.
 */
public final class ConflictsViewModel {

    /** How bad a verdict is, for a cell's colour: the worst of its starting states wins. */
    public static final List<String> SEVERITY = List.of("commutative", "exclusive", "guarded", "unsafe");

    /** One (A, B) pair of a family with every starting state's verdict. */
    public record Pair(String a, String b, List<ConflictCell> cells) {
        public String worst() {
            return cells.stream().map(ConflictCell::verdict).max((x, y) -> SEVERITY.indexOf(x) - SEVERITY.indexOf(y))
                    .orElse("commutative");
        }

        /** Trials of the last runs over its starting states. */
        public int trials() {
            return cells.stream().mapToInt(c -> c.trials() == null ? 0 : c.trials()).sum();
        }

        /** Violations found in those trials. */
        public int violations() {
            return cells.stream().mapToInt(c -> c.violations() == null ? 0 : c.violations()).sum();
        }

        /** Whether any of its starting states can be raced through the API. */
        public boolean raceable() {
            return cells.stream().anyMatch(c -> c.notRaced() == null);
        }

        /** A family root of an example trial, whose events show the race; null if none was raced. */
        public String exampleRoot() {
            return cells.stream().filter(c -> c.exampleRoot() != null)
                    .sorted((x, y) -> Integer.compare(y.violations() == null ? 0 : y.violations(),
                            x.violations() == null ? 0 : x.violations()))
                    .map(ConflictCell::exampleRoot).findFirst().orElse(null);
        }

        /** The verdicts it has, mildest first ("exclusive / guarded"). */
        public String verdicts() {
            return String.join(" / ", cells.stream().map(ConflictCell::verdict).distinct()
                    .sorted((x, y) -> SEVERITY.indexOf(x) - SEVERITY.indexOf(y)).toList());
        }
    }

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final List<ConflictCell> all = new ArrayList<>();
    private final ObservableList<String> families = FXCollections.observableArrayList();
    private final StringProperty family = new SimpleStringProperty(this, "family");
    private final ObservableList<String> operations = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final ObjectProperty<Pair> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Reading the matrix...");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyStringWrapper raceStatus = new ReadOnlyStringWrapper(this, "raceStatus", "");
    private final ReadOnlyBooleanWrapper racing = new ReadOnlyBooleanWrapper(this, "racing");
    private final boolean mayRace;
    private final ObservableList<String> exampleEvents = FXCollections.observableArrayList();
    private boolean loaded;
    private Navigator navigator = new Navigator() {
    };

    /** Where the page's links lead; the console wires them to its pages. */
    public interface Navigator {
        /** Shows the state diagrams, live. */
        default void diagrams() {
        }
    }

    public void setNavigator(Navigator navigator) {
        this.navigator = navigator;
    }

    /** Reads the events of the pair's example trial (its family root's), which show how the race went. */
    public void openExample(Pair p) {
        if (p == null || p.exampleRoot() == null) {
            return;
        }
        String root = p.exampleRoot();
        String type = family.get();
        // trials run in the races' own project, which an admin reads across projects
        executor.submit(() -> client.call(client.lockstep().eventsOfAllProjects(0, 500, type, root)).events(), events -> {
            exampleEvents.setAll(events.stream().map(e -> "#" + e.id() + " " + e.kind().wireName() + " "
                    + (e.operation() == null ? "" : e.operation() + " ") + (e.from() == null ? "" : e.from())
                    + (e.to() == null ? "" : " -> " + e.to()) + (e.message() == null ? "" : ": " + e.message())).toList());
            if (events.isEmpty()) {
                exampleEvents.setAll(List.of("No events are left for " + type + " " + root + "."));
            }
        }, e -> exampleEvents.setAll(List.of("The events could not be read: " + e.getMessage())));
    }

    /** The example trial's events, oldest first, one line each. */
    public ObservableList<String> exampleEvents() {
        return exampleEvents;
    }

    public void openDiagrams() {
        navigator.diagrams();
    }

    /** @param mayRace whether the caller may race cells (an admin) */
    public ConflictsViewModel(LockstepClient client, TaskExecutor executor, boolean mayRace) {
        this.client = client;
        this.executor = executor;
        this.mayRace = mayRace;
        family.addListener(o -> rebuild());
    }

    /** Reads the matrix once; later calls do nothing (a race run's end reads it again). */
    public void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        read();
    }

    private void read() {
        executor.submit(() -> client.call(client.lockstep().conflicts()).cells(), cells -> {
            Pair was = selected.get();
            all.clear();
            all.addAll(cells);
            Set<String> f = new LinkedHashSet<>();
            cells.forEach(c -> f.add(c.family()));
            families.setAll(f);
            if (family.get() == null || !families.contains(family.get())) {
                family.set(families.isEmpty() ? null : families.get(0));
            }
            rebuild();
            exampleEvents.clear();
            if (was != null) {
                selected.set(pairs.get(key(was.a(), was.b())));
            }
        }, e -> {
            loaded = false;
            summary.set("The service did not give its conflict matrix: " + e.getMessage());
        });
    }

    /** The event stream's batches: a race run's end brings the trials it ran, so the matrix is read again. */
    public void onEvents(List<Event> batch) {
        if (!loaded) {
            return;
        }
        batch.stream().filter(e -> e.kind() == EventKind.RACE).reduce((x, y) -> y).ifPresent(e -> {
            racing.set(false);
            raceStatus.set("Race run ended: " + e.message() + ".");
            read();
        });
    }

    /** Whether "Race this cell now" can be offered for the selected pair. */
    public boolean canRace(Pair p) {
        return mayRace && p != null && p.raceable() && !racing.get();
    }

    /**
     * Races the pair's starting states {@code trials} times each on the service, in the background; its
     * transitions show live on the state diagrams, and its end (a {@code race} event) refreshes the matrix.
     */
    public void race(Pair p, int trials) {
        if (!canRace(p)) {
            return;
        }
        racing.set(true);
        raceStatus.set("Racing " + p.a() + " against " + p.b() + "...");
        executor.submit(() -> client.call(client.lockstep().race(new RaceRequest(family.get(), p.a(), p.b(), null,
                trials, null))), run -> raceStatus.set("Racing " + p.a() + " against " + p.b() + ": " + run.cells()
                + " starting state(s), " + trials + " trials each; watch the state diagram."), e -> {
                    racing.set(false);
                    raceStatus.set("The race was not started: " + e.getMessage());
                });
    }

    private void rebuild() {
        pairs.clear();
        Set<String> ops = new LinkedHashSet<>();
        Set<String> onlyB = new LinkedHashSet<>();
        for (ConflictCell c : all) {
            if (c.family().equals(family.get())) {
                ops.add(c.a());
                onlyB.add(c.b());
                pairs.computeIfAbsent(key(c.a(), c.b()), k -> new Pair(c.a(), c.b(), new ArrayList<>())).cells().add(c);
            }
        }
        operations.setAll(ops);
        columns.setAll(onlyB); // a finish is only ever the first of a pair, the leader's and the lease's steps the second
        Map<String, Long> counts = new LinkedHashMap<>();
        SEVERITY.forEach(v -> counts.put(v, 0L));
        all.stream().filter(c -> c.family().equals(family.get())).forEach(c -> counts.merge(c.verdict(), 1L, Long::sum));
        summary.set(family.get() == null ? "No families." : ops.size() + " operations, " + pairs.size() + " pairs, "
                + counts.values().stream().mapToLong(Long::longValue).sum() + " cells: " + String.join(", ",
                counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()) + "; "
                + trialsSummary() + ".");
        selected.set(null);
        revision.set(revision.get() + 1);
    }

    private String trialsSummary() {
        List<ConflictCell> mine = all.stream().filter(c -> c.family().equals(family.get())).toList();
        long raced = mine.stream().filter(c -> c.trials() != null && c.trials() > 0).count();
        long trials = mine.stream().mapToLong(c -> c.trials() == null ? 0 : c.trials()).sum();
        long violations = mine.stream().mapToLong(c -> c.violations() == null ? 0 : c.violations()).sum();
        return raced == 0 ? "never raced for real on this service" : raced + " cells raced for real: " + trials
                + " trials, " + violations + " violations";
    }

    private static String key(String a, String b) {
        return a + " | " + b;
    }

    public Pair pair(String a, String b) {
        return pairs.get(key(a, b));
    }

    public ObservableList<String> families() {
        return families;
    }

    public StringProperty familyProperty() {
        return family;
    }

    /** The matrix's columns: what the rows are raced against, in declaration order. */
    public ObservableList<String> columns() {
        return columns;
    }

    /** The family's operations and finishes, in declaration order: the matrix's rows. */
    public ObservableList<String> operations() {
        return operations;
    }

    public ObjectProperty<Pair> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty raceStatusProperty() {
        return raceStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty racingProperty() {
        return racing.getReadOnlyProperty();
    }

    public boolean mayRace() {
        return mayRace;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Moves when the matrix shown changes (a new family, the first load). */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
