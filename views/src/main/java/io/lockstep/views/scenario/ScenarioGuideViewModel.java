package io.lockstep.views.scenario;

import io.lockstep.api.lab.ScenarioRun;
import io.lockstep.api.lab.ScenarioView;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The guided panel's state: the lab's bundled scenarios, the one being played, the step shown (Back
 * and Next move it; Next runs the step on the lab when it has not run yet), and each check of that
 * step: pending, held or failed. The step's page is handed to {@link #onShow} so that the window can
 * move there and highlight it. A running step is followed by {@link #refreshRun()}, which the panel
 * calls while {@link #runningProperty()} is true (the run is not in the event stream). FX thread only.
 */
public final class ScenarioGuideViewModel {

    /** A check as the panel lists it. */
    public record CheckRow(String says, State state, String detail) {
        public enum State { PENDING, HELD, FAILED }
    }

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final ObservableList<ScenarioView> scenarios = FXCollections.observableArrayList();
    private final ObjectProperty<ScenarioView> scenario = new SimpleObjectProperty<>(this, "scenario");
    private final ObjectProperty<ScenarioRun> run = new SimpleObjectProperty<>(this, "run");
    private final IntegerProperty shown = new SimpleIntegerProperty(this, "shown", -1);
    private final BooleanProperty open = new SimpleBooleanProperty(this, "open");
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
    private final ObservableList<CheckRow> checks = FXCollections.observableArrayList();
    private Consumer<String> onShow = page -> { };

    public ScenarioGuideViewModel(LockstepClient client, TaskExecutor executor, NoticeBoard notices) {
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        shown.addListener((o, a, b) -> {
            showStep();
            navigate();
        });
        run.addListener((o, a, b) -> showStep());
    }

    /** Where a step's page goes: the window navigates and highlights it. */
    public void onShow(Consumer<String> show) {
        this.onShow = show;
    }

    /** Opens the panel with the lab's scenarios (read off the FX thread). */
    public void open() {
        openThen(list -> { });
    }

    private void openThen(Consumer<List<ScenarioView>> then) {
        open.set(true);
        executor.submit(() -> client.call(client.lockstep().scenarios()).scenarios(), list -> {
            scenarios.setAll(list);
            then.accept(list);
        }, e -> notices.post(Notice.Level.ERROR, "Could not read the lab's scenarios: " + e.getMessage()));
    }

    /** Opens the panel and starts the scenario named {@code name} once the list is read (the welcome tour). */
    public void openAndStart(String name) {
        openThen(list -> list.stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(this::start));
    }

    public void close() {
        open.set(false);
    }

    /** Starts a fresh run of {@code s} on the lab (its driver set as the scenario asks) and shows its first step. */
    public void start(ScenarioView s) {
        executor.submit(() -> client.call(client.lockstep().startScenario(s.name())), r -> {
            shown.set(-1);
            scenario.set(s);
            run.set(r);
            shown.set(0);
            if (r.problem() != null) {
                notices.post(Notice.Level.WARNING, s.title() + ": " + r.problem());
            }
        }, e -> notices.post(Notice.Level.ERROR, "Could not start " + s.title() + ": " + e.getMessage()));
    }

    /** Back to the list of scenarios. */
    public void leave() {
        scenario.set(null);
        run.set(null);
        shown.set(-1);
        checks.clear();
    }

    /**
     * Runs the step shown when it has not run yet; else moves to the next one (and runs nothing).
     */
    public void next() {
        ScenarioRun r = run.get();
        if (r == null || running.get()) {
            return;
        }
        int i = shown.get();
        if (i < r.done()) {
            if (i + 1 < r.steps()) {
                shown.set(i + 1);
            }
            return;
        }
        running.set(true);
        executor.submit(() -> client.call(client.lockstep().nextScenarioStep(r.id())), this::update, e -> {
            running.set(false);
            notices.post(Notice.Level.ERROR, "Step " + (i + 1) + " could not start: " + e.getMessage());
        });
    }

    public void back() {
        if (shown.get() > 0) {
            shown.set(shown.get() - 1);
        }
    }

    /** Reads the run again (while a step runs). */
    public void refreshRun() {
        ScenarioRun r = run.get();
        if (r == null) {
            return;
        }
        executor.submit(() -> client.call(client.lockstep().scenarioRun(r.id())), this::update,
                e -> notices.post(Notice.Level.WARNING, "Lost track of the scenario run: " + e.getMessage()));
    }

    private void update(ScenarioRun r) {
        ScenarioRun before = run.get();
        run.set(r);
        running.set(r.running());
        if (before != null && before.running() && !r.running()) {
            long failed = r.outcomes().stream().filter(o -> o.step() == shown.get() && !o.passed()).count();
            if (failed > 0) {
                notices.post(Notice.Level.WARNING, "Step " + (shown.get() + 1) + ": " + failed + " check(s) did not hold.");
            }
        }
    }

    private void showStep() {
        ScenarioView s = scenario.get();
        int i = shown.get();
        if (s == null || i < 0 || i >= s.steps().size()) {
            checks.clear();
            return;
        }
        ScenarioView.Step step = s.steps().get(i);
        List<ScenarioRun.Outcome> outcomes = run.get() == null ? List.of()
                : run.get().outcomes().stream().filter(o -> o.step() == i).toList();
        java.util.ArrayList<CheckRow> rows = new java.util.ArrayList<>();
        for (int k = 0; k < step.checks().size(); k++) {
            ScenarioRun.Outcome o = k < outcomes.size() ? outcomes.get(k) : null;
            rows.add(new CheckRow(step.checks().get(k), o == null ? CheckRow.State.PENDING
                    : o.passed() ? CheckRow.State.HELD : CheckRow.State.FAILED, o == null ? "" : o.detail()));
        }
        checks.setAll(rows);
    }

    /** Moves the window to the shown step's page (only when the step shown changes, not as it runs). */
    private void navigate() {
        ScenarioView s = scenario.get();
        int i = shown.get();
        if (s != null && i >= 0 && i < s.steps().size() && s.steps().get(i).show() != null) {
            onShow.accept(s.steps().get(i).show());
        }
    }

    public ObservableList<ScenarioView> scenarios() {
        return scenarios;
    }

    public ObjectProperty<ScenarioView> scenarioProperty() {
        return scenario;
    }

    public ObjectProperty<ScenarioRun> runProperty() {
        return run;
    }

    public IntegerProperty shownProperty() {
        return shown;
    }

    public BooleanProperty openProperty() {
        return open;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public ObservableList<CheckRow> checks() {
        return checks;
    }

    /** What Next does now: "Run step k", "Next step", or nothing left. */
    public javafx.beans.binding.StringBinding nextText() {
        return Bindings.createStringBinding(() -> {
            ScenarioRun r = run.get();
            if (r == null) {
                return "Run step";
            }
            int i = shown.get();
            if (i >= r.done()) {
                return "Run step " + (i + 1);
            }
            return i + 1 < r.steps() ? "Next step" : "Done";
        }, run, shown);
    }

    public BooleanBinding nextDisabled() {
        return Bindings.createBooleanBinding(() -> run.get() == null || running.get()
                || (shown.get() < run.get().done() && shown.get() + 1 >= run.get().steps()), run, shown, running);
    }

    /** The narration of the step shown. */
    public javafx.beans.binding.StringBinding narration() {
        return Bindings.createStringBinding(() -> {
            ScenarioView s = scenario.get();
            int i = shown.get();
            return s == null || i < 0 || i >= s.steps().size() ? "" : s.steps().get(i).say();
        }, scenario, shown);
    }

    public javafx.beans.binding.StringBinding progressText() {
        return Bindings.createStringBinding(() -> {
            ScenarioView s = scenario.get();
            return s == null ? "" : "Step " + (shown.get() + 1) + " of " + s.steps().size();
        }, scenario, shown);
    }
}
