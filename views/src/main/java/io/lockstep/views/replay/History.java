package io.lockstep.views.replay;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stretch of the event log, read from {@code /lockstep/v1/events/history}, and what the system looked
 * like at any point of it: each resource's status and the count per state, rebuilt by folding the
 * transitions in order from the first event read. Snapshots every {@link #CHECKPOINT} events keep a
 * jump to any position cheap. Immutable once built.
 */
public final class History {

    /** A resource's status at a position. */
    public record Status(String type, String id, String status) {
    }

    static final int CHECKPOINT = 256;

    private final List<Event> events;
    /** Each event's time in epoch milliseconds, parsed once (playback reads them every frame). */
    private final long[] times;
    /** checkpoint k: the statuses after events [0, k * CHECKPOINT) */
    private final List<Map<String, Status>> checkpoints = new ArrayList<>();

    public History(List<Event> events) {
        this.events = List.copyOf(events);
        this.times = this.events.stream().mapToLong(e -> Instant.parse(e.at()).toEpochMilli()).toArray();
        Map<String, Status> now = new HashMap<>();
        for (int i = 0; i <= this.events.size(); i++) {
            if (i % CHECKPOINT == 0) {
                checkpoints.add(Map.copyOf(now));
            }
            if (i < this.events.size()) {
                apply(now, this.events.get(i));
            }
        }
    }

    private static void apply(Map<String, Status> now, Event e) {
        if (e.kind() == EventKind.TRANSITION && e.to() != null && e.resourceType() != null && e.resourceId() != null) {
            now.put(e.resourceType() + "/" + e.resourceId(), new Status(e.resourceType(), e.resourceId(), e.to()));
        }
    }

    public List<Event> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** Each resource's status after the first {@code position} events (0: before any). */
    public Map<String, Status> statusesAt(int position) {
        int p = Math.max(0, Math.min(position, events.size()));
        Map<String, Status> now = new HashMap<>(checkpoints.get(p / CHECKPOINT));
        for (int i = (p / CHECKPOINT) * CHECKPOINT; i < p; i++) {
            apply(now, events.get(i));
        }
        return now;
    }

    /** Counts per resource type and state after the first {@code position} events. */
    public Map<String, Map<String, Integer>> countsAt(int position) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (Status s : statusesAt(position).values()) {
            counts.computeIfAbsent(s.type(), k -> new HashMap<>()).merge(s.status(), 1, Integer::sum);
        }
        return counts;
    }

    /** The position just after the event with this id (where "replay from here" starts), if it was read. */
    public Optional<Integer> positionOf(long eventId) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).id() == eventId) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The position of the first event at or after {@code t}. */
    public int positionAt(Instant t) {
        long ms = t.toEpochMilli();
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= ms) {
                return i;
            }
        }
        return times.length;
    }

    /** The time of the event at {@code index}, epoch milliseconds (clamped to the events read). */
    public long millisOf(int index) {
        return times[Math.max(0, Math.min(index, times.length - 1))];
    }

    public Instant timeOf(int index) {
        return Instant.ofEpochMilli(millisOf(index));
    }
}
