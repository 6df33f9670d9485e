package io.lockstep.backend.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.backend.db.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ZooKeeper coordinator against a real ZooKeeper server (curator-test), two nodes, real threads. */
class ZooKeeperCoordinatorTest {

    private static final Duration SESSION = Duration.ofSeconds(4);
    private static TestingServer zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
    }

    private static ZooKeeperCoordinator node(String id) {
        return ZooKeeperCoordinator.connect(zk.getConnectString(), id, SESSION);
    }

    private static Holder holder(String node, String purpose) {
        return new Holder(node, "share", purpose);
    }

    @Test
    void twoNodesNeverHoldTheLockTogether() throws Exception {
        try (ZooKeeperCoordinator a = node("node-a"); ZooKeeperCoordinator b = node("node-b");
             Database db = Database.h2Memory()) {
            db.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE race_counter (n INT NOT NULL)");
                h.execute("INSERT INTO race_counter VALUES (0)");
            });
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            int iterations = 25;
            for (int t = 0; t < 8; t++) {
                ZooKeeperCoordinator c = t % 2 == 0 ? a : b;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < iterations; i++) {
                        try (LockLease ignored = c.acquire("share/shared", holder(c.nodeId(), "count"),
                                Duration.ofSeconds(30))) {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            // Read, then write: only the lock keeps concurrent increments from being lost.
                            int n = db.jdbi().withHandle(h -> h.createQuery("SELECT n FROM race_counter")
                                    .mapTo(Integer.class).one());
                            db.jdbi().useHandle(h -> h.createUpdate("UPDATE race_counter SET n = :n")
                                    .bind("n", n + 1).execute());
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(overlaps).hasValue(0);
            int counted = db.jdbi().withHandle(h -> h.createQuery("SELECT n FROM race_counter")
                    .mapTo(Integer.class).one());
            assertThat(counted).isEqualTo(8 * iterations);
            LockStats stats = a.lockStats().get(0);
            assertThat(stats.family()).isEqualTo("share");
            assertThat(stats.acquisitions()).isEqualTo(4L * iterations);
            assertThat(stats.contended()).isPositive();
        }
    }

    @Test
    void anyNodeSeesHolderWaitersAndGrowingFencingTokens() throws Exception {
        try (ZooKeeperCoordinator a = node("node-a"); ZooKeeperCoordinator b = node("node-b")) {
            LockLease first = a.acquire("share/s1", holder("node-a", "api:delete"), Duration.ofSeconds(5));
            assertThat(a.locksHeldByCurrentThread()).isEqualTo(1);
            CountDownLatch waiting = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Long> second = pool.submit(() -> {
                waiting.countDown();
                try (LockLease l = b.acquire("share/s1", holder("node-b", "worker:create"), Duration.ofSeconds(20))) {
                    return l.fencingToken();
                }
            });
            waiting.await();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.heldLocks().stream()
                    .anyMatch(l -> l.name().equals("share/s1") && !l.waiters().isEmpty()));
            LockInfo seenFromB = b.heldLocks().stream().filter(l -> l.name().equals("share/s1")).findFirst().orElseThrow();
            assertThat(seenFromB.holder()).isEqualTo(holder("node-a", "api:delete"));
            assertThat(seenFromB.waiters()).containsExactly(holder("node-b", "worker:create"));
            assertThat(seenFromB.fencingToken()).isEqualTo(first.fencingToken());
            first.close();
            assertThat(a.locksHeldByCurrentThread()).isZero();
            assertThat(second.get(20, TimeUnit.SECONDS)).isGreaterThan(first.fencingToken());
            pool.shutdown();
            await().atMost(Duration.ofSeconds(5)).until(() -> a.heldLocks().stream()
                    .noneMatch(l -> l.name().equals("share/s1")));
        }
    }

    @Test
    void aWaitThatRunsOutNamesTheHolder() {
        try (ZooKeeperCoordinator a = node("node-a"); ZooKeeperCoordinator b = node("node-b");
             LockLease held = a.acquire("share/busy", holder("node-a", "api:extend"), Duration.ofSeconds(5))) {
            assertThat(held.name()).isEqualTo("share/busy");
            assertThatThrownBy(() -> b.acquire("share/busy", holder("node-b", "api:delete"), Duration.ofMillis(300)))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("share@node-a (api:extend)");
            assertThat(b.lockStats().get(0).timeouts()).isEqualTo(1);
        }
    }

    @Test
    void anExpiredSessionGivesTheLockUp() throws Exception {
        try (ZooKeeperCoordinator a = node("node-a"); ZooKeeperCoordinator b = node("node-b")) {
            LockLease held = a.acquire("share/s2", holder("node-a", "worker:delete"), Duration.ofSeconds(5));
            assertThat(held.fencingToken()).isPositive();
            a.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            try (LockLease taken = b.acquire("share/s2", holder("node-b", "worker:delete"), Duration.ofSeconds(20))) {
                assertThat(taken.fencingToken()).isGreaterThan(held.fencingToken());
                assertThat(b.heldLocks()).extracting(LockInfo::holder).contains(holder("node-b", "worker:delete"));
            }
            held.close(); // harmless: the session that held it is gone
        }
    }

    @Test
    void anExpiredSessionMovesLeadershipToANewTerm() throws Exception {
        try (ZooKeeperCoordinator a = node("node-a"); ZooKeeperCoordinator b = node("node-b")) {
            Holder seatA = new Holder("node-a", "cleanup", "leader duties");
            Holder seatB = new Holder("node-b", "cleanup", "leader duties");
            Election leader = a.join("cleanup-expiry", seatA);
            await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
            long term = leader.term();
            Election follower = b.join("cleanup-expiry", seatB);
            List<Boolean> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            leader.onChange(heard::add);
            a.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            await().atMost(Duration.ofSeconds(20)).until(follower::isLeader);
            await().atMost(Duration.ofSeconds(20)).until(() -> follower.term() == term + 1);
            assertThat(heard).contains(false); // the old leader was told before anyone else led
            ElectionInfo seen = b.elections().stream().filter(e -> e.name().equals("cleanup-expiry")).findFirst()
                    .orElseThrow();
            assertThat(seen.leader()).isEqualTo(seatB);
            assertThat(seen.term()).isEqualTo(term + 1);
            follower.close();
            leader.close();
        }
    }
}
