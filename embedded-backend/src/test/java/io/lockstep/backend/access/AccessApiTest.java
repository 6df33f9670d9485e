package io.lockstep.backend.access;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Access rules over real HTTP against H2: Manila's shapes, validation, the batch worker and its races. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessApiTest {

    private static final String ADMIN = "access-admin-token-0000001";
    private static final String OPERATOR = "access-operator-token-00001";
    private static final String OTHER = "access-other-project-token-2";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private ServiceNode node;
    private ManilaHttp manila;

    @BeforeAll
    void start() {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(OPERATOR, Role.OPERATOR, "p1"),
                        new TokenStore.Token(OTHER, Role.OPERATOR, "p2"))))
                .driver(new DriverSettings(1L, 5L, 0.0, 100_000L, 1L)).start();
        manila = new ManilaHttp(node.uri(), t -> t.equals(OTHER) ? "p2" : "p1", "2.65");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String share(String proto) {
        Answer a = manila.send(OPERATOR, "POST", "/shares", "{\"share\": {\"share_proto\": \"" + proto + "\", \"size\": 1}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        String id = a.body().get("share").get("id").asText();
        await().atMost(WAIT).until(() -> shareField(id, "status").equals("available"));
        return id;
    }

    private String shareField(String id, String field) {
        return manila.send(OPERATOR, "GET", "/shares/" + id, null).body().path("share").path(field).asText();
    }

    private Answer allow(String shareId, String type, String to, String version) {
        return manila.send(OPERATOR, "POST", "/shares/" + shareId + "/action", "{\"allow_access\": {\"access_type\": \""
                + type + "\", \"access_to\": \"" + to + "\", \"access_level\": \"rw\"}}", version);
    }

    private String state(String ruleId) {
        Answer a = manila.send(OPERATOR, "GET", "/share-access-rules/" + ruleId, null);
        return a.code() == 404 ? "gone" : a.body().get("access").get("state").asText();
    }

    private String allowed(String shareId, String to) {
        Answer a = allow(shareId, "ip", to, "2.65");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("access").get("id").asText();
    }

    private static String encoded(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String events(String ruleId) {
        try {
            var r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.uri()
                    + "/lockstep/v1/events/history?resource_type=access_rule&resource_id=" + ruleId))
                    .header("X-Auth-Token", ADMIN).build();
            return java.net.http.HttpClient.newHttpClient().send(r, java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRuleIsQueuedAppliedListedShownAndDeniedAsInManila() {
        String share = share("NFS");
        Answer a = allow(share, "ip", "10.1.0.0/16", "2.65");
        assertThat(a.code()).isEqualTo(200);
        JsonNode access = a.body().get("access");
        assertThat(access.get("state").asText()).isEqualTo("queued_to_apply");
        assertThat(access.get("share_id").asText()).isEqualTo(share);
        assertThat(access.has("access_key")).isTrue();
        assertThat(access.has("metadata")).isTrue();
        String id = access.get("id").asText();
        await().atMost(WAIT).until(() -> state(id).equals("active"));
        assertThat(shareField(share, "access_rules_status")).isEqualTo("active");
        assertThat(node.driver().servedAccess(share)).containsExactly(id);

        Answer list = manila.send(OPERATOR, "GET", "/share-access-rules?share_id=" + share, null);
        assertThat(list.body().get("access_list")).hasSize(1);
        assertThat(list.body().get("access_list").get(0).has("share_id")).as("lists leave the share out").isFalse();
        assertThat(manila.send(OPERATOR, "GET", "/share-access-rules", null).code()).as("share_id is required")
                .isEqualTo(400);
        assertThat(manila.send(OPERATOR, "GET", "/share-access-rules/" + id, null, "2.44").code())
                .as("the rules API begins at 2.45").isEqualTo(404);
        Answer legacy = manila.send(OPERATOR, "POST", "/shares/" + share + "/action", "{\"access_list\": null}", "2.44");
        assertThat(legacy.code()).isEqualTo(200);
        assertThat(legacy.body().get("access_list").get(0).get("access_to").asText()).isEqualTo("10.1.0.0/16");
        assertThat(manila.send(OPERATOR, "POST", "/shares/" + share + "/action", "{\"access_list\": null}").code())
                .as("access_list ends at 2.44").isEqualTo(400);

        assertThat(manila.send(OPERATOR, "PUT", "/share-access-rules/" + id + "/metadata",
                "{\"metadata\": {\"owner\": \"lab\"}}").code()).isEqualTo(200);
        assertThat(manila.send(OPERATOR, "GET", "/share-access-rules?share_id=" + share + "&metadata="
                + encoded("{'owner':'lab'}"), null).body().get("access_list")).hasSize(1);
        assertThat(manila.send(OPERATOR, "GET", "/share-access-rules?share_id=" + share + "&metadata="
                + encoded("{'owner':'x'}"), null).body().get("access_list")).isEmpty();

        assertThat(manila.send(OTHER, "GET", "/share-access-rules/" + id, null).code()).as("another project")
                .isEqualTo(404);
        assertThat(manila.send(OTHER, "POST", "/shares/" + share + "/action",
                "{\"deny_access\": {\"access_id\": \"" + id + "\"}}").code()).isEqualTo(404);

        Answer deny = manila.send(OPERATOR, "POST", "/shares/" + share + "/action",
                "{\"deny_access\": {\"access_id\": \"" + id + "\"}}");
        assertThat(deny.code()).as(deny.body().toString()).isEqualTo(202);
        await().atMost(WAIT).until(() -> state(id).equals("gone"));
        assertThat(node.driver().servedAccess(share)).isEmpty();
        assertThat(manila.send(OPERATOR, "POST", "/shares/" + share + "/action",
                "{\"deny_access\": {}}").code()).as("access_id is required").isEqualTo(400);
    }

    @Test
    void badTargetsAreRefusedNamingTheFieldAsManilaValidatesThem() {
        String share = share("NFS");
        assertThat(allow(share, "ip", "10.0.0.300", "2.65").body().get("badRequest").get("field").asText())
                .isEqualTo("access_to");
        assertThat(allow(share, "ip", "10.0.0.1/24", "2.65").code()).as("host bits set").isEqualTo(400);
        assertThat(allow(share, "ip", "fd00::1", "2.37").code()).as("IPv6 before 2.38").isEqualTo(400);
        assertThat(allow(share, "ip", "fd00::/64", "2.38").code()).isEqualTo(200);
        Answer cephx = allow(share, "cephx", "alice", "2.12");
        assertThat(cephx.code()).isEqualTo(400);
        assertThat(cephx.body().get("badRequest").get("allowed").toString()).isEqualTo("[\"ip\",\"user\",\"cert\"]");
        assertThat(allow(share, "cephx", "ali.ce", "2.65").message()).contains("periods");
        assertThat(allow(share, "user", "ab", "2.65").message()).contains("4-255");
        assertThat(allow(share, "cert", "x".repeat(65), "2.65").message()).contains("1-64");
        assertThat(allow(share, "nfs", "x", "2.65").body().get("badRequest").get("allowed")).hasSize(4);
        Answer level = manila.send(OPERATOR, "POST", "/shares/" + share + "/action",
                "{\"allow_access\": {\"access_type\": \"ip\", \"access_to\": \"10.0.0.9\", \"access_level\": \"rx\"}}");
        assertThat(level.code()).isEqualTo(400);
        assertThat(level.body().get("badRequest").get("allowed").toString()).isEqualTo("[\"rw\",\"ro\"]");
    }

    @Test
    void aTypeTheProtocolDoesNotServeEndsInErrorWithAMessageAsInManila() {
        String share = share("NFS");
        String id = allow(share, "user", "alice", "2.65").body().get("access").get("id").asText();
        await().atMost(WAIT).until(() -> state(id).equals("error"));
        assertThat(shareField(share, "access_rules_status")).isEqualTo("error");
        Answer messages = manila.send(OPERATOR, "GET", "/messages?resource_id=" + share, null);
        assertThat(messages.body().get("messages").toString()).contains("serves [ip] access, not user");
        // before 2.28 a share with an errored rule takes no new rule; a rule shows the share's status
        assertThat(allow(share, "ip", "10.0.0.2", "2.27").code()).isEqualTo(400);
        assertThat(manila.send(OPERATOR, "POST", "/shares/" + share + "/action", "{\"access_list\": null}", "2.27")
                .body().get("access_list").get(0).get("state").asText()).isEqualTo("error");
        assertThat(allow(share, "ip", "10.0.0.2", "2.28").code()).isEqualTo(200);
        String cifs = share("CIFS");
        String user = allow(cifs, "user", "alice", "2.65").body().get("access").get("id").asText();
        await().atMost(WAIT).until(() -> state(user).equals("active"));
    }

    @Test
    void identicalAllowsRacingEndWithOneRule() throws Exception {
        String share = share("NFS");
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CyclicBarrier barrier = new CyclicBarrier(racers);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    barrier.await();
                    return allow(share, "ip", "10.2.3.4", "2.65");
                }));
            }
            int created = 0;
            for (Future<Answer> f : answers) {
                Answer a = f.get();
                assertThat(a.code()).as(a.body().toString()).isIn(200, 400);
                if (a.code() == 200) {
                    created++;
                } else {
                    assertThat(a.message()).contains("ip:10.2.3.4 exists");
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(manila.send(OPERATOR, "GET", "/share-access-rules?share_id=" + share, null).body()
                .get("access_list")).hasSize(1);
    }

    @Test
    void changesWaitingForADriverCallGoInTheNextOneTogether() {
        String share = share("NFS");
        long before = node.driver().calls("update_access", share);
        node.driver().held().hold(share);
        String first = allowed(share, "10.3.0.1");
        try {
            await().atMost(WAIT).until(() -> state(first).equals("applying"));
            // deny while applying is refused naming the state (Manila lets it through and re-syncs)
            Answer deny = manila.send(OPERATOR, "POST", "/shares/" + share + "/action",
                    "{\"deny_access\": {\"access_id\": \"" + first + "\"}}");
            assertThat(deny.code()).isEqualTo(409);
            assertThat(deny.message()).contains("'applying'");
            String second = allowed(share, "10.3.0.2");
            String third = allowed(share, "10.3.0.3");
            assertThat(state(second)).isEqualTo("queued_to_apply");
            assertThat(shareField(share, "access_rules_status")).isEqualTo("syncing");
            node.driver().held().release(share);
            await().atMost(WAIT).until(() -> state(second).equals("active") && state(third).equals("active"));
        } finally {
            node.driver().held().release(share);
        }
        assertThat(state(first)).isEqualTo("active");
        assertThat(node.driver().calls("update_access", share) - before).as("one call for the two queued")
                .isEqualTo(2);
    }

    @Test
    void aBusyShareTakesNoRuleChangeAndADeletedShareTakesItsRulesAlong() {
        String share = share("NFS");
        String rule = allowed(share, "10.4.0.1");
        await().atMost(WAIT).until(() -> state(rule).equals("active"));
        assertThat(manila.send(ADMIN, "POST", "/shares/" + share + "/action",
                "{\"reset_status\": {\"status\": \"extending_error\"}}").code()).isEqualTo(202);
        Answer refused = allow(share, "ip", "10.4.0.2", "2.65");
        assertThat(refused.code()).isEqualTo(409);
        assertThat(refused.message()).contains("'extending_error'").contains("available or error");
        assertThat(manila.send(ADMIN, "POST", "/shares/" + share + "/action",
                "{\"reset_status\": {\"status\": \"available\"}}").code()).isEqualTo(202);
        assertThat(manila.send(OPERATOR, "DELETE", "/shares/" + share, null).code()).isEqualTo(202);
        await().atMost(WAIT).until(() -> state(rule).equals("gone"));
        assertThat(events(rule)).contains("share_deleted");
    }
}
