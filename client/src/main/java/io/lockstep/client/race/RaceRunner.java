package io.lockstep.client.race;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.client.race.RacePairs.Answer;
import io.lockstep.api.snapshot.Snapshot;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Fires the races through the public API only (the console's lab panel uses it; it cannot see the
 * database). Each trial makes a fresh share, releases both calls with one barrier while the
 * simulated driver is slow enough for them to overlap, waits until nothing is in a transitional
 * state, and judges by what the API and the event history show afterwards. Not thread-safe: one run
 * at a time.
 */
public final class RaceRunner implements AutoCloseable {

    private static final DriverSettings RACE_DRIVER = new DriverSettings(100L, 200L, null, null, null);
    private static final Duration QUIET_TIMEOUT = Duration.ofMinutes(5);

    private final LockstepClient client;
    private final ExecutorService pool;
    private final Set<String> transitional;

    public RaceRunner(LockstepClient client, int concurrency) {
        this.client = client;
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "lockstep-race");
            t.setDaemon(true);
            return t;
        });
        this.transitional = client.call(client.lockstep().stateMachines()).stateMachines().stream()
                .flatMap(m -> m.states().stream()).filter(s -> s.kind() == StateKind.TRANSITIONAL)
                .map(StateDescriptor::name).collect(Collectors.toSet());
    }

    /**
     * Runs {@code trials} trials of {@code race}.
     *
     * @param progress told the number of trials whose answers are in, as they come
     */
    public RaceReport run(Race race, int trials, IntConsumer progress) {
        if (!Race.shareRaces().contains(race)) {
            throw new IllegalArgumentException(race.label() + " is a job race; the bench's RaceHarness fires those");
        }
        if (trials < 1 || trials > 1000) {
            throw new IllegalArgumentException("trials must be from 1 to 1000");
        }
        List<String> shares = freshShares(race, trials);
        long deletesBefore = driverCalls("delete_share");
        DriverSettings before = client.call(client.lockstep().driver()).settings();
        client.call(client.lockstep().updateDriver(RACE_DRIVER));
        List<Answer[]> answers;
        try {
            answers = fire(race, shares, progress);
            awaitQuiet(shares);
        } finally {
            client.call(client.lockstep().updateDriver(new DriverSettings(before.minLatencyMs(),
                    before.maxLatencyMs(), null, null, null)));
        }
        long deletes = driverCalls("delete_share") - deletesBefore;
        return judge(race, shares, answers, deletes);
    }

    private List<String> freshShares(Race race, int n) {
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = race.label() + "-" + i;
            created.add(pool.submit(() -> client.call(client.manila().createShare(CreateShare.of(name, 1, "NFS")))
                    .share().id()));
        }
        List<String> ids = created.stream().map(RacePairs::get).toList();
        awaitQuiet(ids);
        return ids;
    }

    private List<Answer[]> fire(Race race, List<String> shares, IntConsumer progress) {
        return RacePairs.fire(pool, shares, id -> RacePairs.send(client, race.first(), id, "a"),
                id -> RacePairs.send(client, race.second(), id, "b"), progress);
    }

    private RaceReport judge(Race race, List<String> shares, List<Answer[]> answers, long driverDeletes) {
        Map<String, String> shareStatus = Listings.allShares(client).stream()
                .collect(Collectors.toMap(Share::id, Share::status));
        Map<String, Long> liveSnapshots = Listings.allSnapshots(client).stream()
                .filter(s -> !s.status().equals("deleted"))
                .collect(Collectors.groupingBy(Snapshot::shareId, Collectors.counting()));
        RaceReport report = RacePairs.judge(race, shares, answers, (id, a) -> {
            int accepted = RacePairs.accepted(a);
            String status = shareStatus.getOrDefault(id, "deleted");
            long snapshots = liveSnapshots.getOrDefault(id, 0L);
            List<String> v = new ArrayList<>();
            switch (race) {
                case DELETE_WHILE_SNAPSHOTTING -> {
                    if (accepted == 2) {
                        v.add("both the delete and the snapshot were accepted");
                    }
                    if (status.equals("deleted") && snapshots > 0) {
                        v.add("share deleted but " + snapshots + " snapshot(s) left");
                    }
                }
                case DOUBLE_DELETE -> {
                    if (accepted != 1) {
                        v.add(accepted + " deletes accepted");
                    }
                }
                case DOUBLE_SNAPSHOT -> {
                    if (accepted == 0) {
                        v.add("no snapshot create accepted");
                    }
                    if (snapshots != accepted) {
                        v.add(snapshots + " snapshots exist for " + accepted + " accepted creates");
                    }
                    if (overlappingSnapshots(id)) {
                        v.add("two snapshot creations ran at once");
                    }
                }
                default -> throw new IllegalStateException();
            }
            return v;
        });
        long acceptedDeletes = answers.stream().mapToInt(RacePairs::accepted).sum();
        if (race == Race.DOUBLE_DELETE && driverDeletes != acceptedDeletes) {
            List<String> examples = new ArrayList<>(report.examples());
            examples.add("driver deleted " + driverDeletes + " times for " + acceptedDeletes + " accepted deletes");
            return new RaceReport(report.race(), report.trials(), report.outcomes(), report.violations(), examples);
        }
        return report;
    }

    /** Whether the share began a second snapshot before the first finished, from its history. */
    private boolean overlappingSnapshots(String shareId) {
        int inFlight = 0;
        List<Event> events = client.call(client.lockstep().events(0, 5000, "share", shareId)).events();
        for (Event e : events) {
            if (e.kind() == EventKind.TRANSITION && "snapshot".equals(e.operation())) {
                inFlight += "snapshotting".equals(e.to()) ? 1 : -1;
                if (inFlight > 1) {
                    return true;
                }
            }
        }
        return false;
    }

    private long driverCalls(String operation) {
        return client.call(client.lockstep().driver()).calls().getOrDefault(operation, 0L);
    }

    /** Polls until none of these shares or their snapshots is in a transitional state. */
    private void awaitQuiet(List<String> shareIds) {
        Set<String> ids = new HashSet<>(shareIds);
        long deadline = System.nanoTime() + QUIET_TIMEOUT.toNanos();
        while (true) {
            boolean busy = Listings.allShares(client).stream()
                    .anyMatch(s -> ids.contains(s.id()) && transitional.contains(s.status()))
                    || Listings.allSnapshots(client).stream()
                    .anyMatch(s -> ids.contains(s.shareId()) && transitional.contains(s.status()));
            if (!busy) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the shares did not settle within " + QUIET_TIMEOUT.toMinutes()
                        + " minutes");
            }
            try {
                Thread.sleep(100); // polling the API; the runner has no event subscription of its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
