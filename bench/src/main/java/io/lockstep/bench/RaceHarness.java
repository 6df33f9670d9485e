package io.lockstep.bench;

import io.lockstep.client.race.Race;
import io.lockstep.client.race.RacePairs;
import io.lockstep.client.race.RacePairs.Answer;
import io.lockstep.client.race.RaceReport;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.auth.Role;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.scenario.NaiveStatusWriter;
import io.lockstep.backend.scenario.NoLockCoordinator;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;

/**
 * Fires each pair of racing calls at once (a barrier per trial) through the real HTTP API against a
 * real database, waits until the system is quiet, and checks the invariants on the database, the
 * driver's call counts and the event log. Runs on a service node built {@link #safe} or {@link #naive},
 * or on a {@link #cluster} of nodes sharing PostgreSQL and ZooKeeper, where the two calls of a pair go
 * to different nodes.
 */
public final class RaceHarness implements AutoCloseable {

    private static final String CLUSTER_TOKEN = "race-harness-admin-01";

    private final List<ServiceNode> nodes;
    /** The first node: the database, the event log and the (shared) driver look the same from any. */
    private final ServiceNode node;
    private final List<LockstepClient> clients;
    private final LockstepClient client;
    private final ExecutorService pool;
    private final Jdbi jdbi;
    private volatile List<String> lastShares = List.of();

    private RaceHarness(List<ServiceNode> nodes, String token, int concurrency) {
        this.nodes = List.copyOf(nodes);
        this.node = nodes.get(0);
        node.driver().content().configure(64 * 1024, 256L << 20); // a migration's copy takes milliseconds
        this.clients = nodes.stream().map(n -> LockstepClient.connect(n.uri(), token)).toList();
        Roomy.liftQuotas(clients.get(0));
        this.client = clients.get(0);
        this.pool = Executors.newFixedThreadPool(concurrency);
        this.jdbi = node.database().jdbi();
    }

    private RaceHarness(ServiceNode node, int concurrency) {
        this(List.of(node), node.adminToken(), concurrency);
    }

    /** Setting up shares is quick; during the race the driver is slow enough that the pair overlaps. */
    private static final DriverSettings FAST_DRIVER = new DriverSettings(0L, 3L, 0.0, 100_000_000L, 7L);
    private static final DriverSettings RACE_DRIVER = new DriverSettings(100L, 200L, null, null, null);
    private static final int WORKERS = 32;

    /** The service as built: test-and-set under locks. */
    public static RaceHarness safe(int concurrency) {
        return new RaceHarness(ServiceNode.builder().driver(FAST_DRIVER)
                .workers(WORKERS, Duration.ofSeconds(30), 5).start(), concurrency);
    }

    /** The read-then-write variant with no locks, to show that the harness catches races. */
    public static RaceHarness naive(int concurrency) {
        return new RaceHarness(ServiceNode.builder().driver(FAST_DRIVER).workers(WORKERS, Duration.ofSeconds(30), 5)
                .statusWriter(new NaiveStatusWriter(2)).coordinator(new NoLockCoordinator()).start(), concurrency);
    }

    /**
     * {@code n} nodes, each with its own ZooKeeper session, HTTP server and workers, sharing the
     * PostgreSQL database at {@code jdbcUrl} (user postgres) and one simulated storage backend, as a
     * cluster's nodes share real storage. The first call of trial {@code k} goes to node {@code k mod n},
     * the second to the next node.
     */
    public static RaceHarness cluster(int n, String jdbcUrl, String zooKeeper, String namespace, int concurrency) {
        SimulatedDriver storage = new SimulatedDriver(FAST_DRIVER);
        TokenStore tokens = TokenStore.of(List.of(new TokenStore.Token(CLUSTER_TOKEN, Role.ADMIN, "admin")));
        List<ServiceNode> started = new ArrayList<>();
        try {
            for (int i = 1; i <= n; i++) {
                started.add(ServiceNode.builder().nodeId("n" + i).driver(storage).tokens(tokens)
                        .database(jdbcUrl, "postgres", null)
                        .coordinator(ZooKeeperCoordinator.connect(zooKeeper, namespace, "n" + i, Duration.ofSeconds(10)))
                        .workers(Math.max(8, WORKERS / n), Duration.ofSeconds(30), 5).start());
            }
        } catch (RuntimeException e) {
            started.forEach(ServiceNode::close);
            throw e;
        }
        return new RaceHarness(started, CLUSTER_TOKEN, concurrency);
    }

    public ServiceNode node() {
        return node;
    }

    /** How many transition events the cluster has committed so far (for throughput figures). */
    public long transitionEvents() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events WHERE kind = :kind")
                .bind("kind", EventKind.TRANSITION.wireName()).mapTo(Long.class).one());
    }

    /**
     * The shares of the last race whose two racing calls were not answered by two different nodes,
     * read from the audit log. For races whose calls both name the share in their path (deletes and
     * share actions; a snapshot's create names the snapshot).
     */
    public List<String> pairsAnsweredByOneNode(Race race) {
        List<String> shares = lastShares;
        java.util.Set<String> twoNodes = new java.util.HashSet<>(jdbi.withHandle(h -> h.createQuery(
                        "SELECT target_id FROM audit WHERE target_id IN (<ids>) AND action IN (<actions>) "
                                + "GROUP BY target_id HAVING COUNT(DISTINCT node) = 2")
                .bindList("ids", shares).bindList("actions", List.of(race.first(), race.second()))
                .mapTo(String.class).list()));
        return shares.stream().filter(id -> !twoNodes.contains(id)).toList();
    }

    public RaceReport deleteWhileSnapshotting(int trials) {
        List<String> shares = availableShares(trials);
        List<Answer[]> answers = race(Race.DELETE_WHILE_SNAPSHOTTING, shares);
        return RacePairs.judge(Race.DELETE_WHILE_SNAPSHOTTING, shares, answers, (id, a) -> {
            List<String> v = new ArrayList<>();
            if (a[0].accepted() && a[1].accepted()) {
                v.add("both the delete and the snapshot were accepted");
            }
            String share = shareStatus(id);
            int liveSnapshots = liveSnapshots(id);
            if (share.equals("deleted") && liveSnapshots > 0) {
                v.add("share deleted but " + liveSnapshots + " snapshot(s) left");
            }
            if (liveSnapshots > 0 && !share.equals("available")) {
                v.add("a snapshot survived but its share is " + share);
            }
            return v;
        });
    }

    public RaceReport doubleDelete(int trials) {
        List<String> shares = availableShares(trials);
        List<Answer[]> answers = race(Race.DOUBLE_DELETE, shares);
        return RacePairs.judge(Race.DOUBLE_DELETE, shares, answers, (id, a) -> {
            List<String> v = new ArrayList<>();
            int accepted = RacePairs.accepted(a);
            if (accepted != 1) {
                v.add(accepted + " deletes accepted");
            }
            for (Answer x : a) {
                if (!x.accepted() && x.status() != 409 && x.status() != 404) {
                    v.add("loser got " + x.status());
                }
            }
            long calls = node.driver().calls("delete_share", id);
            if (calls != 1) {
                v.add(calls + " driver delete calls");
            }
            return v;
        });
    }

    public RaceReport doubleSnapshot(int trials) {
        List<String> shares = availableShares(trials);
        List<Answer[]> answers = race(Race.DOUBLE_SNAPSHOT, shares);
        return RacePairs.judge(Race.DOUBLE_SNAPSHOT, shares, answers, (id, a) -> {
            List<String> v = new ArrayList<>();
            int accepted = RacePairs.accepted(a);
            // Two snapshots one after the other are legal; two in flight at once are the race.
            if (overlappingSnapshots(id)) {
                v.add("two snapshot creations ran at once");
            }
            if (accepted == 0) {
                v.add("no snapshot create accepted");
            }
            for (Answer x : a) {
                if (!x.accepted() && (x.status() != 409 || !x.message().contains("snapshotting"))) {
                    v.add("loser got " + x.status() + " without naming snapshotting: " + x.message());
                }
            }
            int snapshots = liveSnapshots(id);
            if (snapshots != accepted) {
                v.add(snapshots + " snapshots exist for " + accepted + " accepted creates");
            }
            return v;
        });
    }

    /**
     * Two {@code migration_start}s at one share: exactly one is accepted and queues exactly one job;
     * the loser gets a 409. The migrations are cancelled afterwards so the shares are available again.
     */
    public RaceReport doubleMigrationStart(int trials) {
        List<String> shares = availableShares(trials);
        List<Answer[]> answers = race(Race.DOUBLE_MIGRATION_START, shares);
        RaceReport r = RacePairs.judge(Race.DOUBLE_MIGRATION_START, shares, answers, (id, a) -> {
            List<String> v = new ArrayList<>();
            int accepted = RacePairs.accepted(a);
            if (accepted != 1) {
                v.add(accepted + " migration starts accepted");
            }
            losersGot409(a, v);
            int jobs = migrationJobs(id);
            if (jobs != accepted) {
                v.add(jobs + " migration jobs for " + accepted + " accepted starts");
            }
            return v;
        });
        cancelMigrations(shares);
        return r;
    }

    /**
     * A delete racing a {@code migration_start}: exactly one wins. A won delete leaves no job; a won
     * migration leaves the share undeleted and the driver uncalled.
     */
    public RaceReport deleteDuringMigrationStart(int trials) {
        List<String> shares = availableShares(trials);
        List<Answer[]> answers = race(Race.DELETE_DURING_MIGRATION_START, shares);
        RaceReport r = RacePairs.judge(Race.DELETE_DURING_MIGRATION_START, shares, answers, (id, a) -> {
            List<String> v = new ArrayList<>();
            if (RacePairs.accepted(a) != 1) {
                v.add(RacePairs.accepted(a) + " of delete and migration_start accepted");
            }
            losersGot409(a, v);
            int jobs = migrationJobs(id);
            long deletes = node.driver().calls("delete_share", id);
            if (a[0].accepted() && (jobs != 0 || !shareStatus(id).equals("deleted"))) {
                v.add("delete won but the share is " + shareStatus(id) + " with " + jobs + " migration job(s)");
            }
            if (a[1].accepted() && (jobs != 1 || deletes != 0)) {
                v.add("migration won but " + jobs + " job(s) and " + deletes + " driver delete(s)");
            }
            return v;
        });
        cancelMigrations(shares);
        return r;
    }

    /**
     * {@code migration_cancel} racing {@code migration_complete} on a verified copy: exactly one wins;
     * the job ends once, cancelled or succeeded to match, and the share is available on the right pool.
     */
    public RaceReport cancelVsComplete(int trials) {
        List<String> shares = availableShares(trials);
        for (String id : shares) {
            RacePairs.send(client, "migration_start", id, "setup");
        }
        awaitJobsSettled();
        List<Answer[]> answers = race(Race.CANCEL_VS_COMPLETE, shares);
        return RacePairs.judge(Race.CANCEL_VS_COMPLETE, shares, answers, (id, a) -> {
            List<String> v = new ArrayList<>();
            if (RacePairs.accepted(a) != 1) {
                v.add(RacePairs.accepted(a) + " of cancel and complete accepted");
            }
            losersGot409(a, v);
            String job = jdbi.withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE resource_id = :id "
                    + "AND kind = 'migration'").bind("id", id).mapTo(String.class).one());
            String host = jdbi.withHandle(h -> h.createQuery("SELECT host FROM shares WHERE id = :id").bind("id", id)
                    .mapTo(String.class).one());
            String want = a[0].accepted() ? "cancelled" : "succeeded";
            if (!job.equals(want)) {
                v.add("job " + job + " but " + (a[0].accepted() ? "cancel" : "complete") + " won");
            }
            if (!shareStatus(id).equals("available") || a[1].accepted() != host.endsWith("#pool2")) {
                v.add("share " + shareStatus(id) + " on " + host + " after " + want);
            }
            long ends = node.events().after(0, Integer.MAX_VALUE, new io.lockstep.backend.event.EventLog.Filter("job",
                    jobOf(id), null)).stream().filter(e -> e.kind() == EventKind.TRANSITION
                    && "running".equals(e.from())).count();
            if (ends != 1) {
                v.add("the job ended " + ends + " times");
            }
            return v;
        });
    }

    private static void losersGot409(Answer[] answers, List<String> v) {
        for (Answer x : answers) {
            if (!x.accepted() && x.status() != 409) {
                v.add("loser got " + x.status() + ": " + x.message());
            }
        }
    }

    private int migrationJobs(String shareId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE resource_id = :id "
                + "AND kind = 'migration'").bind("id", shareId).mapTo(Integer.class).one());
    }

    private String jobOf(String shareId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM jobs WHERE resource_id = :id AND kind = 'migration'")
                .bind("id", shareId).mapTo(String.class).one());
    }

    /** Cancels whatever migrations these shares have, then waits until every job has ended. */
    private void cancelMigrations(List<String> shares) {
        awaitJobsSettled();
        for (String id : shares) {
            RacePairs.send(client, "migration_cancel", id, "cleanup");
        }
        awaitJobsSettled();
    }

    /** Waits until no job has work left for a data service (each has ended or waits for the operator). */
    private void awaitJobsSettled() {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE claimable = TRUE "
                + "AND status IN ('queued', 'running', 'cancelling')").mapTo(Integer.class).one()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the jobs did not settle in 5 minutes");
            }
            try {
                Thread.sleep(20); // polling the table, as the data services themselves do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Invariants over everything: no resource in a transitional state, event ids 1..N without gaps, and
     * for each resource one transition event per change, chained from its creation to its status now.
     */
    public List<String> globalViolations() {
        List<String> v = new ArrayList<>();
        for (StateMachine m : ResourceMachines.all()) {
            List<String> stuck = node.transitions().inTransitionalStates(m);
            if (!stuck.isEmpty()) {
                v.add(stuck.size() + " " + m.resource() + "(s) left in a transitional state");
            }
        }
        List<Event> events = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Event> page = node.events().after(after, 5000, io.lockstep.backend.event.EventLog.Filter.ALL);
            if (page.isEmpty()) {
                break;
            }
            events.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).id() != i + 1) {
                v.add("event ids not gapless and increasing at position " + i + ": " + events.get(i).id());
                break;
            }
        }
        Map<String, String> chain = new HashMap<>();
        int broken = 0;
        for (Event e : events) {
            if (e.kind() != EventKind.TRANSITION) {
                continue;
            }
            String key = e.resourceType() + "/" + e.resourceId();
            String prev = chain.get(key);
            if (!Objects.equals(prev, e.from())) {
                broken++;
            }
            chain.put(key, e.to());
        }
        for (var entry : chain.entrySet()) {
            String[] parts = entry.getKey().split("/");
            String table = parts[0].equals("job") ? "jobs" : ResourceMachines.byResource(parts[0]).orElseThrow().table();
            String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM " + table + " WHERE id = :id")
                    .bind("id", parts[1]).mapTo(String.class).one());
            if (!status.equals(entry.getValue())) {
                broken++;
            }
        }
        if (broken > 0) {
            v.add(broken + " status changes without exactly one matching event");
        }
        return v;
    }

    /** Fires the pairs while the driver is slow enough for them to overlap, then waits until quiet. */
    private List<Answer[]> race(Race race, List<String> shares) {
        DriverSettings before = node.driver().settings();
        node.driver().update(RACE_DRIVER);
        lastShares = List.copyOf(shares);
        Map<String, Integer> trial = new HashMap<>();
        for (int k = 0; k < shares.size(); k++) {
            trial.put(shares.get(k), k);
        }
        List<Answer[]> answers = RacePairs.fire(pool, shares,
                id -> RacePairs.send(clientFor(trial.get(id)), race.first(), id, "a"),
                id -> RacePairs.send(clientFor(trial.get(id) + 1), race.second(), id, "b"), done -> { });
        awaitQuiet();
        node.driver().update(before);
        return answers;
    }

    private LockstepClient clientFor(int k) {
        return clients.get(k % clients.size());
    }

    private List<String> availableShares(int n) {
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            LockstepClient c = clientFor(k);
            created.add(pool.submit(() -> c.call(c.manila().createShare(CreateShare.of("race-" + k, 1, "NFS")))
                    .share().id()));
        }
        List<String> ids = created.stream().map(RacePairs::get).toList();
        awaitQuiet();
        return ids;
    }

    /** Waits until no work is pending and nothing is in a transitional state. */
    public void awaitQuiet() {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (node.workQueue().pendingCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service did not become quiet in 5 minutes");
            }
            try {
                node.workQueue().signal().awaitChange(node.workQueue().signal().version(), 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String shareStatus(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM shares WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    /** Whether the share began a second snapshot before the first one finished, from its events. */
    private boolean overlappingSnapshots(String shareId) {
        int inFlight = 0;
        for (Event e : node.events().after(0, Integer.MAX_VALUE,
                new io.lockstep.backend.event.EventLog.Filter("share", shareId, null))) {
            if (e.kind() == EventKind.TRANSITION && e.operation().equals("snapshot")) {
                inFlight += "snapshotting".equals(e.to()) ? 1 : -1;
                if (inFlight > 1) {
                    return true;
                }
            }
        }
        return false;
    }

    private int liveSnapshots(String shareId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM snapshots WHERE share_id = :id AND status <> 'deleted'")
                .bind("id", shareId).mapTo(Integer.class).one());
    }

    @Override
    public void close() {
        pool.shutdownNow();
        clients.forEach(LockstepClient::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
