package io.lockstep.backend.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.coordination.BreakLock;
import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.api.coordination.StepDown;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.service.ServiceSwitch;
import io.lockstep.backend.Calls;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.LockLease;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The operator's guarded actions on a real ZooKeeper cluster of two nodes: step a leader down, break
 * the lock of a holder that is gone (and only then), disable a service; each leaves an event naming
 * the operator.
 */
class OperatorActionsTest {

    private static final String TOKEN = "operator-actions-admin";

    private final SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L));

    private ServiceNode node(TestingServer zk, String id, String db) {
        return ClusterNodes.node(zk, id, db, storage, TOKEN, Duration.ofSeconds(5))
                .workers(1, Duration.ofSeconds(30), 5)
                .start();
    }

    private static ElectionView cleanup(LockstepClient c) {
        return c.call(c.lockstep().leaders()).elections().stream().filter(e -> e.name().equals("cleanup"))
                .findFirst().orElseThrow();
    }

    private static List<Event> events(LockstepClient c, String type, String id) {
        return c.call(c.lockstep().events(0, 500, type, id)).events();
    }

    private static int status(Runnable call) {
        return Calls.status(call, 200);
    }

    @Test
    void anOperatorStepsTheLeaderDownAndTheOtherNodeTakesOverInTheNextTerm() throws Exception {
        String db = ClusterNodes.sharedDatabase("step-down");
        try (TestingServer zk = new TestingServer(true);
             ServiceNode a = node(zk, "node-a", db);
             ServiceNode b = node(zk, "node-b", db);
             LockstepClient client = LockstepClient.connect(a.uri(), TOKEN)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cleanup(client).leader() != null
                    && cleanup(client).participants().size() == 2);
            ElectionView before = cleanup(client);

            assertThat(status(() -> client.call(client.lockstep().stepDown("cleanup", new StepDown(before.term() + 5)))))
                    .isEqualTo(409);
            assertThat(status(() -> client.call(client.lockstep().stepDown("cleanup", new StepDown(null)))))
                    .isEqualTo(400);
            assertThat(status(() -> client.call(client.lockstep().stepDown("no-such", new StepDown(1L)))))
                    .isEqualTo(404);
            assertThat(cleanup(client).term()).isEqualTo(before.term());

            client.call(client.lockstep().stepDown("cleanup", new StepDown(before.term())));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ElectionView after = cleanup(client);
                assertThat(after.leader()).isNotNull();
                assertThat(after.leader().node()).isNotEqualTo(before.leader().node());
                assertThat(after.term()).isEqualTo(before.term() + 1);
                assertThat(after.participants()).hasSize(2); // the old leader rejoined at the back
            });
            assertThat(events(client, "election", "cleanup")).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.LEADER);
                assertThat(e.operation()).isEqualTo("step-down");
                assertThat(e.from()).isEqualTo(before.leader().node());
                assertThat(e.actor()).startsWith("admin@p1#");
            });
        }
    }

    @Test
    void aLockIsBrokenOnlyWhenItsHolderIsGoneAndTheNextWaiterGetsIt() throws Exception {
        String db = ClusterNodes.sharedDatabase("break-lock");
        try (TestingServer zk = new TestingServer(true);
             ServiceNode a = node(zk, "node-a", db);
             ZooKeeperCoordinator ghost = ZooKeeperCoordinator.connect(zk.getConnectString(), "ghost",
                     Duration.ofSeconds(5));
             LockstepClient client = LockstepClient.connect(a.uri(), TOKEN)) {
            // A holder on a live node: not breakable.
            try (LockLease live = a.coordinator().acquire("share:live", new Holder("node-a", "test", "hold"),
                    Duration.ofSeconds(5))) {
                LockHolding seen = holding(client, "share:live");
                assertThat(seen.holderAlive()).isTrue();
                assertThat(status(() -> client.call(client.lockstep().breakLock(
                        new BreakLock("share:live", seen.fencingToken()))))).isEqualTo(409);
                assertThat(holding(client, "share:live").fencingToken()).isEqualTo(live.fencingToken());
            }

            // A holder whose process is no service of the cluster (a hung script, a node that left): breakable.
            LockLease stuck = ghost.acquire("share:stuck", new Holder("ghost", "script", "forgot to release"),
                    Duration.ofSeconds(5));
            CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
                try (LockLease next = a.coordinator().acquire("share:stuck", new Holder("node-a", "worker", "waits"),
                        Duration.ofSeconds(20))) {
                    return next.fencingToken();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> holding(client, "share:stuck").waiters().size() == 1);
            LockHolding seen = holding(client, "share:stuck");
            assertThat(seen.holderAlive()).isFalse();
            assertThat(seen.holder().node()).isEqualTo("ghost");

            assertThat(status(() -> client.call(client.lockstep().breakLock(new BreakLock("share:stuck", null)))))
                    .isEqualTo(400);
            assertThat(status(() -> client.call(client.lockstep().breakLock(
                    new BreakLock("share:stuck", seen.fencingToken() + 1))))).isEqualTo(409);
            assertThat(status(() -> client.call(client.lockstep().breakLock(new BreakLock("share:none", 1L)))))
                    .isEqualTo(404);

            client.call(client.lockstep().breakLock(new BreakLock("share:stuck", seen.fencingToken())));
            long next = waiter.get(10, TimeUnit.SECONDS);
            assertThat(next).isGreaterThan(seen.fencingToken());
            stuck.close(); // the ghost's late release finds its node gone and harms nobody

            assertThat(events(client, "lock", "share:stuck")).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.LOCK);
                assertThat(e.operation()).isEqualTo("break");
                assertThat(e.from()).isEqualTo("ghost");
                assertThat(e.actor()).startsWith("admin@p1#");
            });
        }
    }

    @Test
    void disablingAServiceIsRecordedWithTheOperatorsName() throws Exception {
        String db = ClusterNodes.sharedDatabase("disable");
        try (TestingServer zk = new TestingServer(true);
             ServiceNode a = node(zk, "node-a", db);
             LockstepClient client = LockstepClient.connect(a.uri(), TOKEN)) {
            var share = client.call(client.lockstep().services()).services().stream()
                    .filter(s -> s.binary().equals("lockstep-share")).findFirst().orElseThrow();
            client.call(client.manila().disableService(new ServiceSwitch(share.host(), share.binary(), "maintenance")));
            client.call(client.manila().disableService(new ServiceSwitch(share.host(), share.binary(), "again")));
            client.call(client.manila().enableService(new ServiceSwitch(share.host(), share.binary(), null)));
            assertThat(events(client, "service", String.valueOf(share.id())))
                    .filteredOn(e -> e.actor().startsWith("admin@"))
                    .extracting(Event::operation, Event::to)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("disable", "disabled"),
                            org.assertj.core.groups.Tuple.tuple("enable", "enabled"));
        }
    }

    private static LockHolding holding(LockstepClient c, String name) {
        return c.call(c.lockstep().locks()).held().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not held"));
    }
}
