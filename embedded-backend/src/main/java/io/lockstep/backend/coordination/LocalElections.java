package io.lockstep.backend.coordination;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Elections and groups inside one JVM: the first participant to join leads, the next in line takes
 * over when it leaves or steps down, and each new leader starts a new term. Thread-safe.
 */
final class LocalElections implements ElectionService {

    private final Clock clock;
    private final Map<String, Race> races = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> groups = new ConcurrentHashMap<>();

    LocalElections(Clock clock) {
        this.clock = clock;
    }

    /** One election's queue; the head leads. Guarded by itself. */
    private static final class Race {
        final List<Seat> queue = new ArrayList<>();
        long term;
        Instant since;
    }

    @Override
    public Election join(String name, Holder participant) {
        Race race = races.computeIfAbsent(name, n -> new Race());
        Seat seat = new Seat(name, participant, race);
        Seat leader;
        synchronized (race) {
            race.queue.add(seat);
            leader = race.queue.size() == 1 ? promote(race) : null;
        }
        if (leader != null) {
            leader.tell(true);
        }
        return seat;
    }

    private Seat promote(Race race) {
        race.term++;
        race.since = clock.instant();
        return race.queue.get(0);
    }

    @Override
    public List<ElectionInfo> elections() {
        List<ElectionInfo> out = new ArrayList<>();
        races.forEach((name, race) -> {
            synchronized (race) {
                List<Holder> participants = race.queue.stream().map(s -> s.holder).toList();
                out.add(new ElectionInfo(name, participants.isEmpty() ? null : participants.get(0), participants,
                        race.term, race.since));
            }
        });
        out.sort(Comparator.comparing(ElectionInfo::name));
        return out;
    }

    @Override
    public boolean resign(String name, long term) {
        Race race = races.get(name);
        if (race == null) {
            return false;
        }
        Seat leader;
        synchronized (race) {
            if (race.term != term || race.queue.isEmpty()) {
                return false;
            }
            leader = race.queue.get(0);
        }
        leader.stepDown();
        return true;
    }

    @Override
    public Membership joinGroup(String group, String memberId, String payload) {
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(memberId, payload);
        return new GroupSeat(group, memberId, p -> groups.get(group).put(memberId, p),
                () -> groups.get(group).remove(memberId));
    }

    @Override
    public List<MemberInfo> members(String group) {
        return groups.getOrDefault(group, Map.of()).entrySet().stream()
                .map(e -> new MemberInfo(group, e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(MemberInfo::memberId)).toList();
    }

    private final class Seat implements Election {
        private final String name;
        private final Holder holder;
        private final Race race;
        private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

        Seat(String name, Holder holder, Race race) {
            this.name = name;
            this.holder = holder;
            this.race = race;
        }

        void tell(boolean leading) {
            listeners.forEach(l -> l.accept(leading));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isLeader() {
            synchronized (race) {
                return !race.queue.isEmpty() && race.queue.get(0) == this;
            }
        }

        @Override
        public long term() {
            synchronized (race) {
                return !race.queue.isEmpty() && race.queue.get(0) == this ? race.term : 0;
            }
        }

        @Override
        public void stepDown() {
            leave(true);
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {
            listeners.add(listener);
        }

        @Override
        public void close() {
            leave(false);
        }

        private void leave(boolean rejoin) {
            Seat next = null;
            boolean wasLeader;
            synchronized (race) {
                wasLeader = !race.queue.isEmpty() && race.queue.get(0) == this;
                if (!race.queue.remove(this)) {
                    return;
                }
                if (rejoin) {
                    race.queue.add(this);
                }
                if (wasLeader && !race.queue.isEmpty()) {
                    next = promote(race);
                }
            }
            if (wasLeader && next != this) {
                tell(false);
            }
            if (next != null && next != this) {
                next.tell(true);
            }
        }
    }
}
