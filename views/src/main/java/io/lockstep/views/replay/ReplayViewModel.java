package io.lockstep.views.replay;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventPage;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Replay of the event log: the history is read once from {@code /lockstep/v1/events/history} (it never
 * writes), then a position moves through it, by hand (scrub, step) or played at a speed. The diagrams
 * and tables read what the system looked like at the position from here while {@link #replayingProperty()}
 * is true; the live view comes back with {@link #live()}. Played time follows the events' own timestamps
 * times the speed, with long quiet gaps shortened to {@link #MAX_GAP_MS}. FX thread only.
 */
public final class ReplayViewModel {

    public static final List<Double> SPEEDS = List.of(0.25, 0.5, 1.0, 2.0, 4.0, 10.0);
    /** A quiet stretch longer than this (in played time) is shortened to it. */
    static final long MAX_GAP_MS = 1500;
    /** What one replay reads at most: a lab's day; a longer history is replayed from its recent end. */
    static final int MAX_EVENTS = 100_000;
    private static final int PAGE = 1000;

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final boolean allProjects;
    private final ObjectProperty<History> history = new SimpleObjectProperty<>(this, "history", new History(List.of()));
    private final IntegerProperty position = new SimpleIntegerProperty(this, "position");
    private final BooleanProperty replaying = new SimpleBooleanProperty(this, "replaying");
    private final BooleanProperty playing = new SimpleBooleanProperty(this, "playing");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 1.0);
    private final StringProperty where = new SimpleStringProperty(this, "where", "");
    /** Moves once the state at the position is rebuilt (listen here, not to the position: its other listeners may run first). */
    private final javafx.beans.property.LongProperty revision = new javafx.beans.property.SimpleLongProperty(this, "revision");
    private final List<Consumer<List<Event>>> replayed = new CopyOnWriteArrayList<>();
    private Map<String, Map<String, Integer>> counts = Map.of();
    /** Each resource's status at the position, made on the first question after a move (tables ask per row). */
    private Map<String, History.Status> statusesHere;
    /** Played time since the event at the position before, in milliseconds. */
    private double playedMs;

    public ReplayViewModel(LockstepClient client, TaskExecutor executor, NoticeBoard notices, boolean allProjects) {
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.allProjects = allProjects;
        position.addListener((o, a, b) -> moved());
        history.addListener((o, a, b) -> moved());
    }

    /**
     * Reads the history (off the FX thread) and enters replay at the start, or just after the event
     * {@code fromEventId} when given ("replay from here").
     */
    public void load(Long fromEventId) {
        loading.set(true);
        playing.set(false);
        executor.submit(this::read, events -> {
            loading.set(false);
            History h = new History(events);
            history.set(h);
            int start = fromEventId == null ? 0 : h.positionOf(fromEventId).orElse(0);
            position.set(start);
            moved();
            replaying.set(true);
        }, e -> {
            loading.set(false);
            notices.post(Notice.Level.ERROR, "Could not read the event history: " + e.getMessage());
        });
    }

    private List<Event> read() throws Exception {
        List<Event> all = new ArrayList<>();
        long after = 0;
        while (true) {
            EventPage page = client.call(allProjects ? client.lockstep().eventsOfAllProjects(after, PAGE, null, null)
                    : client.lockstep().events(after, PAGE, null, null));
            all.addAll(page.events());
            if (page.events().size() < PAGE) {
                break;
            }
            after = page.events().get(page.events().size() - 1).id();
            if (all.size() > MAX_EVENTS) {
                all = new ArrayList<>(all.subList(all.size() - MAX_EVENTS, all.size()));
            }
        }
        return all;
    }

    /** Leaves replay: the diagrams and tables show the live system again. */
    public void live() {
        playing.set(false);
        replaying.set(false);
    }

    public void play() {
        if (!replaying.get() || position.get() >= history.get().size()) {
            return;
        }
        playedMs = 0;
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
    }

    public void stepForward() {
        playing.set(false);
        advanceTo(position.get() + 1);
    }

    public void stepBack() {
        playing.set(false);
        position.set(Math.max(0, position.get() - 1));
    }

    /** Jumps to {@code p} (the scrubber); no flashes, nothing is played on the way. */
    public void seek(int p) {
        position.set(Math.max(0, Math.min(p, history.get().size())));
    }

    /**
     * Moves played time on by {@code elapsedNanos} of wall time (once per pulse while playing): the
     * events whose time has come are applied, and flashed, in one batch.
     */
    public void tick(long elapsedNanos) {
        if (!playing.get()) {
            return;
        }
        History h = history.get();
        playedMs += elapsedNanos / 1e6 * speed.get();
        int p = position.get();
        int target = p;
        while (target < h.size()) {
            long gap = target == 0 ? 0 : Math.min(MAX_GAP_MS, Math.max(0, h.millisOf(target) - h.millisOf(target - 1)));
            if (playedMs < gap) {
                break;
            }
            playedMs -= gap;
            target++;
        }
        if (target != p) {
            advanceTo(target);
        }
        if (target >= h.size()) {
            playing.set(false);
        }
    }

    private void advanceTo(int target) {
        History h = history.get();
        int from = position.get();
        int to = Math.max(0, Math.min(target, h.size()));
        if (to <= from) {
            return;
        }
        List<Event> batch = h.events().subList(from, to);
        position.set(to);
        replayed.forEach(l -> l.accept(batch));
    }

    private void moved() {
        History h = history.get();
        int p = position.get();
        counts = h.countsAt(p);
        statusesHere = null;
        revision.set(revision.get() + 1);
        if (h.isEmpty()) {
            where.set("No events to replay.");
        } else if (p == 0) {
            where.set("Before event #" + h.events().get(0).id() + " (" + h.events().get(0).at() + ")");
        } else {
            Event e = h.events().get(p - 1);
            where.set("Event #" + e.id() + " of " + h.size() + " read, " + e.at() + ": " + describe(e));
        }
    }

    /** An event in a line: a refusal says so (its from is the state found, its to the one wanted). */
    public static String describe(Event e) {
        String what = e.resourceType() + " " + shortId(e.resourceId()) + " " + (e.operation() == null ? "" : e.operation());
        if (e.kind() == io.lockstep.api.event.EventKind.REJECTED) {
            return what + " refused in " + (e.from() == null ? "?" : e.from());
        }
        if (e.kind() != io.lockstep.api.event.EventKind.TRANSITION) {
            return what + " " + e.kind().name().toLowerCase(java.util.Locale.ROOT);
        }
        return what + " " + (e.from() == null ? "" : e.from()) + " → " + (e.to() == null ? "" : e.to());
    }

    private static String shortId(String id) {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** How many resources of {@code type} were in {@code state} at the position. */
    public int count(String type, String state) {
        return counts.getOrDefault(type, Map.of()).getOrDefault(state, 0);
    }

    /**
     * One resource's status at the position, or null when it had none in the history read (not made yet,
     * or made before the oldest event read).
     */
    public String statusOf(String type, String id) {
        if (statusesHere == null) {
            statusesHere = history.get().statusesAt(position.get());
        }
        History.Status s = statusesHere.get(type + "/" + id);
        return s == null ? null : s.status();
    }

    /** Each resource's status at the position. */
    public List<History.Status> statuses() {
        return history.get().statusesAt(position.get()).values().stream()
                .sorted(java.util.Comparator.comparing(History.Status::type).thenComparing(History.Status::id)).toList();
    }

    /** Hears the events played (a batch per pulse), to flash them on the diagrams. */
    public void addReplayListener(Consumer<List<Event>> listener) {
        replayed.add(listener);
    }

    /** Moves each time the state at the position has been rebuilt. */
    public javafx.beans.property.ReadOnlyLongProperty revisionProperty() {
        return revision;
    }

    public ObjectProperty<History> historyProperty() {
        return history;
    }

    public IntegerProperty positionProperty() {
        return position;
    }

    public BooleanProperty replayingProperty() {
        return replaying;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    public StringProperty whereProperty() {
        return where;
    }
}
