package io.lockstep.backend.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.coordination.ElectionInfo;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Kill a node while it works: its items are abandoned, their leases run out, the other node finishes
 * them, nothing stays in a transitional state, every share changes status exactly once per step, and
 * leadership moves on.
 */
class KillTest {

    private static final String TOKEN = "kill-admin-token";

    @Test
    void aKilledNodesWorkIsFinishedElsewhereAndItsLeadershipMoves() throws Exception {
        String db = ClusterNodes.sharedDatabase("kill");
        SimulatedDriver storage = new SimulatedDriver(new DriverSettings(600L, 900L, 0.0, 100_000L, 1L));
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode a = node(zk, "node-a", db, storage);
             ServiceNode b = node(zk, "node-b", db, storage)) {
            // Every node takes part in the cleanup election; whichever leads is the one to kill.
            await().atMost(Duration.ofSeconds(10)).until(() -> cleanup(a) != null && cleanup(a).leader() != null
                    && cleanup(a).participants().size() == 2);
            boolean aLeads = cleanup(a).leader().node().equals("node-a");
            ServiceNode victim = aLeads ? a : b;
            ServiceNode survivor = aLeads ? b : a;
            long term = cleanup(survivor).term();
            try (LockstepClient client = LockstepClient.connect(survivor.uri(), TOKEN)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ids.add(client.call(client.manila().createShare(CreateShare.of("k" + i, 1, "NFS"))).share().id());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> victim.workersBusy() > 0); // mid-work
                victim.kill();

                await().atMost(Duration.ofSeconds(30)).until(() -> Listings.allShares(client).stream()
                        .filter(s -> ids.contains(s.id())).allMatch(s -> s.status().equals("available")));
                assertThat(Listings.allShares(client)).filteredOn(s -> ids.contains(s.id()))
                        .extracting(Share::status).containsOnly("available");
                for (String id : ids) {
                    List<Event> transitions = client.call(client.lockstep().events(0, 100, "share", id)).events()
                            .stream().filter(e -> e.kind() == EventKind.TRANSITION).toList();
                    assertThat(transitions).extracting(Event::to).containsExactly("creating", "available");
                }
                String survivorId = survivor == a ? "node-a" : "node-b";
                await().atMost(Duration.ofSeconds(10)).until(() -> cleanup(survivor).leader() != null
                        && cleanup(survivor).leader().node().equals(survivorId));
                assertThat(cleanup(survivor).term()).isEqualTo(term + 1);
            }
        }
    }

    private static ElectionInfo cleanup(ServiceNode n) {
        return n.coordinator().elections().stream().filter(e -> e.name().equals(ServiceNode.CLEANUP_ELECTION))
                .findFirst().orElse(null);
    }

    private static ServiceNode node(TestingServer zk, String id, String db, SimulatedDriver storage) {
        return ClusterNodes.node(zk, id, db, storage, TOKEN, Duration.ofSeconds(2))
                .workers(4, Duration.ofSeconds(1), 5)
                .start();
    }
}
