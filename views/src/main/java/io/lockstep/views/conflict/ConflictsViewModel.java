package io.lockstep.views.conflict;

import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
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
 * reasons per starting state. Read once (the machines do not change while a service runs). FX thread only.
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
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final ObjectProperty<Pair> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Reading the matrix...");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private boolean loaded;

    public ConflictsViewModel(LockstepClient client, TaskExecutor executor) {
        this.client = client;
        this.executor = executor;
        family.addListener(o -> rebuild());
    }

    /** Reads the matrix once; later calls do nothing. */
    public void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        executor.submit(() -> client.call(client.lockstep().conflicts()).cells(), cells -> {
            all.clear();
            all.addAll(cells);
            Set<String> f = new LinkedHashSet<>();
            cells.forEach(c -> f.add(c.family()));
            families.setAll(f);
            family.set(families.isEmpty() ? null : families.get(0));
            rebuild();
        }, e -> {
            loaded = false;
            summary.set("The service did not give its conflict matrix: " + e.getMessage());
        });
    }

    private void rebuild() {
        pairs.clear();
        Set<String> ops = new LinkedHashSet<>();
        for (ConflictCell c : all) {
            if (c.family().equals(family.get())) {
                ops.add(c.a());
                pairs.computeIfAbsent(key(c.a(), c.b()), k -> new Pair(c.a(), c.b(), new ArrayList<>())).cells().add(c);
            }
        }
        operations.setAll(ops);
        Map<String, Long> counts = new LinkedHashMap<>();
        SEVERITY.forEach(v -> counts.put(v, 0L));
        all.stream().filter(c -> c.family().equals(family.get())).forEach(c -> counts.merge(c.verdict(), 1L, Long::sum));
        summary.set(family.get() == null ? "No families." : ops.size() + " operations, " + pairs.size() + " pairs, "
                + counts.values().stream().mapToLong(Long::longValue).sum() + " cells: " + String.join(", ",
                counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()) + ".");
        selected.set(null);
        revision.set(revision.get() + 1);
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

    /** The family's operations, in declaration order: the matrix's rows and columns. */
    public ObservableList<String> operations() {
        return operations;
    }

    public ObjectProperty<Pair> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Moves when the matrix shown changes (a new family, the first load). */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
