package io.lockstep.backend.replica;

import static io.lockstep.backend.replica.ReplicaTest.ADMIN;
import static io.lockstep.backend.replica.ReplicaTest.activeOf;
import static io.lockstep.backend.replica.ReplicaTest.replica;
import static io.lockstep.backend.replica.ReplicaTest.replicatedShare;
import static io.lockstep.backend.replica.ReplicaTest.replicas;
import static io.lockstep.backend.replica.ReplicaTest.share;
import static io.lockstep.backend.replica.ReplicaTest.show;
import static io.lockstep.backend.replica.ReplicaTest.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.ReplicationSettings;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.ManilaHttp.Answer;
import io.lockstep.backend.coordination.ElectionInfo;
import io.lockstep.backend.driver.ReplicaHealth;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.leader.ReplicationLeader;
import io.lockstep.backend.node.ServiceNode;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The races issue 20 names, with real threads released by a barrier against the real database, and the
 * invariants checked once the system is quiet: one active replica per share, the share never left in
 * replication_change, no replica outliving its share, a poll result read before a newer change never
 * written over it, and the polling going on after its leader dies.
 */
class ReplicaRaceTest {

    private static final int ROUNDS = 6;

    /** Two requests released together; their answers in order. */
    private static List<Answer> race(ExecutorService pool, java.util.function.Supplier<Answer> a,
                                     java.util.function.Supplier<Answer> b) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<Answer> fa = pool.submit(() -> {
            barrier.await(10, TimeUnit.SECONDS);
            return a.get();
        });
        Future<Answer> fb = pool.submit(() -> {
            barrier.await(10, TimeUnit.SECONDS);
            return b.get();
        });
        return List.of(fa.get(30, TimeUnit.SECONDS), fb.get(30, TimeUnit.SECONDS));
    }

    private static boolean accepted(Answer a) {
        return a.code() / 100 == 2;
    }

    private static Answer action(ManilaHttp m, String replica, String action) {
        return m.send(ADMIN, "POST", "/share-replicas/" + replica + "/action", "{\"" + action + "\": null}");
    }

    private static void quiet(ManilaHttp m, String share) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "available".equals(share(m, share).get("status").asText())
                && replicas(m, share).stream().noneMatch(r -> List.of("creating", "replication_change", "deleting")
                .contains(r.get("status").asText())));
    }

    private static String inSync(ManilaHttp m, String share) {
        String r = replica(m, share);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(m, r).equals("available/in_sync"));
        return r;
    }

    @Test
    void promotesResyncsDeletesSnapshotsAndShareDeletesNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int[] wins = new int[5];
        try (ServiceNode node = ReplicaTest.single()) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            for (int round = 0; round < ROUNDS; round++) {
                String share = replicatedShare(m);
                String x = inSync(m, share);
                String y = inSync(m, share);

                // two promotes: exactly one is accepted; the share ends with one active replica
                List<Answer> two = race(pool, () -> action(m, x, "promote"), () -> action(m, y, "promote"));
                assertThat(two.stream().filter(ReplicaRaceTest::accepted).count()).as(two.toString()).isEqualTo(1);
                assertThat(two.stream().filter(a -> a.code() == 409).count()).isEqualTo(1);
                quiet(m, share);
                String active = activeOf(m, share);
                assertThat(active).isEqualTo(accepted(two.get(0)) ? x : y);
                wins[0] += accepted(two.get(0)) ? 1 : 0;

                // promote against resync of the other secondaries: the share is held by one at a time
                String old = replicas(m, share).stream().map(r -> r.get("id").asText())
                        .filter(id -> !id.equals(x) && !id.equals(y)).findFirst().orElseThrow();
                String other = active.equals(x) ? y : x;
                List<Answer> pr = race(pool, () -> action(m, other, "promote"), () -> action(m, old, "resync"));
                assertThat(pr.stream().filter(ReplicaRaceTest::accepted).count()).as(pr.toString()).isEqualTo(1);
                quiet(m, share);
                wins[1] += accepted(pr.get(0)) ? 1 : 0;
                String nowActive = activeOf(m, share);

                // promote against delete of one secondary: one wins; a deleted replica never becomes active
                String target = replicas(m, share).stream().map(r -> r.get("id").asText())
                        .filter(id -> !id.equals(nowActive)).findFirst().orElseThrow();
                List<Answer> pd = race(pool, () -> action(m, target, "promote"),
                        () -> m.send(ADMIN, "DELETE", "/share-replicas/" + target, null));
                assertThat(pd.stream().filter(ReplicaRaceTest::accepted).count()).as(pd.toString()).isEqualTo(1);
                quiet(m, share);
                if (accepted(pd.get(0))) {
                    assertThat(activeOf(m, share)).isEqualTo(target);
                    wins[2]++;
                } else {
                    await().atMost(Duration.ofSeconds(20)).until(() -> show(m, target) == null);
                    assertThat(activeOf(m, share)).isEqualTo(nowActive);
                }

                // snapshot against promote: the share holds one of them
                String secondary = replicas(m, share).stream().filter(r -> !r.get("replica_state").asText()
                        .equals("active")).map(r -> r.get("id").asText()).findFirst().orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> state(m, secondary).startsWith("available/"));
                List<Answer> sp = race(pool, () -> m.send(ADMIN, "POST", "/snapshots", "{\"snapshot\": {\"share_id\": \""
                        + share + "\"}}"), () -> action(m, secondary, "promote"));
                assertThat(sp.stream().filter(ReplicaRaceTest::accepted).count()).as(sp.toString()).isEqualTo(1);
                quiet(m, share);
                wins[3] += accepted(sp.get(0)) ? 1 : 0;
                assertThat(activeOf(m, share)).isNotNull();
            }

            // a share's delete against its first replica's create: never a replica on a deleted share
            for (int round = 0; round < ROUNDS; round++) {
                String share = replicatedShare(m);
                List<Answer> dc = race(pool, () -> m.send(ADMIN, "DELETE", "/shares/" + share, null),
                        () -> ReplicaTest.addReplica(m, share));
                assertThat(dc.stream().filter(ReplicaRaceTest::accepted).count()).as(dc.toString()).isEqualTo(1);
                if (accepted(dc.get(0))) {
                    wins[4]++;
                    await().atMost(Duration.ofSeconds(20)).until(() -> m.send(ADMIN, "GET", "/shares/" + share, null)
                            .code() == 404);
                    assertThat(replicas(m, share)).isEmpty();
                } else {
                    quiet(m, share);
                    assertThat(replicas(m, share)).hasSize(2);
                    activeOf(m, share);
                }
            }
            System.out.printf("replica races, %d rounds each: promote x promote first won %d; promote x resync: "
                    + "promote %d; promote x delete: promote %d; snapshot x promote: snapshot %d; share delete x "
                    + "replica create: delete %d; 0 violations%n", ROUNDS, wins[0], wins[1], wins[2], wins[3], wins[4]);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A backend whose health answer waits until the test lets it go, so that the poll's read goes stale. */
    private static ShareDriver heldHealth(CountDownLatch asked, CountDownLatch answer) {
        return (ShareDriver) Proxy.newProxyInstance(ShareDriver.class.getClassLoader(), new Class<?>[] {
                ShareDriver.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("replicaHealth")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asked.countDown();
                    assertThat(answer.await(30, TimeUnit.SECONDS)).isTrue();
                    return new ReplicaHealth(false, 99, "held for the test");
                });
    }

    @Test
    void aPollResultReadBeforeAPromoteOrAResyncIsNeverWrittenOverIt() throws Exception {
        try (ServiceNode node = ReplicaTest.single()) {
            // the node's own leader polls slowly here, so that only the held poll moves anything
            node.driver().replication().update(new ReplicationSettings(null, null, null, 3_600_000L));
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            String share = replicatedShare(m);
            String x = inSync(m, share);
            String y = inSync(m, share);
            for (String change : List.of("promote", "resync")) {
                // y in step when the poll reads it (the first round's answer rightly moved it behind)
                m.send(ADMIN, "POST", "/share-replicas/" + y + "/action",
                        "{\"reset_replica_state\": {\"replica_state\": \"in_sync\"}}");
                CountDownLatch asked = new CountDownLatch(1);
                CountDownLatch answer = new CountDownLatch(1);
                ReplicationPoll poll = new ReplicationPoll(node.database().jdbi(), node.transitions(),
                        heldHealth(asked, answer), Clock.systemUTC(), "test-node");
                var round = Executors.newSingleThreadExecutor().submit(poll::poll);
                assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
                String target = change.equals("promote") ? x : y;
                if (change.equals("resync")) {
                    // behind, then back in step after the poll read it
                    m.send(ADMIN, "POST", "/share-replicas/" + target + "/action",
                            "{\"reset_replica_state\": {\"replica_state\": \"out_of_sync\"}}");
                }
                assertThat(action(m, target, change).code()).isEqualTo(202);
                String expected = change.equals("promote") ? "available/active" : "available/in_sync";
                await().atMost(Duration.ofSeconds(20)).until(() -> state(m, target).equals(expected));
                answer.countDown();
                ReplicationPoll.Round r = round.get(30, TimeUnit.SECONDS);
                assertThat(r.stale()).as(change + ": the stale result was dropped: " + r).isGreaterThanOrEqualTo(1);
                assertThat(state(m, target)).as("after the stale poll").isEqualTo(expected);
                assertThat(activeOf(m, share)).isEqualTo(x);
            }
        }
    }

    @Test
    void whenTheReplicationLeaderDiesTheNextOneGoesOnPolling() throws Exception {
        String db = ClusterNodes.sharedDatabase("replication-leader");
        SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L));
        storage.replication().update(new ReplicationSettings(40L, List.of(), false, 200L));
        try (TestingServer zk = new TestingServer(true);
             java.sql.Connection keeper = java.sql.DriverManager.getConnection(db);
             ServiceNode a = node(zk, "node-a", db, storage);
             ServiceNode b = node(zk, "node-b", db, storage)) {
            ManilaHttp m = new ManilaHttp(a.uri(), t -> "p1", "2.80");
            await().atMost(Duration.ofSeconds(20)).until(() -> leader(a) != null);
            String first = leader(a);
            ServiceNode victim = first.equals("node-a") ? a : b;
            ServiceNode survivor = victim == a ? b : a;
            ManilaHttp s = new ManilaHttp(survivor.uri(), t -> "p1", "2.80");
            String share = replicatedShare(s);
            String secondary = inSync(s, share);
            long killed = System.nanoTime();
            victim.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.coordinator().nodeId().equals(leader(survivor)));
            long elected = System.nanoTime();
            String activePool = ReplicaTest.pool(show(s, activeOf(s, share)).get("host").asText());
            storage.replication().update(new ReplicationSettings(null, List.of(activePool), null, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> state(s, secondary).equals("available/out_of_sync"));
            long behind = System.nanoTime();
            var poll = survivor.events().after(0, 10_000, new EventLog.Filter("share_replica_state", secondary, null))
                    .stream().filter(e -> "poll".equals(e.operation())).toList();
            assertThat(poll).hasSize(1);
            assertThat(poll.get(0).actor()).contains(survivor.coordinator().nodeId());
            System.out.printf("replication leader failover: %s killed, %s elected %d ms later, a secondary marked "
                    + "out_of_sync %d ms after its pool went down (poll interval 200 ms, session timeout 2 s)%n",
                    victim.coordinator().nodeId(), survivor.coordinator().nodeId(), (elected - killed) / 1_000_000,
                    (behind - elected) / 1_000_000);
        }
    }

    private static String leader(ServiceNode n) {
        return n.coordinator().elections().stream().filter(e -> e.name().equals(ReplicationLeader.ELECTION))
                .map(ElectionInfo::leader).filter(java.util.Objects::nonNull).map(h -> h.node()).findFirst()
                .orElse(null);
    }

    private static ServiceNode node(TestingServer zk, String id, String db, SimulatedDriver storage) {
        return ClusterNodes.node(zk, id, db, storage, ADMIN, Duration.ofSeconds(2))
                .workers(2, Duration.ofSeconds(1), 5).start();
    }
}
