package io.lockstep.bench;

import io.lockstep.backend.node.NodeBuilder;
import io.lockstep.api.auth.Role;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Actions;
import io.lockstep.client.EventStream;
import io.lockstep.client.LockstepClient;
import io.lockstep.client.race.RaceReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.TestingServer;

/**
 * Transitions per second through 1, 2 and 3 nodes sharing PostgreSQL and ZooKeeper, beside one node
 * on H2: 16 HTTP clients, each share created, extended and deleted with the calls spread over the
 * nodes (a zero-latency driver). Also the p50/p99 of every API call, and the delay from an event's
 * commit to its arrival at a client subscribed to the first node. The nodes run in this one JVM on
 * this machine's cores, so the figures show the coordination's cost, not a scale-out.
 * Then the race harness through the same setups, the two calls of every pair sent to different nodes:
 * trials and transitions per second, and the violations found (there must be none).
 * Usage: {@code ClusterBench [shares=600] [raceTrials=200]}.
 */
public final class ClusterBench {

    private static final String TOKEN = "cluster-bench-token-01";

    public static void main(String[] args) throws Exception {
        int shares = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int raceTrials = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.printf("%-24s %8s %12s %14s %14s %16s%n", "setup", "shares", "transitions/s", "API p50/p99 ms",
                "write p50/p99 ms", "event p50/p99 ms");
        run(null, 1, Math.min(shares, 150), null, null); // warm-up, not printed
        run("H2, 1 node, in-process", 1, shares, null, null);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); TestingServer zk = new TestingServer(true)) {
            for (int n = 1; n <= 3; n++) {
                String db = "bench" + n;
                try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + db);
                }
                run("PostgreSQL, " + n + " node" + (n > 1 ? "s" : ""), n, shares, pg.getJdbcUrl("postgres", db), zk);
            }
            System.out.printf("%nRace harness (three share races x %d trials, three job races x %d; the calls of a pair "
                    + "on different nodes)%n", raceTrials, raceTrials / 4);
            System.out.printf("%-24s %10s %12s %14s %11s%n", "setup", "trials", "trials/s", "transitions/s",
                    "violations");
            try (RaceHarness h = RaceHarness.safe(16)) {
                races("H2, 1 node, in-process", h, raceTrials);
            }
            for (int n = 1; n <= 3; n++) {
                String db = "races" + n;
                try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + db);
                }
                try (RaceHarness h = RaceHarness.cluster(n, pg.getJdbcUrl("postgres", db), zk.getConnectString(),
                        "races" + n, 16)) {
                    races("PostgreSQL, " + n + " node" + (n > 1 ? "s" : ""), h, raceTrials);
                }
            }
        }
    }

    /** Every race of the harness once; the rate counts the whole trial (set-up, the race, the wait for quiet). */
    private static void races(String label, RaceHarness h, int trials) {
        long before = h.transitionEvents();
        long start = System.nanoTime();
        int jobTrials = Math.max(1, trials / 4);
        List<RaceReport> reports = List.of(h.deleteWhileSnapshotting(trials), h.doubleDelete(trials),
                h.doubleSnapshot(trials), h.doubleMigrationStart(jobTrials), h.deleteDuringMigrationStart(jobTrials),
                h.cancelVsComplete(jobTrials));
        double seconds = (System.nanoTime() - start) / 1e9;
        int violations = reports.stream().mapToInt(RaceReport::violations).sum() + h.globalViolations().size();
        int all = reports.stream().mapToInt(RaceReport::trials).sum();
        System.out.printf("%-24s %10d %12.1f %14.0f %11d%n", label, all, all / seconds,
                (h.transitionEvents() - before) / seconds, violations);
    }

    private static void run(String label, int nodes, int shares, String pgUrl, TestingServer zk) throws Exception {
        SimulatedDriver storage = new SimulatedDriver(new DriverSettings(0L, 0L, 0.0, 1_000_000L, 1L));
        List<ServiceNode> started = new ArrayList<>();
        List<LockstepClient> clients = new ArrayList<>();
        ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> writes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> delivery = new ConcurrentLinkedQueue<>();
        AtomicLong transitions = new AtomicLong();
        EventStream stream = null;
        try {
            for (int i = 1; i <= nodes; i++) {
                NodeBuilder b = ServiceNode.builder().nodeId("n" + i).driver(storage)
                        .tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                        .workers(8, Duration.ofSeconds(30), 5);
                if (pgUrl != null) {
                    b.database(pgUrl, "postgres", null).coordinator(ZooKeeperCoordinator.connect(zk.getConnectString(),
                            "bench", "n" + i, Duration.ofSeconds(10)));
                } else {
                    b.database("mem", null, null);
                }
                started.add(b.start());
                clients.add(LockstepClient.connect(started.get(i - 1).uri(), TOKEN));
                Roomy.liftQuotas(clients.get(clients.size() - 1));
            }
            LockstepClient first = clients.get(0);
            long head = first.call(first.lockstep().events(0, 1, null, null)).lastId();
            stream = first.events(head, e -> {
                if (e.kind() == EventKind.TRANSITION) {
                    transitions.incrementAndGet();
                    delivery.add(Duration.between(Instant.parse(e.at()), Instant.now()).toNanos());
                }
            });
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long start = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < shares; i++) {
                int k = i;
                work.add(pool.submit(() -> {
                    LockstepClient c = clients.get(k % nodes);
                    LockstepClient other = clients.get((k + 1) % nodes);
                    String id = timed(writes, calls, () -> c.call(c.manila().createShare(CreateShare.of("b" + k, 1,
                            "NFS"))).share().id());
                    await(other, calls, id);
                    timed(writes, calls, () -> c.call(other.manila().shareAction(id, Actions.extend(2))));
                    await(c, calls, id);
                    timed(writes, calls, () -> other.call(other.manila().deleteShare(id)));
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            long expected = shares * 6L; // creating, available, extending, available, deleting, deleted
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (transitions.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5); // the last deletes finish on the workers; the stream says when
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            if (label == null) {
                return;
            }
            System.out.printf("%-24s %8d %12.0f %14s %14s %16s%n", label, shares, transitions.get() / seconds,
                    pct(calls), pct(writes), pct(delivery));
        } finally {
            if (stream != null) {
                stream.close();
            }
            clients.forEach(LockstepClient::close);
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T timed(ConcurrentLinkedQueue<Long> writes, ConcurrentLinkedQueue<Long> calls, Call<T> call)
            throws Exception {
        long t0 = System.nanoTime();
        T result = call.run();
        long d = System.nanoTime() - t0;
        writes.add(d);
        calls.add(d);
        return result;
    }

    private static void timed(ConcurrentLinkedQueue<Long> writes, ConcurrentLinkedQueue<Long> calls, Runnable call)
            throws Exception {
        timed(writes, calls, () -> {
            call.run();
            return null;
        });
    }

    /** Polls the share until it is available again, as Manila clients do; each poll is an API call. */
    private static void await(LockstepClient c, ConcurrentLinkedQueue<Long> calls, String id) throws Exception {
        while (true) {
            long t0 = System.nanoTime();
            String status = c.call(c.manila().share(id)).share().status();
            calls.add(System.nanoTime() - t0);
            if (status.equals("available")) {
                return;
            }
            if (status.contains("error")) {
                throw new IllegalStateException(id + " went to " + status);
            }
            Thread.sleep(2);
        }
    }

    private static String pct(ConcurrentLinkedQueue<Long> nanos) {
        List<Long> v = new ArrayList<>(nanos);
        if (v.isEmpty()) {
            return "-";
        }
        Collections.sort(v);
        return String.format("%.1f/%.1f", v.get(v.size() / 2) / 1e6, v.get((int) (v.size() * 0.99)) / 1e6);
    }
}
