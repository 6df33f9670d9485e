package io.lockstep.views.live;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.statemachine.StateKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Everything the console knows about the service's resources, kept current by the event stream.
 * Mutated only through {@link #apply(List)}, once per pulse on the FX thread, after which
 * {@link #revisionProperty()} moves by one so diagrams and counters redraw once. Confined to the FX
 * thread (or a test's thread).
 */
public final class LiveModel {

    public static final String SHARE = "share";
    public static final String SNAPSHOT = "snapshot";
    public static final String BACKUP = "backup";
    /** The resource types the console lists, in the order of their tabs (see {@link ResourceKinds}). */
    public static final List<String> TYPES = ResourceKinds.TYPES;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);
    private static final Duration REJECTION_WINDOW = Duration.ofMinutes(10);
    private static final int RECENT_ERRORS = 50;

    private final Clock clock;
    /** One list per kind, in tab order; a row's status, name and size changes are list changes. */
    private final Map<String, ObservableList<ResourceItem>> lists = new java.util.LinkedHashMap<>();
    private final Map<String, ResourceItem> byKey = new HashMap<>();
    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final ObservableList<Event> recentErrors = FXCollections.observableArrayList();
    private final Deque<Event> rejections = new ArrayDeque<>();
    private final Deque<Instant> arrivals = new ArrayDeque<>();
    private final List<Consumer<List<Event>>> eventListeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyLongWrapper lastEventId = new ReadOnlyLongWrapper(this, "lastEventId");
    private final ReadOnlyObjectWrapper<Instant> lastEventAt = new ReadOnlyObjectWrapper<>(this, "lastEventAt");
    private final ReadOnlyDoubleWrapper eventsPerSecond = new ReadOnlyDoubleWrapper(this, "eventsPerSecond");
    private final ReadOnlyObjectWrapper<ConnectionState> connection =
            new ReadOnlyObjectWrapper<>(this, "connection", ConnectionState.CONNECTING);
    private final ReadOnlyObjectWrapper<Catalog> catalog = new ReadOnlyObjectWrapper<>(this, "catalog");
    private BiConsumer<String, String> detailsWanted = (type, id) -> { };

    public LiveModel(Clock clock) {
        this.clock = clock;
        for (String type : TYPES) {
            lists.put(type, FXCollections.observableArrayList(
                    i -> new Observable[] {i.statusProperty(), i.nameProperty(), i.sizeProperty()}));
        }
    }

    /** Who fetches a new row's details (name, size); the answer comes back as an {@link Update}. */
    public void onDetailsWanted(BiConsumer<String, String> fetcher) {
        this.detailsWanted = fetcher;
    }

    /** Told every applied batch of events, after the model has applied it. */
    public void addEventListener(Consumer<List<Event>> listener) {
        eventListeners.add(listener);
    }

    public void removeEventListener(Consumer<List<Event>> listener) {
        eventListeners.remove(listener);
    }

    /** Applies one pulse's worth of updates, in order. */
    public void apply(List<Update> batch) {
        List<Event> events = new ArrayList<>();
        for (Update u : batch) {
            if (u instanceof Update.Loaded l) {
                load(l);
            } else if (u instanceof Update.EventArrived e) {
                if (e.event().id() > lastEventId.get()) {
                    applyEvent(e.event());
                    events.add(e.event());
                }
            } else if (u instanceof Update.Details d) {
                find(d.type(), d.row().id()).ifPresent(i -> fill(i, d.row().fields()));
            } else if (u instanceof Update.ConnectionChanged c) {
                connection.set(c.state());
            }
        }
        if (!events.isEmpty()) {
            Instant now = clock.instant();
            for (int i = 0; i < events.size(); i++) {
                arrivals.addLast(now);
            }
            lastEventAt.set(now);
            tick();
        }
        revision.set(revision.get() + 1);
        if (!events.isEmpty()) {
            List<Event> applied = List.copyOf(events);
            eventListeners.forEach(l -> l.accept(applied));
        }
    }

    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(this, "now");

    /** The console's clock, moved once a second by {@link #tick()}: what waits (an action's outcome) ages on it. */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** Ages the events-per-second figure; called about once a second. */
    public void tick() {
        now.set(clock.instant());
        Instant cutoff = clock.instant().minus(RATE_WINDOW);
        while (!arrivals.isEmpty() && arrivals.peekFirst().isBefore(cutoff)) {
            arrivals.removeFirst();
        }
        eventsPerSecond.set(arrivals.size() / (double) RATE_WINDOW.toSeconds());
        Instant oldRejection = clock.instant().minus(REJECTION_WINDOW);
        while (!rejections.isEmpty() && at(rejections.peekFirst()).isBefore(oldRejection)) {
            rejections.removeFirst();
        }
    }

    private void load(Update.Loaded l) {
        catalog.set(l.catalog());
        byKey.clear();
        counts.clear();
        lists.forEach((type, list) -> {
            List<ResourceItem> items = new ArrayList<>();
            for (Row row : l.rows().getOrDefault(type, List.of())) {
                ResourceItem item = new ResourceItem(type, row.id(), row.status(), Times.parse(row.updatedAt()));
                fill(item, row.fields());
                items.add(item);
                index(item);
            }
            list.setAll(items);
        });
        lastEventId.set(l.lastEventId());
    }

    private void index(ResourceItem item) {
        byKey.put(key(item.type(), item.id()), item);
        bump(item.type(), item.status(), 1);
    }

    private void applyEvent(Event e) {
        lastEventId.set(e.id());
        if (e.kind() == EventKind.REJECTED) {
            rejections.addLast(e);
            return;
        }
        if (e.kind() == EventKind.CHANGE) {
            ResourceItem changed = byKey.get(key(e.resourceType(), e.resourceId()));
            if (changed != null && e.row() != null) {
                fill(changed, e.row()); // a rename: the row's name, with no request
            }
            return;
        }
        if (e.kind() != EventKind.TRANSITION || e.to() == null) {
            return;
        }
        if (!TYPES.contains(e.resourceType())) {
            return; // jobs and others have pages of their own
        }
        Catalog c = catalog.get();
        if (c != null && c.kind(e.resourceType(), e.to()) == StateKind.ERROR) {
            recentErrors.add(0, e);
            if (recentErrors.size() > RECENT_ERRORS) {
                recentErrors.remove(RECENT_ERRORS, recentErrors.size());
            }
        }
        ResourceItem item = byKey.get(key(e.resourceType(), e.resourceId()));
        boolean gone = c != null && c.kind(e.resourceType(), e.to()) == StateKind.TERMINAL;
        if (item == null) {
            if (gone) {
                return;
            }
            item = new ResourceItem(e.resourceType(), e.resourceId(), e.to(), at(e));
            item.projectProperty().set(e.projectId() == null ? "" : e.projectId());
            index(item);
            listFor(e.resourceType()).add(item);
            if (e.row() != null) {
                fill(item, e.row());
            } else {
                detailsWanted.accept(e.resourceType(), e.resourceId()); // a service whose events carry no row
            }
            return;
        }
        bump(item.type(), item.status(), -1);
        if (gone) {
            byKey.remove(key(item.type(), item.id()));
            listFor(item.type()).remove(item);
            return;
        }
        item.statusProperty().set(e.to());
        item.statusSinceProperty().set(at(e));
        bump(item.type(), e.to(), 1);
        if (e.row() != null) {
            fill(item, e.row()); // a new size, say, comes with the transition: no second request
        }
    }

    /** Fills a row from the compact row an event carries (the columns its machine declares). */
    private static void fill(ResourceItem i, Map<String, Object> row) {
        if (row.get("name") instanceof String name) {
            i.nameProperty().set(name);
        } else if (row.containsKey("name")) {
            i.nameProperty().set("");
        }
        if (row.get("size") instanceof Number size) {
            i.sizeProperty().set(size.intValue());
        }
        if (row.get("share_proto") instanceof String proto) {
            i.protocolProperty().set(proto);
        }
        if (row.get("project_id") instanceof String project) {
            i.projectProperty().set(project);
        }
        if (row.get("parent_id") instanceof String parent) {
            i.parentIdProperty().set(parent);
        }
        if (row.get("created_at") instanceof String created) {
            i.createdAtProperty().set(Times.parse(created));
        }
    }

    private static Instant at(Event e) {
        Instant t = Times.parse(e.at());
        return t != null ? t : Instant.EPOCH;
    }

    private ObservableList<ResourceItem> listFor(String type) {
        ObservableList<ResourceItem> list = lists.get(type);
        if (list == null) {
            throw new IllegalArgumentException("the console keeps no " + type + "; kinds: " + TYPES);
        }
        return list;
    }

    private void bump(String type, String status, int delta) {
        counts.computeIfAbsent(type, t -> new TreeMap<>()).merge(status, delta, Integer::sum);
    }

    private static String key(String type, String id) {
        return type + "/" + id;
    }

    public Optional<ResourceItem> find(String type, String id) {
        return Optional.ofNullable(byKey.get(key(type, id)));
    }

    public ObservableList<ResourceItem> shares() {
        return listFor(SHARE);
    }

    public ObservableList<ResourceItem> snapshots() {
        return listFor(SNAPSHOT);
    }

    public ObservableList<ResourceItem> backups() {
        return listFor(BACKUP);
    }

    public ObservableList<ResourceItem> items(String type) {
        return listFor(type);
    }

    /** How many resources of {@code type} are in {@code state} now. */
    public int count(String type, String state) {
        return counts.getOrDefault(type, Map.of()).getOrDefault(state, 0);
    }

    /** Refused attempts (409s) since {@code since}, newest last. */
    public List<Event> rejectionsSince(Instant since) {
        return rejections.stream().filter(e -> !at(e).isBefore(since)).toList();
    }

    /** Transitions into an error state, newest first. */
    public ObservableList<Event> recentErrors() {
        return FXCollections.unmodifiableObservableList(recentErrors);
    }

    public Clock clock() {
        return clock;
    }

    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty lastEventIdProperty() {
        return lastEventId.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> lastEventAtProperty() {
        return lastEventAt.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty eventsPerSecondProperty() {
        return eventsPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Catalog> catalogProperty() {
        return catalog.getReadOnlyProperty();
    }

    public Catalog catalog() {
        return catalog.get();
    }
}
