package io.lockstep.backend.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.ManilaHttp.Answer;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Share and snapshot instances over real HTTP: one follows each share and snapshot in every change,
 * the admin's actions on an instance are its leader's (role, status check, guards), and the lists and
 * shows speak Manila's shapes.
 */
class InstanceApiTest {

    private static final String ADMIN = "instance-admin-token-00001";
    private static final String OPERATOR = "instance-operator-token-01";

    private static String status(ManilaHttp manila, String path, String envelope) {
        Answer a = manila.send(ADMIN, "GET", path, null);
        return a.code() == 404 ? "gone" : a.body().get(envelope).get("status").asText();
    }

    @Test
    void instancesFollowTheirShareAndSnapshotAndTheirActionsAreTheLeaders() {
        try (ServiceNode node = ServiceNode.builder().tokens(TokenStore.of(List.of(
                new TokenStore.Token(ADMIN, Role.ADMIN, "p1"), new TokenStore.Token(OPERATOR, Role.OPERATOR, "p1"))))
                .driver(new DriverSettings(1L, 5L, 0.0, 100_000L, 1L)).start()) {
            ManilaHttp manila = new ManilaHttp(node.uri(), t -> "p1", "2.65");
            String share = manila.send(OPERATOR, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1}}")
                    .body().get("share").get("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, "/shares/" + share, "share")
                    .equals("available"));
            JsonNode listed = manila.send(ADMIN, "GET", "/shares/" + share + "/instances", null).body()
                    .get("share_instances");
            assertThat(listed).hasSize(1);
            String instance = listed.get(0).get("id").asText();
            assertThat(instance).isNotEqualTo(share);
            JsonNode shown = manila.send(ADMIN, "GET", "/share_instances/" + instance, null).body().get("share_instance");
            assertThat(shown.get("status").asText()).isEqualTo("available");
            assertThat(shown.get("share_id").asText()).isEqualTo(share);
            assertThat(shown.get("access_rules_status").asText()).isEqualTo("active");
            assertThat(manila.send(OPERATOR, "GET", "/share_instances", null).code()).isEqualTo(403);

            // the share's status is its instance's: a change of either is one write
            String action = "/share_instances/" + instance + "/action";
            assertThat(manila.send(OPERATOR, "POST", action, "{\"reset_status\": {\"status\": \"error\"}}").code())
                    .as("the share's reset_status is admin-only, through its instance too").isEqualTo(403);
            Answer bad = manila.send(ADMIN, "POST", action, "{\"reset_status\": {\"status\": \"creating\"}}");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.message()).contains("creating").contains("available");
            assertThat(manila.send(ADMIN, "POST", action, "{\"extend\": {\"new_size\": 2}}").code())
                    .as("an instance forwards only the admin actions Manila has for it").isEqualTo(400);
            assertThat(manila.send(ADMIN, "POST", action, "{\"reset_status\": {\"status\": \"error\"}}").code())
                    .isEqualTo(202);
            assertThat(status(manila, "/shares/" + share, "share")).isEqualTo("error");
            assertThat(status(manila, "/share_instances/" + instance, "share_instance")).isEqualTo("error");
            assertThat(manila.send(ADMIN, "POST", "/shares/" + share + "/action",
                    "{\"reset_status\": {\"status\": \"available\"}}").code()).isEqualTo(202);
            assertThat(status(manila, "/share_instances/" + instance, "share_instance")).isEqualTo("available");
            assertThat(manila.send(ADMIN, "POST", "/share_instances/" + java.util.UUID.randomUUID() + "/action",
                    "{\"reset_status\": {\"status\": \"error\"}}").code()).isEqualTo(404);

            // a snapshot's instance lives on the share's instance
            String snapshot = manila.send(OPERATOR, "POST", "/snapshots", "{\"snapshot\": {\"share_id\": \"" + share
                    + "\"}}").body().get("snapshot").get("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, "/snapshots/" + snapshot, "snapshot")
                    .equals("available"));
            assertThat(manila.send(ADMIN, "GET", "/snapshot-instances", null, "2.18").code())
                    .as("snapshot instances begin at 2.19").isEqualTo(404);
            JsonNode snapshots = manila.send(ADMIN, "GET", "/snapshot-instances/detail?snapshot_id=" + snapshot, null)
                    .body().get("snapshot_instances");
            assertThat(snapshots).hasSize(1);
            JsonNode si = snapshots.get(0);
            assertThat(si.get("status").asText()).isEqualTo("available");
            assertThat(si.get("share_instance_id").asText()).isEqualTo(instance);
            assertThat(si.get("share_id").asText()).isEqualTo(share);
            String snapshotInstance = si.get("id").asText();
            assertThat(manila.send(ADMIN, "POST", "/snapshot-instances/" + snapshotInstance + "/action",
                    "{\"reset_status\": {\"status\": \"error\"}}").code()).isEqualTo(202);
            assertThat(status(manila, "/snapshots/" + snapshot, "snapshot")).isEqualTo("error");
            assertThat(status(manila, "/snapshot-instances/" + snapshotInstance, "snapshot_instance")).isEqualTo("error");

            // force_delete through the instance is the share's, with its guards: refused while a snapshot lives
            Answer refused = manila.send(ADMIN, "POST", action, "{\"force_delete\": null}");
            assertThat(refused.code()).isEqualTo(409);
            assertThat(refused.message()).contains(snapshot);
            assertThat(manila.send(ADMIN, "DELETE", "/snapshots/" + snapshot, null).code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, "/snapshots/" + snapshot, "snapshot")
                    .equals("gone"));
            assertThat(status(manila, "/snapshot-instances/" + snapshotInstance, "snapshot_instance")).isEqualTo("gone");
            assertThat(manila.send(ADMIN, "POST", action, "{\"force_delete\": null}").code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, "/shares/" + share, "share")
                    .equals("gone"));
            assertThat(status(manila, "/share_instances/" + instance, "share_instance")).isEqualTo("gone");
            assertThat(manila.send(ADMIN, "POST", action, "{\"force_delete\": null}").code()).isEqualTo(404);
        }
    }
}
