package io.lockstep.backend.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.HolderView;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.api.coordination.Locks;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.coordination.Election;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.LockLease;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Actions;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.UUID;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Two service nodes on one database and one real ZooKeeper: a lock or a leader on one node is seen
 * through the other node's API.
 */
class TwoNodeCoordinationTest {

    private static final String TOKEN = "two-node-admin-token";

    /** The storage backend both nodes' share services talk to. */
    private final SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L));

    private ServiceNode node(TestingServer zk, String id, String dbUrl) {
        return ClusterNodes.node(zk, id, dbUrl, storage, TOKEN, Duration.ofSeconds(5))
                .workers(2, Duration.ofSeconds(30), 5)
                .start();
    }

    @Test
    void locksAndLeadersOfOneNodeAreSeenThroughTheOther() throws Exception {
        String db = "jdbc:h2:mem:two-nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        try (TestingServer zk = new TestingServer(true);
             ServiceNode a = node(zk, "node-a", db);
             ServiceNode b = node(zk, "node-b", db);
             LockstepClient viaA = LockstepClient.connect(a.uri(), TOKEN);
             LockstepClient viaB = LockstepClient.connect(b.uri(), TOKEN)) {
            String id = viaA.call(viaA.manila().createShare(CreateShare.of("shared", 1, "NFS"))).share().id();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    viaB.call(viaB.manila().share(id)).share().status().equals("available"));
            viaB.call(viaB.manila().shareAction(id, Actions.extend(2)));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    viaA.call(viaA.manila().share(id)).share().size() == 2);

            Holder holder = new Holder("node-a", "api", "held by the test");
            try (LockLease lease = a.coordinator().acquire("share/" + id, holder, Duration.ofSeconds(5))) {
                Locks seen = viaB.call(viaB.lockstep().locks());
                assertThat(seen.coordinator()).isEqualTo("zookeeper");
                assertThat(seen.node()).isEqualTo("node-b");
                LockHolding held = seen.held().stream().filter(l -> l.name().equals("share/" + id)).findFirst()
                        .orElseThrow();
                assertThat(held.holder()).isEqualTo(new HolderView("node-a", "api", "held by the test"));
                assertThat(held.fencingToken()).isEqualTo(lease.fencingToken());
                assertThat(held.heldMs()).isGreaterThanOrEqualTo(0);
                assertThat(seen.stats()).anyMatch(s -> s.family().equals("share") && s.acquisitions() >= 1);
            }
            assertThat(viaB.call(viaB.lockstep().locks()).held()).noneMatch(l -> l.name().equals("share/" + id));

            try (Election election = a.coordinator().join("test-duty", new Holder("node-a", "test", "leader duties"))) {
                await().atMost(Duration.ofSeconds(10)).until(election::isLeader);
                ElectionView cleanup = viaB.call(viaB.lockstep().leaders()).elections().stream()
                        .filter(e -> e.name().equals("test-duty")).findFirst().orElseThrow();
                assertThat(cleanup.leader().node()).isEqualTo("node-a");
                assertThat(cleanup.term()).isEqualTo(election.term());
                assertThat(cleanup.since()).isNotNull();
            }
        }
    }
}
