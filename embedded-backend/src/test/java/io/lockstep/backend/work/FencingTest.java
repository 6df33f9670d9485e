package io.lockstep.backend.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.LockstepClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * A node pauses (a long GC pause) after its storage call and before recording the result; its session
 * expires and its lease runs out, another node redoes the work and finishes it. When the paused node
 * wakes, its late write is refused by the owner test-and-set: one completion, one event, no damage.
 */
class FencingTest {

    private static final String TOKEN = "fencing-admin-token";

    @Test
    void aNodeThatWasPausedCannotFinishWorkAnotherTookOver() throws Exception {
        String db = ClusterNodes.sharedDatabase("fencing");
        SimulatedDriver storage = new SimulatedDriver(new DriverSettings(300L, 400L, 0.0, 100_000L, 1L));
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode a = node(zk, "node-a", db, storage);
             LockstepClient client = LockstepClient.connect(a.uri(), TOKEN)) {
            String id = client.call(client.manila().createShare(CreateShare.of("fenced", 1, "NFS"))).share().id();
            // node-a's worker is inside the storage call: pause the node past its lease and session.
            await().atMost(Duration.ofSeconds(5)).until(() -> storage.calls("create_share", id) == 1);
            a.pause(Duration.ofSeconds(4));
            try (ServiceNode b = node(zk, "node-b", db, storage)) {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        client.call(client.manila().share(id)).share().status().equals("available"));
                assertThat(storage.calls("create_share", id)).isEqualTo(2); // b redid it; the call is idempotent
                // node-a wakes up and tries to record its own result: fenced off, nothing written.
                await().atMost(Duration.ofSeconds(15)).until(() -> a.workQueue().pendingCount() == 0
                        && !a.pausedNow());
                List<Event> events = client.call(client.lockstep().events(0, 100, "share", id)).events();
                assertThat(events).filteredOn(e -> e.kind() == EventKind.TRANSITION)
                        .extracting(Event::from, Event::to)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "creating"),
                                org.assertj.core.groups.Tuple.tuple("creating", "available"));
                assertThat(events).filteredOn(e -> e.kind() == EventKind.TRANSITION && "available".equals(e.to())).singleElement()
                        .satisfies(e -> assertThat(e.actor()).contains("node-b"));
            }
        }
    }

    private static ServiceNode node(TestingServer zk, String id, String db, SimulatedDriver storage) {
        return ClusterNodes.node(zk, id, db, storage, TOKEN, Duration.ofSeconds(2))
                .workers(2, Duration.ofSeconds(1), 5)
                .start();
    }
}
