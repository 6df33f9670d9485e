package io.lockstep.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.EventStream;
import io.lockstep.client.LockstepClient;
import io.lockstep.client.Trust;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * A client given several nodes moves to the next when the one it uses dies: calls carry on there and
 * the event stream resumes from its last id, with no event missed or seen twice.
 */
class EndpointFailoverTest {

    private static final String TOKEN = "failover-admin-token-1";

    @Test
    void callsAndTheEventStreamMoveToTheNextNode() throws Exception {
        String db = ClusterNodes.sharedDatabase("failover");
        SimulatedDriver storage = new SimulatedDriver(new io.lockstep.api.lab.DriverSettings(1L, 5L, 0.0, 10_000L, 1L));
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode b = ClusterNodes.node(zk, "b", db, storage, TOKEN, Duration.ofSeconds(3)).start()) {
            ServiceNode a = ClusterNodes.node(zk, "a", db, storage, TOKEN, Duration.ofSeconds(3)).start();
            try (LockstepClient c = LockstepClient.connect(List.of(a.uri(), b.uri()), TOKEN, Trust.system())) {
                List<Long> seen = new CopyOnWriteArrayList<>();
                List<java.net.URI> switches = new CopyOnWriteArrayList<>();
                c.endpoints().onSwitch(switches::add);
                EventStream stream = c.events(0, e -> seen.add(e.id()));
                for (int i = 0; i < 5; i++) {
                    c.call(c.manila().createShare(CreateShare.of("before-" + i, 1, "NFS")));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 10); // creating, available

                a.kill();
                for (int i = 0; i < 5; i++) {
                    c.call(c.manila().createShare(CreateShare.of("after-" + i, 1, "NFS")));
                }
                assertThat(c.baseUri()).isEqualTo(b.uri());
                assertThat(switches).containsExactly(b.uri());
                long last = c.call(c.lockstep().events(0, 1, null, null)).lastId();
                await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty() && seen.get(seen.size() - 1) >= last);
                stream.close();
                List<Long> upTo = seen.stream().filter(id -> id <= last).toList();
                assertThat(upTo).doesNotHaveDuplicates().isSorted();
                assertThat(upTo).hasSize((int) last).startsWith(1L);
            }
        }
    }
}
