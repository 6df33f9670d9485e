package io.lockstep.backend.quota;

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

/**
 * Manila's quota API over real HTTP against H2, and usage counted by test-and-set: concurrent creates at
 * the limit accept exactly the remainder, racing deletes give usage back once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaApiTest {

    private static final String ADMIN = "quota-admin-token-00000001";

    private ServiceNode node;
    private ManilaHttp manila;

    @BeforeAll
    void start() {
        List<TokenStore.Token> tokens = new ArrayList<>();
        tokens.add(new TokenStore.Token(ADMIN, Role.ADMIN, "admin"));
        for (int i = 1; i <= 6; i++) {
            tokens.add(new TokenStore.Token(user(i), Role.OPERATOR, "q" + i));
        }
        node = ServiceNode.builder().tokens(TokenStore.of(tokens))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L)).start();
        manila = new ManilaHttp(node.uri(), t -> t.equals(ADMIN) ? "admin" : "q" + t.charAt(t.length() - 1), "2.65");
    }

    private static String user(int project) {
        return "quota-user-token-0000000" + project;
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Answer send(String token, String method, String path, String body, String version) {
        return manila.send(token, method, path, body, version);
    }

    private Answer send(String token, String method, String path, String body) {
        return manila.send(token, method, path, body);
    }

    private Answer createShare(int project, int size) throws Exception {
        return send(user(project), "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": " + size + "}}");
    }

    private JsonNode detail(String project) throws Exception {
        Answer a = send(ADMIN, "GET", "/quota-sets/" + project + "/detail", null);
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("quota_set");
    }

    private void awaitStatus(int project, String id, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                send(user(project), "GET", "/shares/" + id, null).body().path("share").path("status").asText()
                        .equals(status));
    }

    @Test
    void aProjectStartsWithManilasDefaultsAndSeesFieldsByMicroversion() throws Exception {
        Answer old = send(user(1), "GET", "/os-quota-sets/q1", null, "2.6");
        assertThat(old.code()).isEqualTo(200);
        JsonNode set = old.body().get("quota_set");
        assertThat(set.get("id").asText()).isEqualTo("q1");
        assertThat(set.get("shares").asInt()).isEqualTo(50);
        assertThat(set.get("gigabytes").asInt()).isEqualTo(1000);
        assertThat(set.get("share_networks").asInt()).isEqualTo(10);
        assertThat(set.has("share_replicas")).isFalse();
        assertThat(set.has("per_share_gigabytes")).isFalse();

        JsonNode now = send(user(1), "GET", "/quota-sets/q1", null, "2.65").body().get("quota_set");
        assertThat(now.get("share_groups").asInt()).isEqualTo(50);
        assertThat(now.get("share_replicas").asInt()).isEqualTo(100);
        assertThat(now.get("per_share_gigabytes").asInt()).isEqualTo(-1);
        assertThat(now.has("backups")).isFalse();

        assertThat(send(user(1), "GET", "/quota-sets/q2", null).code()).isEqualTo(403);
        assertThat(send(user(1), "PUT", "/quota-sets/q1", "{\"quota_set\": {\"shares\": 5}}").code()).isEqualTo(403);
        assertThat(send(user(1), "GET", "/extensions", null).body().get("extensions").findValuesAsText("alias"))
                .contains("os-quota-sets", "os-user-quotas", "os-used-limits").doesNotContain("os-share-manage");
        Answer defaults = send(user(1), "GET", "/quota-sets/q1/defaults", null);
        assertThat(defaults.body().get("quota_set").get("snapshots").asInt()).isEqualTo(50);
    }

    @Test
    void concurrentCreatesAtTheLimitAcceptExactlyTheRemainder() throws Exception {
        Answer set = send(ADMIN, "PUT", "/quota-sets/q2", "{\"quota_set\": {\"gigabytes\": 10, \"shares\": 100}}");
        assertThat(set.code()).as(set.body().toString()).isEqualTo(200);
        assertThat(set.body().get("quota_set").get("gigabytes").asInt()).isEqualTo(10);
        assertThat(createShare(2, 3).code()).isEqualTo(200);

        int threads = 12;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                barrier.await();
                return createShare(2, 1);
            }));
        }
        int accepted = 0;
        List<String> refusals = new ArrayList<>();
        for (Future<Answer> f : answers) {
            Answer a = f.get();
            if (a.code() == 200) {
                accepted++;
            } else {
                assertThat(a.code()).as(a.body().toString()).isEqualTo(413);
                refusals.add(a.message());
            }
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(7);
        assertThat(refusals).hasSize(5).allSatisfy(m -> assertThat(m).contains("gigabytes").contains("q2"));
        JsonNode usage = detail("q2");
        assertThat(usage.get("gigabytes").get("in_use").asInt()).isEqualTo(10);
        assertThat(usage.get("shares").get("in_use").asInt()).isEqualTo(8);
        Answer limits = send(user(2), "GET", "/limits", null);
        assertThat(limits.body().get("limits").get("absolute").get("totalShareGigabytesUsed").asInt()).isEqualTo(10);
        assertThat(limits.body().get("limits").get("absolute").get("maxTotalShareGigabytes").asInt()).isEqualTo(10);
    }

    @Test
    void racingDeletesOfOneShareGiveItsUsageBackOnce() throws Exception {
        String id = createShare(3, 4).body().get("share").get("id").asText();
        awaitStatus(3, id, "available");
        assertThat(detail("q3").get("gigabytes").get("in_use").asInt()).isEqualTo(4);
        int threads = 6;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            codes.add(pool.submit(() -> {
                barrier.await();
                return send(user(3), "DELETE", "/shares/" + id, null).code();
            }));
        }
        int accepted = 0;
        for (Future<Integer> f : codes) {
            accepted += f.get() == 202 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> send(user(3), "GET", "/shares/" + id, null).code() == 404);
        JsonNode usage = detail("q3");
        assertThat(usage.get("gigabytes").get("in_use").asInt()).isZero();
        assertThat(usage.get("shares").get("in_use").asInt()).isZero();
    }

    @Test
    void aLimitCannotGoBelowWhatIsInUseUnlessForced() throws Exception {
        String id = createShare(4, 5).body().get("share").get("id").asText();
        Answer below = send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"gigabytes\": 3}}");
        assertThat(below.code()).isEqualTo(400);
        assertThat(below.message()).contains("gigabytes").contains("smaller than already used and reserved 5");
        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"gigabytes\": 3, \"force\": true}}")
                .code()).isEqualTo(200);
        Answer over = createShare(4, 1);
        assertThat(over.code()).isEqualTo(413);
        assertThat(over.body().has("overLimit")).isTrue();

        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"nonsense\": 3}}").message())
                .contains("Bad key(s) nonsense");
        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"shares\": \"many\"}}").message())
                .contains("should be integer");
        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"shares\": -2}}").code()).isEqualTo(400);
        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"shares\": 99999999999}}").message())
                .contains("too large");
        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"backups\": 2}}").message())
                .contains("2.80");

        // growing past the limit is refused before anything starts; the share keeps its size and status
        assertThat(send(ADMIN, "DELETE", "/quota-sets/q4", null).code()).isEqualTo(202);
        awaitStatus(4, id, "available");
        assertThat(send(ADMIN, "PUT", "/quota-sets/q4", "{\"quota_set\": {\"gigabytes\": 8}}").code()).isEqualTo(200);
        Answer grow = send(user(4), "POST", "/shares/" + id + "/action", "{\"extend\": {\"new_size\": 9}}");
        assertThat(grow.code()).as(grow.body().toString()).isEqualTo(413);
        assertThat(send(user(4), "POST", "/shares/" + id + "/action", "{\"extend\": {\"new_size\": 8}}").code())
                .isEqualTo(202);
        awaitStatus(4, id, "available");
        assertThat(detail("q4").get("gigabytes").get("in_use").asInt()).isEqualTo(8);
        assertThat(send(user(4), "POST", "/shares/" + id + "/action", "{\"shrink\": {\"new_size\": 6}}").code())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> detail("q4").get("gigabytes").get("in_use").asInt() == 6);
    }

    @Test
    void userAndShareTypeQuotasAreEnforcedBesideTheProjects() throws Exception {
        Answer t = send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"quota-gold\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": false}}}");
        assertThat(t.code()).isEqualTo(200);
        Answer typeQuota = send(ADMIN, "PUT", "/quota-sets/q5?share_type=quota-gold",
                "{\"quota_set\": {\"shares\": 1}}", "2.39");
        assertThat(typeQuota.code()).as(typeQuota.body().toString()).isEqualTo(200);
        assertThat(typeQuota.body().get("quota_set").has("share_networks")).isFalse();
        assertThat(send(ADMIN, "PUT", "/quota-sets/q5?share_type=quota-gold", "{\"quota_set\": {\"shares\": 1}}",
                "2.38").code()).isEqualTo(400);
        String body = "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"share_type\": \"quota-gold\"}}";
        assertThat(send(user(5), "POST", "/shares", body).code()).isEqualTo(200);
        Answer second = send(user(5), "POST", "/shares", body);
        assertThat(second.code()).isEqualTo(413);
        assertThat(second.message()).contains("shares").contains("share type");
        assertThat(createShare(5, 1).code()).isEqualTo(200); // the default type is not limited

        Answer first = createShare(6, 1);
        assertThat(first.code()).isEqualTo(200);
        String userId = first.body().get("share").get("user_id").asText(); // the token's actor, as events name it
        String userParam = java.net.URLEncoder.encode(userId, java.nio.charset.StandardCharsets.UTF_8);
        Answer userQuota = send(ADMIN, "PUT", "/quota-sets/q6?user_id=" + userParam, "{\"quota_set\": {\"shares\": 1}}");
        assertThat(userQuota.code()).isEqualTo(200);
        assertThat(send(ADMIN, "PUT", "/quota-sets/q6?user_id=" + userParam, "{\"quota_set\": {\"shares\": 51}}")
                .message()).contains("less than or equal to 50");
        Answer second6 = createShare(6, 1);
        assertThat(second6.code()).isEqualTo(413);
        assertThat(second6.message()).contains("user " + userId);
        JsonNode mine = send(ADMIN, "GET", "/quota-sets/q6/detail?user_id=" + userParam, null).body().get("quota_set");
        assertThat(mine.get("shares").get("in_use").asInt()).isEqualTo(1);
        assertThat(mine.get("shares").get("limit").asInt()).isEqualTo(1);
    }

    @Test
    void theDefaultClassSetsWhatProjectsWithoutTheirOwnLimitsGet() throws Exception {
        Answer set = send(ADMIN, "PUT", "/quota-class-sets/default", "{\"quota_class_set\": {\"snapshots\": 7}}");
        assertThat(set.code()).as(set.body().toString()).isEqualTo(200);
        assertThat(send(ADMIN, "GET", "/quota-class-sets/default", null).body().get("quota_class_set")
                .get("snapshots").asInt()).isEqualTo(7);
        assertThat(send(ADMIN, "GET", "/quota-sets/fresh-project", null).body().get("quota_set").get("snapshots")
                .asInt()).isEqualTo(7);
        send(ADMIN, "PUT", "/quota-class-sets/default", "{\"quota_class_set\": {\"snapshots\": 50}}");
    }
}
