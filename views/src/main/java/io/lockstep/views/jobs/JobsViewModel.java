package io.lockstep.views.jobs;

import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.event.Event;
import io.lockstep.api.job.JobDetail;
import io.lockstep.api.job.JobView;
import io.lockstep.client.Actions;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.cluster.ClusterActions;
import io.lockstep.views.cluster.ClusterModel;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Jobs page: every job with its progress, phase, rate, ETA, owner and attempt, filtered by kind,
 * status and owner; the selected job's progress over time, its hand-offs and its events; complete and
 * cancel for migrations where the job's phase allows them. Figures come with the cluster's once-a-second
 * answer; the detail is read again after each. FX thread only.
 */
public final class JobsViewModel {

    public static final List<String> KINDS = List.of("all kinds", "migration", "backup", "restore", "data_copy");
    /** The filter's "no filter" entry; the statuses come from the served job machine. */
    public static final String ALL_STATUSES = "all statuses";

    private final ClusterModel model;
    private final ClusterActions actions;
    private final TaskExecutor executor;
    private final FilteredList<JobView> rows;
    private final StringProperty kind = new SimpleStringProperty(this, "kind", KINDS.get(0));
    private final StringProperty status = new SimpleStringProperty(this, "status", ALL_STATUSES);
    private final ObservableList<String> statuses = FXCollections.observableArrayList(ALL_STATUSES);
    private final StringProperty owner = new SimpleStringProperty(this, "owner", "");
    private final ObjectProperty<JobView> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<JobDetail> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    private final ObservableList<Event> events = FXCollections.observableArrayList();
    private final FilteredList<Event> phases = new FilteredList<>(events, JobsViewModel::isPhaseChange);
    private boolean fetching;

    public JobsViewModel(ClusterModel model, ClusterActions actions, TaskExecutor executor) {
        this.model = model;
        this.actions = actions;
        this.executor = executor;
        this.rows = new FilteredList<>(model.jobs(), j -> true);
        kind.addListener(o -> refilter());
        status.addListener(o -> refilter());
        owner.addListener(o -> refilter());
        selected.addListener((o, was, is) -> {
            if (was != null && is != null && was.id().equals(is.id())) {
                return; // the same job with fresher figures (the table's LiveSelection follows its row)
            }
            detail.set(null);
            events.clear();
            refreshDetail();
        });
    }

    /** Progress is in the detail's chart; the events list shows the job's steps. */
    static boolean isStep(Event e) {
        return !(e.kind() == io.lockstep.api.event.EventKind.JOB && "progress".equals(e.operation()));
    }

    /** A job's step from one phase (a migration's task_state) to the next. */
    public static boolean isPhaseChange(Event e) {
        return e.kind() == io.lockstep.api.event.EventKind.JOB && "phase".equals(e.operation());
    }

    /** The selected job's phase timeline: its phase changes, oldest first. */
    public ObservableList<Event> phases() {
        return phases;
    }

    private void refilter() {
        String k = kind.get();
        String s = status.get();
        String o = owner.get() == null ? "" : owner.get().strip().toLowerCase(Locale.ROOT);
        rows.setPredicate(j -> (k == null || k.equals(KINDS.get(0)) || k.equals(j.kind()))
                && (s == null || s.equals(ALL_STATUSES) || s.equals(j.status()))
                && (o.isEmpty() || j.node() != null && j.node().toLowerCase(Locale.ROOT).contains(o)));
    }

    /** The status filter's choices: the job machine's states, as served. */
    public ObservableList<String> statuses() {
        return statuses;
    }

    /** Takes the statuses from the served job machine. */
    public void jobMachine(io.lockstep.api.statemachine.StateMachineDescriptor machine) {
        List<String> all = new java.util.ArrayList<>(List.of(ALL_STATUSES));
        if (machine != null) {
            machine.states().forEach(st -> all.add(st.name()));
        }
        statuses.setAll(all);
    }

    /** Reads the selected job's detail again when an event about it arrives (its row is already applied). */
    public void onEvents(List<Event> batch) {
        JobView j = selected.get();
        if (j != null && batch.stream().anyMatch(e -> "job".equals(e.resourceType()) && j.id().equals(e.resourceId()))) {
            JobView fresh = model.jobs().stream().filter(r -> r.id().equals(j.id())).findFirst().orElse(null);
            if (fresh != null && fresh != j) {
                selected.set(fresh);
            }
            refreshDetail();
        }
    }

    /** Reads the selected job's detail and events again. */
    public void refreshDetail() {
        JobView j = selected.get();
        if (j == null || fetching) {
            return;
        }
        fetching = true;
        LockstepClient client = actions.client();
        // Only the events after the last one shown: the detail is read every second.
        long after = events.isEmpty() ? 0 : events.get(events.size() - 1).id();
        executor.submit(() -> new Fetched(client.call(client.lockstep().job(j.id())),
                client.call(client.lockstep().events(after, 500, "job", j.id())).events()), f -> {
            fetching = false;
            JobView now = selected.get();
            if (now != null && now.id().equals(f.detail().job().id())) {
                detail.set(f.detail());
                long last = events.isEmpty() ? 0 : events.get(events.size() - 1).id();
                events.addAll(f.events().stream().filter(e -> e.id() > last).filter(JobsViewModel::isStep).toList());
            }
        }, e -> fetching = false);
    }

    private record Fetched(JobDetail detail, List<Event> events) {
    }

    /** Share of the bytes done, 0 to 1. */
    public static double fraction(JobView j) {
        return io.lockstep.views.resources.ResourcesViewModel.fraction(j);
    }

    /** The copy's rate while someone copies; blank once it waits or ended. */
    public static String rate(JobView j) {
        return j.rateBps() <= 0 || j.node() == null ? "" : String.format("%.1f MiB/s", j.rateBps() / 1048576.0);
    }

    public static String eta(JobView j) {
        return j.etaS() == null ? "" : Times.humanDuration(Duration.ofSeconds(j.etaS()));
    }

    /** How long ago the job was created, by the console's clock. */
    public String age(JobView j) {
        Instant at = Times.parse(j.createdAt());
        return at == null ? "" : Times.humanDuration(Duration.between(at, model.now()));
    }

    public Availability completeAvailability(JobView j) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (j == null || !j.kind().equals("migration")) {
            return Availability.refused("Select a migration.");
        }
        if (!j.awaitsOperator()) {
            return Availability.refused("Complete is allowed only once the copy is verified (data_copying_completed "
                    + "or migration_driver_phase1_done); this migration is " + j.status() + ", " + j.phase() + ".");
        }
        return Availability.allowed("Switches the share to its verified copy on " + j.target() + ".");
    }

    public Availability cancelAvailability(JobView j) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (j == null || !j.kind().equals("migration")) {
            return Availability.refused("Select a migration.");
        }
        if (!model.jobIs(j, StateKind.TRANSITIONAL)) {
            return Availability.refused("Only a migration that has not ended can be cancelled; this one is "
                    + j.status() + ".");
        }
        return Availability.allowed("The copy is dropped; the share stays where it is and is available again.");
    }

    public void complete(JobView j) {
        Availability a = completeAvailability(j);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        actions.run(Confirmation.plain("Complete the migration of share " + shortId(j.resourceId()),
                        a.reason() + " The share is available on the new pool afterwards.", "Complete"),
                () -> client.call(client.manila().shareAction(j.resourceId(), Actions.migrationComplete())),
                "Migration of share " + shortId(j.resourceId()) + " completed.", actions.ends("job", j.id(), null));
    }

    public void cancel(JobView j) {
        Availability a = cancelAvailability(j);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        actions.run(Confirmation.plain("Cancel the migration of share " + shortId(j.resourceId()), a.reason(),
                        "Cancel migration"),
                () -> client.call(client.manila().shareAction(j.resourceId(), Actions.migrationCancel())),
                "Migration of share " + shortId(j.resourceId()) + " cancelled.", actions.ends("job", j.id(), null));
    }

    public Availability restoreAvailability(JobView j) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (j == null || !j.kind().equals("backup") || !model.jobIs(j, StateKind.STABLE)) {
            return Availability.refused("Select a finished backup.");
        }
        return Availability.allowed("Overwrites share " + shortId(j.target()) + " with this backup; the share must be "
                + "available.");
    }

    public void restore(JobView j) {
        Availability a = restoreAvailability(j);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        actions.run(Confirmation.plain("Restore backup " + shortId(j.resourceId()), a.reason() + " A data service "
                        + "copies it back; the share is 'backup_restoring' meanwhile.", "Restore"),
                () -> client.call(client.manila().backupAction(j.resourceId(), Actions.restore())),
                "Backup " + shortId(j.resourceId()) + " restored.", actions.ends("backup", j.resourceId(), "restore"));
    }

    public Availability deleteBackupAvailability(JobView j) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (j == null || !j.kind().equals("backup") || model.jobIs(j, StateKind.TRANSITIONAL)) {
            return Availability.refused("Select a finished backup.");
        }
        return Availability.allowed("Deletes the backup and its data.");
    }

    public void deleteBackup(JobView j) {
        Availability a = deleteBackupAvailability(j);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        actions.run(new Confirmation("Delete backup " + shortId(j.resourceId()), "The backup's data is deleted; it "
                        + "cannot be restored afterwards.", "Delete backup", io.lockstep.views.action.Friction.TYPE_NAME,
                        shortId(j.resourceId())),
                () -> client.call(client.manila().deleteBackup(j.resourceId())),
                "Backup " + shortId(j.resourceId()) + " deleted.", actions.ends("backup", j.resourceId(), "delete"));
    }

    public Availability retryAvailability(JobView j) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (j == null || !j.kind().equals("migration") || !model.jobIs(j, StateKind.ERROR)) {
            return Availability.refused("Only a failed migration can be retried.");
        }
        return Availability.allowed("Starts the migration again as a new job (the share must be available).");
    }

    public void retry(JobView j) {
        Availability a = retryAvailability(j);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        actions.run(Confirmation.plain("Retry the migration of share " + shortId(j.resourceId()), a.reason()
                        + (j.error() == null ? "" : " It failed with: " + j.error()), "Retry"),
                () -> client.call(client.lockstep().retryJob(j.id())),
                "Migration of share " + shortId(j.resourceId()) + " started again.",
                ClusterActions.newJobFor(j.resourceId()));
    }

    static String shortId(String id) {
        return id == null || id.length() < 8 ? String.valueOf(id) : id.substring(0, 8);
    }

    public ClusterModel model() {
        return model;
    }

    public FilteredList<JobView> rows() {
        return rows;
    }

    public StringProperty kindProperty() {
        return kind;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty ownerProperty() {
        return owner;
    }

    public ObjectProperty<JobView> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<JobDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ObservableList<Event> events() {
        return events;
    }
}
