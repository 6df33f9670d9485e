package io.lockstep.views.resources;

import io.lockstep.api.event.Event;
import io.lockstep.api.job.JobView;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.ActionRunner;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.action.OperationAction;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The Resources view's state: filters over the live tables, the selection, its history and which
 * actions it allows now. FX thread only (or a test thread with a current-thread executor).
 */
public final class ResourcesViewModel {

    /** Transitional for longer than this counts as stuck (Overview's figure uses the same). */
    public static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private final LiveModel model;
    private final LockstepClient client;
    private final TaskExecutor executor;
    private final ActionRunner runner;
    private final NoticeBoard notices;
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ObjectProperty<String> statusFilter = new SimpleObjectProperty<>(this, "statusFilter");
    private final BooleanProperty stuckOnly = new SimpleBooleanProperty(this, "stuckOnly");
    private final ObjectProperty<String> resourceType = new SimpleObjectProperty<>(this, "resourceType", LiveModel.SHARE);
    private final ObjectProperty<ResourceItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final Map<String, FilteredList<ResourceItem>> filtered = new LinkedHashMap<>();
    private final Map<String, SortedList<ResourceItem>> sorted = new LinkedHashMap<>();
    private final ObservableList<HistoryRow> history = FXCollections.observableArrayList();
    private final Map<String, List<OperationAction>> actions = new LinkedHashMap<>();
    private final Map<OperationAction, ReadOnlyObjectWrapper<Availability>> availability = new LinkedHashMap<>();
    private final ChangeListener<String> selectedStatusListener = (o, a, b) -> refreshAvailability();
    private long historyGeneration;
    private final ShareFacts shareFacts;
    private final ShareAccess shareAccess;
    private final ShareReplicas shareReplicas;
    private final ShareInstances shareInstances;

    public ResourcesViewModel(LiveModel model, LockstepClient client, TaskExecutor executor, ActionRunner runner,
                              NoticeBoard notices) {
        this.model = model;
        this.notices = notices;
        this.client = client;
        this.executor = executor;
        this.runner = runner;
        this.shareFacts = new ShareFacts(client, executor, notices,
                runner.role().allows(io.lockstep.api.auth.Role.OPERATOR));
        this.shareAccess = new ShareAccess(client, executor, notices, model::catalog, runner.role(),
                shareFacts.shareProperty());
        this.shareReplicas = new ShareReplicas(client, executor, notices, model::catalog, runner.role(),
                runner::confirm, shareFacts.shareProperty());
        this.shareInstances = new ShareInstances(client, executor, model::catalog, runner.role(),
                shareFacts.shareProperty());
        for (String type : LiveModel.TYPES) {
            FilteredList<ResourceItem> f = new FilteredList<>(model.items(type));
            filtered.put(type, f);
            sorted.put(type, new SortedList<>(f));
        }
        KindViews.ALL.forEach(k -> actions.put(k.type(), KindViews.actions(k.type())));
        actions.values().forEach(list -> list.forEach(a ->
                availability.put(a, new ReadOnlyObjectWrapper<>(Availability.refused("Select a row first.")))));
        filterText.addListener((o, a, b) -> refilter());
        statusFilter.addListener((o, a, b) -> refilter());
        stuckOnly.addListener((o, a, b) -> refilter());
        resourceType.addListener((o, a, b) -> selected.set(null));
        selected.addListener((o, before, now) -> {
            if (before != null) {
                before.statusProperty().removeListener(selectedStatusListener);
            }
            if (now != null) {
                now.statusProperty().addListener(selectedStatusListener);
            }
            refreshAvailability();
            loadHistory(now);
            shareFacts.show(now == null ? null : now.type(), now == null ? null : now.id());
        });
        model.catalogProperty().addListener((o, a, b) -> refreshAvailability());
        model.addEventListener(this::appendHistory);
        model.addEventListener(shareFacts::onEvents);
        model.addEventListener(shareAccess::onEvents);
        model.addEventListener(shareInstances::onEvents);
        model.addEventListener(shareReplicas::onEvents);
        refilter();
        refreshAvailability();
    }

    private void refilter() {
        String text = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
        String status = statusFilter.get();
        boolean stuck = stuckOnly.get();
        Instant stuckBefore = model.clock().instant().minus(STUCK_AFTER);
        for (var entry : filtered.entrySet()) {
            String type = entry.getKey();
            Predicate<ResourceItem> p = i -> (status == null || status.equals(i.status()))
                    && (text.isEmpty() || i.id().contains(text) || i.name().toLowerCase(Locale.ROOT).contains(text)
                    || i.projectProperty().get().toLowerCase(Locale.ROOT).contains(text))
                    && (!stuck || isStuck(type, i, stuckBefore));
            entry.getValue().setPredicate(p);
        }
    }

    private boolean isStuck(String type, ResourceItem i, Instant before) {
        return model.catalog() != null && model.catalog().isTransitional(type, i.status())
                && i.statusSinceProperty().get() != null && i.statusSinceProperty().get().isBefore(before);
    }

    /** Shows {@code type} rows in {@code state} (null: any), as the diagram and Overview links ask. */
    public void show(String type, String state, boolean stuck) {
        resourceType.set(type);
        filterText.set("");
        stuckOnly.set(stuck);
        statusFilter.set(state);
        refilter();
    }

    private void refreshAvailability() {
        ResourceItem item = selected.get();
        availability.forEach((action, wrapper) -> wrapper.set(item != null && !item.type().equals(action.offeredOn())
                ? Availability.refused("Select a " + action.offeredOn() + ".") : runner.availability(action, item)));
    }

    private void loadHistory(ResourceItem item) {
        long generation = ++historyGeneration;
        history.clear();
        if (item == null) {
            return;
        }
        executor.submit(() -> client.call(client.lockstep().events(0, 5000, item.type(), item.id())).events(),
                events -> {
                    if (generation == historyGeneration) {
                        long newest = history.isEmpty() ? Long.MAX_VALUE : history.get(0).eventId();
                        // Live events may have arrived while loading; keep them, in order, without repeats.
                        List<HistoryRow> loaded = events.stream().filter(e -> e.id() < newest).map(HistoryRow::of).toList();
                        history.addAll(0, loaded);
                    }
                }, failure -> { });
    }

    private void appendHistory(List<Event> events) {
        ResourceItem item = selected.get();
        if (item == null) {
            refreshAvailability();
            return;
        }
        for (Event e : events) {
            if (item.type().equals(e.resourceType()) && item.id().equals(e.resourceId())) {
                history.add(HistoryRow.of(e));
            }
        }
        refreshAvailability();
        if (stuckOnly.get()) {
            refilter();
        }
    }

    public List<OperationAction> actions(String type) {
        return actions.get(type);
    }

    public ReadOnlyObjectProperty<Availability> availabilityProperty(OperationAction action) {
        return availability.get(action).getReadOnlyProperty();
    }

    public void run(OperationAction action) {
        ResourceItem item = selected.get();
        if (item != null) {
            runner.run(action, item);
        }
    }

    public void createShare() {
        runner.createShare();
    }

    /** Whether this session may create shares (a viewer may not; the service enforces it too). */
    public boolean canCreate() {
        return runner.role().allows(io.lockstep.api.auth.Role.OPERATOR);
    }

    /** The states a status filter offers for the current type, from the service's descriptor. */
    public List<String> states(String type) {
        return model.catalog() == null ? List.of() : model.catalog().states(type);
    }

    public SortedList<ResourceItem> rows(String type) {
        return sorted.get(type);
    }

    public String exportCsv(String type) {
        return TableExport.csv(List.copyOf(rows(type)), ResourceColumns.forExport(type));
    }

    public String exportJson(String type) {
        return TableExport.json(List.copyOf(rows(type)), ResourceColumns.forExport(type));
    }

    /** Writes the visible rows of the current type to {@code file} (off the FX thread) and says so. */
    public void exportTo(Path file, boolean json) {
        String type = resourceType.get();
        String content = json ? exportJson(type) : exportCsv(type); // a copy of the rows, taken on this thread
        int count = rows(type).size();
        executor.submit(() -> Files.writeString(file, content, StandardCharsets.UTF_8),
                ok -> notices.post(Notice.Level.SUCCESS, "Exported " + count + " " + type + " rows to " + file + "."),
                e -> notices.post(Notice.Level.ERROR, "Could not write " + file + ": " + e.getMessage()));
    }

    public LiveModel model() {
        return model;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<String> statusFilterProperty() {
        return statusFilter;
    }

    public BooleanProperty stuckOnlyProperty() {
        return stuckOnly;
    }

    public ObjectProperty<String> resourceTypeProperty() {
        return resourceType;
    }

    public ObjectProperty<ResourceItem> selectedProperty() {
        return selected;
    }

    /** The selected share's type, zone, visibility and metadata, and their changes. */
    public ShareInstances shareInstances() {
        return shareInstances;
    }

    public ShareReplicas shareReplicas() {
        return shareReplicas;
    }

    public ShareAccess shareAccess() {
        return shareAccess;
    }

    public ShareFacts shareFacts() {
        return shareFacts;
    }

    public ObservableList<HistoryRow> history() {
        return history;
    }

    private BiFunction<String, String, String> workedOnBy = (type, id) -> "";
    private Function<String, JobView> jobOf = id -> null;
    private final ReadOnlyLongWrapper workRevision = new ReadOnlyLongWrapper(this, "workRevision");
    private final ReadOnlyObjectWrapper<JobView> selectedJob = new ReadOnlyObjectWrapper<>(this, "selectedJob");

    /**
     * Where "worked on by" and the resources' jobs come from (the cluster model), and what moves when
     * they change.
     */
    public void setWorkSource(BiFunction<String, String, String> source, Function<String, JobView> jobs,
                              ObservableValue<?> changes) {
        this.workedOnBy = source;
        this.jobOf = jobs;
        changes.addListener(o -> {
            workRevision.set(workRevision.get() + 1);
            updateSelectedJob();
        });
        selectedProperty().addListener(o -> updateSelectedJob());
    }

    private void updateSelectedJob() {
        ResourceItem item = selectedProperty().get();
        selectedJob.set(item == null ? null : jobOf.apply(item.id()));
    }

    /** What a service is doing to the resource now: {@code delete on share-2}, or empty. */
    public String workedOnBy(ResourceItem item) {
        return workedOnBy.apply(item.type(), item.id());
    }

    /** The live job about this resource (its migration, a backup of it), or null. */
    public JobView jobOf(ResourceItem item) {
        return jobOf.apply(item.id());
    }

    /** The live job about the selected resource, for the detail pane's progress. */
    public ReadOnlyObjectProperty<JobView> selectedJobProperty() {
        return selectedJob.getReadOnlyProperty();
    }

    /** A job's progress in words: {@code migration · data_copying_in_progress · 43% · 1.2 MiB/s · ETA 3 s · data-2}. */
    public static String describe(JobView j) {
        List<String> parts = new ArrayList<>(List.of(j.kind(), j.phase(), Math.round(fraction(j) * 100) + "%"));
        if (j.rateBps() > 0 && j.node() != null) {
            parts.add(String.format("%.1f MiB/s", j.rateBps() / 1048576.0));
        }
        if (j.etaS() != null) {
            parts.add("ETA " + j.etaS() + " s");
        }
        parts.add(j.node() != null ? "on " + j.node() : j.awaitsOperator() ? "waiting for you (see Jobs)"
                : "waiting for a data service");
        return String.join(" · ", parts);
    }

    /** Share of a job's bytes done, 0 to 1. */
    public static double fraction(JobView j) {
        return j.bytesTotal() <= 0 ? 0 : Math.min(1, j.bytesDone() / (double) j.bytesTotal());
    }

    public ReadOnlyLongProperty workRevisionProperty() {
        return workRevision.getReadOnlyProperty();
    }

    private java.util.function.LongConsumer replayFrom = id -> { };

    /** What a row's status shows while a replay runs and the row had no status yet at its position. */
    public static final String NOT_YET = "—";
    private io.lockstep.views.replay.ReplayViewModel replay;

    /** The tables show {@code r}'s statuses while it replays. */
    public void showReplay(io.lockstep.views.replay.ReplayViewModel r) {
        this.replay = r;
    }

    public java.util.Optional<io.lockstep.views.replay.ReplayViewModel> replay() {
        return java.util.Optional.ofNullable(replay);
    }

    /**
     * The status a row shows: its live status, or while a replay runs its status at the replay's
     * position ({@link #NOT_YET} when it had none then).
     */
    public javafx.beans.value.ObservableValue<String> shownStatus(ResourceItem i) {
        var r = replay;
        if (r == null) {
            return i.statusProperty();
        }
        return javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (!r.replayingProperty().get()) {
                return i.statusProperty().get();
            }
            String then = r.statusOf(i.type(), i.id());
            return then == null ? NOT_YET : then;
        }, i.statusProperty(), r.replayingProperty(), r.revisionProperty());
    }

    /** Where "Replay from here" on a history row goes: the diagrams, replaying from that event. */
    public void onReplayFrom(java.util.function.LongConsumer target) {
        this.replayFrom = target;
    }

    public void replayFrom(HistoryRow row) {
        if (row != null) {
            replayFrom.accept(row.eventId());
        }
    }
}
