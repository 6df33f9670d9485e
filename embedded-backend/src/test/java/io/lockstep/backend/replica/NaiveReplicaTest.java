package io.lockstep.backend.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.ReplicationSettings;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.scenario.NaiveStatusWriter;
import io.lockstep.backend.scenario.NoLockCoordinator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The naive variant differs from the service only in how it checks and writes a state, so with nothing
 * racing it must make a replica as the service does. It once wrote every machine's state into
 * {@code status}, a replica's {@code replica_state} too: every replica it made ended in error, and the
 * conflict bench counted that broken set-up as violations in every cell a replica took part in.
 */
class NaiveReplicaTest {

    @Test
    void theNaiveVariantMakesAReplicaWhenNothingRacesIt() {
        try (ServiceNode node = ServiceNode.builder().nodeId("naive")
                .tokens(TokenStore.of(List.of(new TokenStore.Token(ReplicaTest.ADMIN, Role.ADMIN, "p1"))))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L))
                .statusWriter(new NaiveStatusWriter(2)).coordinator(new NoLockCoordinator())
                .cleanup(Duration.ofMillis(200), Duration.ofSeconds(5)).start()) {
            node.driver().replication().update(new ReplicationSettings(40L, List.of(), false, 150L));
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            String share = ReplicaTest.replicatedShare(m);
            String secondary = ReplicaTest.replica(m, share);

            await().atMost(Duration.ofSeconds(20)).until(() -> ReplicaTest.state(m, secondary)
                    .equals("available/in_sync"));
            String active = ReplicaTest.activeOf(m, share);
            assertThat(ReplicaTest.state(m, active)).isEqualTo("available/active");
        }
    }
}
