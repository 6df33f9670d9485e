package io.lockstep.views.cluster;

import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.LockFamilyStats;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.service.ServiceView;
import io.lockstep.api.work.WorkView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The cluster as the console last heard it: locks, elections, services, lab nodes and work in
 * progress, plus a timeline of cluster events. Lists are updated in place by key, so a selected row
 * stays selected while the figures change. When the console's own connection is down the model is
 * <em>unknown</em>: it empties, so no view can show a leader that may have changed meanwhile.
 * Confined to the FX thread (or a test's thread).
 */
public final class ClusterModel {

    private static final Set<EventKind> CLUSTER_EVENTS = EnumSet.of(EventKind.LEADER, EventKind.SERVICE,
            EventKind.LOCK, EventKind.WORK, EventKind.NODE);
    private static final int TIMELINE = 300;

    private final Clock clock;
    private final ReadOnlyBooleanWrapper known = new ReadOnlyBooleanWrapper(this, "known");
    private final ReadOnlyStringWrapper unknownReason = new ReadOnlyStringWrapper(this, "unknownReason",
            "waiting for the first answer");
    private final ReadOnlyStringWrapper coordinator = new ReadOnlyStringWrapper(this, "coordinator", "");
    private final ReadOnlyLongWrapper serviceDownTimeSeconds = new ReadOnlyLongWrapper(this, "serviceDownTime", 30);
    private final ReadOnlyBooleanWrapper lab = new ReadOnlyBooleanWrapper(this, "lab");
    private final ReadOnlyObjectWrapper<Instant> now;
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ObservableList<LockHolding> locks = FXCollections.observableArrayList();
    private final ObservableList<LockFamilyStats> stats = FXCollections.observableArrayList();
    private final ObservableList<ElectionView> elections = FXCollections.observableArrayList();
    private final ObservableList<ServiceView> services = FXCollections.observableArrayList();
    private final ObservableList<LabNode> nodes = FXCollections.observableArrayList();
    private final ObservableList<Event> timeline = FXCollections.observableArrayList();
    private final ObservableList<io.lockstep.api.job.JobView> jobs = FXCollections.observableArrayList();
    private Map<String, WorkView> workByResource = Map.of();
    /**
     * Active jobs by the resource they work on, read per table cell: a migration is about its share,
     * a backup or restore names the share as its target.
     */
    private Map<String, io.lockstep.api.job.JobView> activeJobs = Map.of();

    public ClusterModel(Clock clock) {
        this.clock = clock;
        this.now = new ReadOnlyObjectWrapper<>(this, "now", clock.instant());
    }

    /** A fresh answer from the service. */
    public void apply(ClusterState s) {
        coordinator.set(s.locks().coordinator() + " · answered by " + s.locks().node());
        serviceDownTimeSeconds.set(s.services().serviceDownTimeSeconds());
        updateByKey(locks, s.locks().held(), LockHolding::name);
        updateByKey(stats, s.locks().stats(), LockFamilyStats::family);
        updateByKey(elections, s.leaders().elections(), ElectionView::name);
        updateByKey(services, s.services().services(), v -> v.binary() + "@" + v.host());
        lab.set(s.nodes() != null);
        updateByKey(nodes, s.nodes() == null ? List.of() : s.nodes().nodes(), LabNode::id);
        if (s.jobs() != null) {
            // the list as of connecting; from then on each job's row comes with its events
            updateByKey(jobs, s.jobs().jobs(), io.lockstep.api.job.JobView::id);
            indexActiveJobs();
        }
        Map<String, WorkView> work = new HashMap<>();
        s.work().items().forEach(w -> work.put(w.resourceType() + "/" + w.resourceId(), w));
        workByResource = work;
        known.set(true);
        unknownReason.set("");
        revision.set(revision.get() + 1);
    }

    /** The job machine's states a job is live in (from the served machine), for "what runs on this". */
    public void jobMachine(io.lockstep.api.statemachine.StateMachineDescriptor machine) {
        jobStateKinds = machine == null ? Map.of() : machine.states().stream().collect(java.util.stream.Collectors
                .toMap(io.lockstep.api.statemachine.StateDescriptor::name,
                        io.lockstep.api.statemachine.StateDescriptor::kind));
        liveJobStates = jobStates(io.lockstep.api.statemachine.StateKind.TRANSITIONAL);
        indexActiveJobs();
    }

    /** The job's status is of {@code kind} in the served job machine (unknown statuses are of none). */
    public boolean jobIs(io.lockstep.api.job.JobView j, io.lockstep.api.statemachine.StateKind kind) {
        return j != null && jobStateKinds.get(j.status()) == kind;
    }

    private Set<String> jobStates(io.lockstep.api.statemachine.StateKind kind) {
        return jobStateKinds.entrySet().stream().filter(e -> e.getValue() == kind).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
    }

    private Map<String, io.lockstep.api.statemachine.StateKind> jobStateKinds = Map.of();

    private void indexActiveJobs() {
        Map<String, io.lockstep.api.job.JobView> active = new HashMap<>();
        for (var j : jobs) {
            if (liveJobStates.contains(j.status())) {
                active.putIfAbsent(j.resourceId(), j);
                if (j.target() != null) {
                    active.putIfAbsent(j.target(), j);
                }
            }
        }
        activeJobs = active;
    }

    /** Jobs of each status, for the job machine's diagram. */
    public int jobCount(String status) {
        return (int) jobs.stream().filter(j -> j.status().equals(status)).count();
    }

    /**
     * A job's row as its event carries it (status, phase, bytes, owner): the Jobs page and the
     * resources' progress follow the stream, never a poll.
     */
    private boolean applyJobRow(Event e) {
        if (!"job".equals(e.resourceType()) || e.row() == null) {
            return false;
        }
        io.lockstep.api.job.JobView fresh;
        try {
            fresh = ROWS.convertValue(e.row(), io.lockstep.api.job.JobView.class);
        } catch (IllegalArgumentException unreadable) {
            return false; // a row of a newer service's shape: the next list shows it
        }
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).id().equals(fresh.id())) {
                jobs.set(i, fresh);
                return true;
            }
        }
        jobs.add(0, fresh);
        return true;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper ROWS = new com.fasterxml.jackson.databind
            .ObjectMapper().disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private Set<String> liveJobStates = Set.of();

    /** The connection is down or the answer failed: nothing shown may be trusted. */
    public void unknown(String reason) {
        unknownReason.set(reason);
        if (!known.get() && locks.isEmpty() && elections.isEmpty()) {
            return;
        }
        known.set(false);
        locks.clear();
        stats.clear();
        elections.clear();
        services.clear();
        nodes.clear();
        jobs.clear();
        activeJobs = Map.of();
        workByResource = Map.of();
        revision.set(revision.get() + 1);
    }

    /** Cluster events from the live stream (or the history), newest first. */
    public void addEvents(List<Event> events) {
        boolean jobsChanged = false;
        for (Event e : events) {
            jobsChanged |= applyJobRow(e);
        }
        if (jobsChanged) {
            indexActiveJobs();
            revision.set(revision.get() + 1);
        }
        List<Event> fresh = new ArrayList<>();
        long newest = timeline.isEmpty() ? 0 : timeline.get(0).id();
        for (Event e : events) {
            if (CLUSTER_EVENTS.contains(e.kind()) && e.id() > newest) {
                fresh.add(e);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Collections.reverse(fresh);
        timeline.addAll(0, fresh);
        if (timeline.size() > TIMELINE) {
            timeline.remove(TIMELINE, timeline.size());
        }
    }

    /** Once a second: hold times and heartbeat ages tick from here. */
    public void tick() {
        now.set(clock.instant());
    }

    /** What a service is doing to a resource now, if anything. */
    public WorkView workOn(String resourceType, String resourceId) {
        return workByResource.get(resourceType + "/" + resourceId);
    }

    /** Pending work items per node ({@code null} key: not claimed yet), in node order. */
    public Map<String, List<WorkView>> workByNode() {
        Map<String, List<WorkView>> out = new LinkedHashMap<>();
        workByResource.values().stream()
                .sorted(java.util.Comparator.comparing((WorkView w) -> w.node() == null ? "~" : w.node()))
                .forEach(w -> out.computeIfAbsent(w.node(), n -> new ArrayList<>()).add(w));
        return out;
    }

    /** Each node with its roles, state, leaderships, locks held and work in progress, in node order. */
    public List<NodeActivity> activity() {
        Map<String, List<String>> roles = new java.util.TreeMap<>();
        Map<String, String> states = new HashMap<>();
        if (!nodes.isEmpty()) {
            for (LabNode n : nodes) {
                roles.put(n.id(), n.roles() == null ? List.of() : n.roles());
                states.put(n.id(), n.state());
            }
        } else {
            for (ServiceView s : services) {
                roles.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s.binary().replace("lockstep-", ""));
                states.merge(s.node(), s.state(), (a, b) -> a.equals("up") || b.equals("up") ? "up" : "down");
            }
        }
        Map<String, List<WorkView>> work = workByNode();
        List<NodeActivity> out = new ArrayList<>();
        for (var e : roles.entrySet()) {
            String node = e.getKey();
            List<String> leads = elections.stream().filter(el -> el.leader() != null && node.equals(el.leader().node()))
                    .map(el -> el.name() + " (term " + el.term() + ")").toList();
            int held = (int) locks.stream().filter(l -> l.holder() != null && node.equals(l.holder().node())).count();
            out.add(new NodeActivity(node, e.getValue(), states.get(node), leads, held,
                    work.getOrDefault(node, List.of())));
        }
        return out;
    }

    /** One line for the diagrams: who works on what now, and what waits for a share node. */
    public String workSummary() {
        if (!known.get()) {
            return "Who is working on what: unknown while the connection is down.";
        }
        List<String> parts = new ArrayList<>();
        for (NodeActivity a : activity()) {
            if (!a.work().isEmpty()) {
                parts.add(a.node() + ": " + a.workText());
            }
        }
        List<WorkView> queued = workByNode().getOrDefault(null, List.of());
        if (!queued.isEmpty()) {
            parts.add("waiting for a share node: " + queued.size());
        }
        return parts.isEmpty() ? "No work in progress." : "Working now: " + String.join(" · ", parts);
    }

    /** The live job about this resource (a migration or restore of it, a backup of it), or null. */
    public io.lockstep.api.job.JobView activeJob(String resourceId) {
        return activeJobs.get(resourceId);
    }

    /** {@code delete on share-2}, {@code create, waiting for a share node}, or empty when nothing runs. */
    public String workText(String resourceType, String resourceId) {
        WorkView w = workOn(resourceType, resourceId);
        if (w == null) {
            io.lockstep.api.job.JobView j = activeJobs.get(resourceId);
            return j == null ? "" : j.kind() + " " + (j.bytesTotal() == 0 ? 0 : j.bytesDone() * 100 / j.bytesTotal())
                    + "%" + (j.node() == null ? (j.bytesDone() >= j.bytesTotal() ? ", copied" : ", waiting")
                    : " on " + j.node());
        }
        return w.node() == null ? w.operation() + ", waiting for a share node"
                : w.operation() + " on " + w.node() + (w.attempts() > 1 ? " (attempt " + w.attempts() + ")" : "");
    }

    /**
     * Replaces the list's content with {@code fresh}, keyed: unchanged rows are left alone (so the
     * selection stays), changed rows are replaced in place, others added or removed.
     */
    static <T> void updateByKey(ObservableList<T> list, List<T> fresh, Function<T, String> key) {
        Map<String, T> wanted = new LinkedHashMap<>();
        fresh.forEach(t -> wanted.put(key.apply(t), t));
        list.removeIf(t -> !wanted.containsKey(key.apply(t)));
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            at.put(key.apply(list.get(i)), i);
        }
        for (T t : wanted.values()) {
            Integer i = at.get(key.apply(t));
            if (i == null) {
                list.add(t);
            } else if (!Objects.equals(list.get(i), t)) {
                list.set(i, t);
            }
        }
    }

    public ReadOnlyBooleanProperty knownProperty() {
        return known.getReadOnlyProperty();
    }

    public boolean isKnown() {
        return known.get();
    }

    public ReadOnlyStringProperty unknownReasonProperty() {
        return unknownReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty coordinatorProperty() {
        return coordinator.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty serviceDownTimeSecondsProperty() {
        return serviceDownTimeSeconds.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty labProperty() {
        return lab.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** Moves by one with every answer or loss of one: redraw what is derived from several lists. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public ObservableList<LockHolding> locks() {
        return locks;
    }

    public ObservableList<LockFamilyStats> stats() {
        return stats;
    }

    public ObservableList<ElectionView> elections() {
        return elections;
    }

    public ObservableList<ServiceView> services() {
        return services;
    }

    public ObservableList<LabNode> nodes() {
        return nodes;
    }

    /** Jobs, newest first (the service's order); empty while unknown. */
    public ObservableList<io.lockstep.api.job.JobView> jobs() {
        return jobs;
    }

    public ObservableList<Event> timeline() {
        return timeline;
    }

    public Instant now() {
        return now.get();
    }
}
