package io.lockstep.backend.share;

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

/** Manila's recycle bin (2.69) over real HTTP: soft delete, restore, what a binned share refuses, the purge. */
class RecycleBinTest {

    private static final String OPERATOR = "recycle-operator-token-0001";

    private static String share(ManilaHttp manila) {
        Answer a = manila.send(OPERATOR, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1}}");
        String id = a.body().get("share").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, id, "2.65").equals("available"));
        return id;
    }

    private static String status(ManilaHttp manila, String id, String version) {
        Answer a = manila.send(OPERATOR, "GET", "/shares/" + id, null, version);
        return a.code() == 404 ? "gone" : a.body().get("share").get("status").asText();
    }

    private static List<String> listed(ManilaHttp manila, String query) {
        JsonNode shares = manila.send(OPERATOR, "GET", "/shares" + query, null).body().get("shares");
        return shares.findValuesAsText("id");
    }

    @Test
    void aBinnedShareIsHiddenRefusesWorkAndComesBack() {
        try (ServiceNode node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(OPERATOR,
                Role.OPERATOR, "p1")))).driver(new DriverSettings(1L, 5L, 0.0, 100_000L, 1L)).start()) {
            ManilaHttp manila = new ManilaHttp(node.uri(), t -> "p1", "2.69");
            String id = share(manila);
            assertThat(manila.send(OPERATOR, "POST", "/shares/" + id + "/action", "{\"soft_delete\": null}", "2.68")
                    .code()).as("the recycle bin begins at 2.69").isEqualTo(400);
            assertThat(manila.send(OPERATOR, "POST", "/shares/" + id + "/action", "{\"soft_delete\": null}").code())
                    .isEqualTo(202);
            JsonNode shown = manila.send(OPERATOR, "GET", "/shares/" + id, null).body().get("share");
            assertThat(shown.get("is_soft_deleted").asBoolean()).isTrue();
            assertThat(shown.get("status").asText()).as("Manila keeps the status and flags it").isEqualTo("available");
            assertThat(shown.get("scheduled_to_be_deleted_at").isNull()).isFalse();
            assertThat(listed(manila, "")).doesNotContain(id);
            assertThat(listed(manila, "?is_soft_deleted=true")).containsExactly(id);
            Answer snapshot = manila.send(OPERATOR, "POST", "/snapshots", "{\"snapshot\": {\"share_id\": \"" + id + "\"}}");
            assertThat(snapshot.code()).isEqualTo(409);
            assertThat(snapshot.message()).contains("'soft_deleted'");
            assertThat(manila.send(OPERATOR, "POST", "/shares/" + id + "/action", "{\"allow_access\": {\"access_type\": "
                    + "\"ip\", \"access_to\": \"10.0.0.1\"}}").code()).isEqualTo(409);
            assertThat(manila.send(OPERATOR, "POST", "/shares/" + id + "/action", "{\"restore\": null}").code())
                    .isEqualTo(202);
            assertThat(listed(manila, "")).contains(id);
            assertThat(manila.send(OPERATOR, "GET", "/shares/" + id, null).body().get("share")
                    .get("is_soft_deleted").asBoolean()).isFalse();

            // a share with a snapshot is not binned (Manila's rule), naming the snapshot
            String snap = manila.send(OPERATOR, "POST", "/snapshots", "{\"snapshot\": {\"share_id\": \"" + id + "\"}}")
                    .body().get("snapshot").get("id").asText();
            // once the snapshot is taken (while it is, the share is snapshotting and refused for that)
            await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, id, "2.69").equals("available"));
            Answer refused = manila.send(OPERATOR, "POST", "/shares/" + id + "/action", "{\"soft_delete\": null}");
            assertThat(refused.code()).isEqualTo(409);
            assertThat(refused.message()).contains(snap);
        }
    }

    @Test
    void theCleanupLeaderPurgesAShareWhoseTimeIsUp() {
        try (ServiceNode node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(OPERATOR,
                        Role.OPERATOR, "p1")))).driver(new DriverSettings(1L, 5L, 0.0, 100_000L, 1L))
                .recycleBin(Duration.ofMillis(200)).cleanup(Duration.ofMillis(100), Duration.ofSeconds(5)).start()) {
            ManilaHttp manila = new ManilaHttp(node.uri(), t -> "p1", "2.69");
            String id = share(manila);
            assertThat(manila.send(OPERATOR, "POST", "/shares/" + id + "/action", "{\"soft_delete\": null}").code())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(manila, id, "2.69").equals("gone"));
            assertThat(node.driver().hasShare(id)).as("the storage let it go too").isFalse();
        }
    }
}
