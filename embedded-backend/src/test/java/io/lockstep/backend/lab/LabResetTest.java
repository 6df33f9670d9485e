package io.lockstep.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.lab.LabResetReport;
import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.conflict.DescriptorClient;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** One action puts the lab back: nodes running, every resource ended through the API with its event, settings back. */
class LabResetTest {

    private static final String TOKEN = "lab-reset-admin-token-0001";

    @Test
    void aResetEndsEveryResourceThroughTheApiRestartsNodesAndPutsTheSettingsBack() throws Exception {
        DriverSettings labDriver = new DriverSettings(20L, 60L, 0.0, 100_000L, 3L);
        var config = new LabCluster.Config(2, 1, "127.0.0.1", 0, null,
                TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2), labDriver);
        try (LabCluster lab = LabCluster.start(config); LockstepClient client = LockstepClient.connect(lab.uri(), TOKEN)) {
            Assertions.assertThatThrownBy(() -> client.call(client.lockstep().labReset()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
            DescriptorClient d = new DescriptorClient(lab.uri(), Map.of(Role.ADMIN, TOKEN), "p1");
            // one of every kind a client ends (each brings its parents), in another project too
            List<String[]> made = new ArrayList<>();
            for (StateMachine m : LabReset.endable()) {
                made.add(new String[] {m.resource(), d.createAvailable(d.machine(m.resource()))});
            }
            String elsewhere = d.inProject("p2").createAvailable(d.machine("share"));
            made.add(new String[] {"share", elsewhere});
            // a share in the recycle bin, one whose delete failed, a node down, storage that fails everything
            String binned = d.createAvailable(d.machine("share"));
            var share = d.machine("share");
            assertThat(d.start(share, DescriptorClient.operation(share, "soft_delete"), binned, Role.ADMIN, "available")
                    .accepted()).isTrue();
            made.add(new String[] {"share", binned});
            client.call(client.lockstep().labNodeAction("share-1", "kill", null));
            client.call(client.lockstep().updateDriver(new DriverSettings(null, null, 1.0, null, null)));
            client.call(client.lockstep().updateNetwork(new NetworkPluginSettings(null, null, 1.0, null)));
            String failed = d.createAvailable(d.machine("share_network"));
            made.add(new String[] {"share_network", failed});

            LabResetReport started = client.call(client.lockstep().resetLab());
            assertThat(started.status()).isEqualTo(LabResetReport.RUNNING);
            LabResetReport report = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.call(client.lockstep().labReset()), LabResetReport::done);

            assertThat(report.remaining()).isEmpty();
            assertThat(report.restarted()).containsExactly("share-1");
            assertThat(report.ended()).isGreaterThanOrEqualTo(made.size());
            assertThat(client.call(client.lockstep().labNodes()).nodes()).extracting(LabNode::state)
                    .containsOnly("running");
            for (String[] r : made) {
                // read from the log itself: the history route shows an admin its own project's events
                List<String> moves = lab.jdbi().withHandle(h -> h.createQuery("SELECT to_status FROM events WHERE "
                        + "kind = :kind AND resource_type = :t AND resource_id = :id ORDER BY id")
                        .bind("kind", io.lockstep.api.event.EventKind.TRANSITION.wireName()).bind("t", r[0]).bind("id", r[1]).mapTo(String.class).list());
                assertThat(moves).as(r[0] + " " + r[1] + " ends with its event").isNotEmpty();
                assertThat(moves.get(moves.size() - 1)).as(r[0] + " " + r[1])
                        .isEqualTo(io.lockstep.backend.statemachine.ResourceMachines.byResource(r[0]).orElseThrow()
                                .terminalState());
            }
            for (StateMachine m : LabReset.endable()) {
                int live = lab.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + m.table() + " WHERE "
                        + m.column() + " <> :t").bind("t", m.terminalState()).mapTo(Integer.class).one());
                assertThat(live).as("live " + m.resource()).isZero();
            }
            assertThat(lab.storage().settings()).isEqualTo(DriverSettings.DEFAULTS.merge(labDriver));
            assertThat(lab.storage().network().settings()).isEqualTo(NetworkPluginSettings.DEFAULTS);
            assertThat(client.call(client.lockstep().events(0, 1000, "node", "lab")).events())
                    .anyMatch(e -> "reset".equals(e.operation()) && "reset".equals(e.to()));
        }
    }
}
