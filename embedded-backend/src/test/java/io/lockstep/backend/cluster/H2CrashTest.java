package io.lockstep.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.backup.CreateShareBackup;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventPage;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve} process on the default H2 file database, under concurrent creates, extends,
 * shrinks, snapshots, backups and deletes, killed with SIGKILL at a random moment in each of several
 * rounds and restarted on the same data folder. Every write answered 2xx must be there afterwards
 * with its event, event ids must stay 1..N without a gap, and nothing may stay transitional longer
 * than a lease and a cleanup sweep.
 */
class H2CrashTest {

    private static final String TOKEN = "crash-test-admin-token-0123456789";
    private static final int ROUNDS = 4;
    /** Every transitional state the machines declare: the states work must leave. */
    private static final Set<String> TRANSITIONAL = io.lockstep.backend.statemachine.ResourceMachines.all().stream()
            .flatMap(m -> m.states().stream()).filter(s -> s.kind() == io.lockstep.api.statemachine.StateKind.TRANSITIONAL)
            .map(io.lockstep.backend.statemachine.State::name).collect(java.util.stream.Collectors.toSet());
    /** Work lease 3 s + job lease 2 s + cleanup interval and grace 5 s each + a process start. */
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(30);

    /** The simulated driver's latency (reset at every start): the backlog a kill leaves clears quickly. */
    private static final DriverSettings FAST = new DriverSettings(10L, 120L, 0.0, null, null);

    @TempDir
    Path dir;

    /** A write the service acknowledged: the resource and the operation its event must name. */
    private record Ack(String resourceId, String operation) {
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOnH2() throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, TOKEN + " admin crash\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        Path data = dir.resolve("data");
        long seed = Long.getLong("lockstep.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Ack> acked = new CopyOnWriteArrayList<>();
        List<String> shares = new CopyOnWriteArrayList<>();
        int totalLost = 0;
        int roundStart = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            NodeProcess node = start(tokens, data, "crash-" + round);
            try (LockstepClient c = LockstepClient.connect(node.uri(), TOKEN)) {
                c.call(c.lockstep().updateDriver(FAST));
                long settleMs = settle(c, round);
                totalLost += lost(c, acked, round, settleMs, acked.size() - roundStart);
                roundStart = acked.size();
                AtomicBoolean loading = new AtomicBoolean(true);
                ExecutorService load = Executors.newFixedThreadPool(6);
                for (int t = 0; t < 6; t++) {
                    long threadSeed = random.nextLong();
                    load.execute(() -> {
                        Random r = new Random(threadSeed);
                        while (loading.get()) {
                            oneWrite(c, r, shares, acked);
                        }
                    });
                }
                Thread.sleep(1500 + random.nextInt(2500)); // the kill lands at a random moment of the load
                node.kill9();
                loading.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                node.close();
            }
        }
        NodeProcess last = start(tokens, data, "crash-final");
        try (LockstepClient c = LockstepClient.connect(last.uri(), TOKEN)) {
            c.call(c.lockstep().updateDriver(FAST));
            long settleMs = settle(c, ROUNDS + 1);
            totalLost += lost(c, acked, ROUNDS + 1, settleMs, acked.size() - roundStart);
        } finally {
            last.close();
        }
        System.out.printf("crash test (seed %d): %d rounds, %d acknowledged writes, %d lost%n", seed, ROUNDS,
                acked.size(), totalLost);
        assertThat(totalLost).as("acknowledged writes lost").isZero();
        assertThat(acked.size()).as("the load did write").isGreaterThan(ROUNDS * 10);
    }

    private NodeProcess start(Path tokens, Path data, String logName) throws Exception {
        return NodeProcess.start(logName, Path.of("target", "crash-logs"), List.of("--services", "api,share,data",
                "--port", "0", "--data-dir", data.toString(), "--token-file", tokens.toString(),
                "--storage-dir", dir.resolve("storage").toString(), "--work-lease", "3", "--job-lease", "2",
                "--service-down-time", "4"));
    }

    /** Waits until nothing is transitional; returns how long that took after the restart. */
    private static long settle(LockstepClient c, int round) {
        long start = System.nanoTime();
        await("round " + round + ": nothing transitional").atMost(SETTLE_BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> transitional(c), List::isEmpty);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static List<String> transitional(LockstepClient c) {
        return Stream.of(Listings.allShares(c).stream().map(s -> s.status()),
                        Listings.allSnapshots(c).stream().map(s -> s.status()),
                        Listings.allBackups(c).stream().map(b -> b.status()))
                .flatMap(s -> s).filter(TRANSITIONAL::contains).sorted().toList();
    }

    /** Checks the acknowledged writes against the event log after a restart; prints the round's figures. */
    private static int lost(LockstepClient c, List<Ack> acked, int round, long settleMs, int ackedInRound) {
        List<Event> events = new ArrayList<>();
        long after = 0;
        while (true) {
            EventPage page = c.call(c.lockstep().events(after, 5000, null, null));
            events.addAll(page.events());
            if (page.events().isEmpty() || page.events().get(page.events().size() - 1).id() >= page.lastId()) {
                break;
            }
            after = page.events().get(page.events().size() - 1).id();
        }
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).as("event ids are 1..N without a gap").isEqualTo(i + 1L);
        }
        Set<Ack> recorded = new HashSet<>();
        for (Event e : events) {
            if (e.resourceId() != null && e.operation() != null) {
                recorded.add(new Ack(e.resourceId(), e.operation()));
            }
        }
        List<Ack> missing = acked.stream().filter(a -> !recorded.contains(a)).toList();
        if (round > 1) {
            System.out.printf("crash round %d: %d writes acknowledged before the kill (%d in all), %d lost, %d events, "
                            + "settled %d ms after the restart%n", round - 1, ackedInRound,
                    acked.size(), missing.size(), events.size(), settleMs);
        }
        assertThat(missing).as("acknowledged writes without their event after round " + (round - 1)).isEmpty();
        return missing.size();
    }

    /** One random write; recorded only when the service answered 2xx. */
    private static void oneWrite(LockstepClient c, Random r, List<String> shares, List<Ack> acked) {
        try {
            int what = shares.size() < 4 ? 0 : r.nextInt(8);
            if (what <= 1) {
                String id = c.call(c.manila().createShare(CreateShare.of("crash", 1 + r.nextInt(3), "NFS"))).share()
                        .id();
                shares.add(id);
                acked.add(new Ack(id, "create"));
                return;
            }
            String share = shares.get(r.nextInt(shares.size()));
            switch (what) {
                case 2 -> {
                    c.call(c.manila().shareAction(share, Actions.extend(4 + r.nextInt(4))));
                    acked.add(new Ack(share, "extend"));
                }
                case 3 -> {
                    c.call(c.manila().shareAction(share, Actions.shrink(1)));
                    acked.add(new Ack(share, "shrink"));
                }
                case 4 -> {
                    String id = c.call(c.manila().createSnapshot(CreateSnapshot.of(share, "crash"))).snapshot().id();
                    acked.add(new Ack(id, "create"));
                }
                case 5 -> {
                    String id = c.call(c.manila().createBackup(CreateShareBackup.of(share, "crash"))).shareBackup()
                            .id();
                    acked.add(new Ack(id, "create"));
                }
                default -> {
                    c.call(c.manila().deleteShare(share));
                    shares.remove(share);
                    acked.add(new Ack(share, "delete"));
                }
            }
        } catch (ApiException refused) {
            // refused with a 4xx (the share moved on, or has children): nothing to check
        } catch (RuntimeException cutOff) {
            // the node died under the call: the answer never came, so nothing was acknowledged
        }
    }
}
