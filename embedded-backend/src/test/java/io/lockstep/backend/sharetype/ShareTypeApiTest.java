package io.lockstep.backend.sharetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** Manila's share types API over real HTTP against H2, as an admin and as users of two projects. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareTypeApiTest {

    private static final String ADMIN = "types-admin-token-000000001";
    private static final String USER1 = "types-user1-token-000000001";
    private static final String USER2 = "types-user2-token-000000002";

    private record Answer(int code, JsonNode body) {
        String message() {
            return body.elements().next().path("message").asText();
        }
    }

    private ServiceNode node;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(USER1, Role.OPERATOR, "p1"), new TokenStore.Token(USER2, Role.OPERATOR, "p2"))))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L)).start();
        try {
            new io.lockstep.backend.conflict.DescriptorClient(node.uri(), java.util.Map.of(Role.ADMIN, ADMIN), "p1")
                    .unlimitedQuotas(); // the type-delete race creates more shares than Manila's default allows
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Answer send(String token, String method, String path, String body, String version) throws Exception {
        String project = token.equals(USER2) ? "p2" : "p1";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.uri() + "/v2/" + project + path))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .header("X-OpenStack-Manila-API-Version", version)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()));
    }

    private Answer send(String token, String method, String path, String body) throws Exception {
        return send(token, method, path, body, "2.65");
    }

    private String createType(String name, String extra) throws Exception {
        Answer a = send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"" + name + "\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": false}" + extra + "}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("share_type").get("id").asText();
    }

    @Test
    void anAdminCreatesChangesAndDeletesATypeAsManilaShowsIt() throws Exception {
        Answer created = send(ADMIN, "POST", "/types", """
                {"share_type": {"name": "gold", "description": "fast", "extra_specs":
                  {"driver_handles_share_servers": "False", "snapshot_support": true, "vendor:tier": "1"}}}""");
        assertThat(created.code()).isEqualTo(200);
        JsonNode t = created.body().get("share_type");
        assertThat(created.body().get("volume_type")).isEqualTo(t);
        assertThat(t.get("required_extra_specs").toString()).isEqualTo("{\"driver_handles_share_servers\":\"False\"}");
        assertThat(t.get("extra_specs").get("snapshot_support").asText()).isEqualTo("True");
        assertThat(t.get("share_type_access:is_public").asBoolean()).isTrue();
        assertThat(t.get("is_default").asBoolean()).isFalse();
        assertThat(t.get("description").asText()).isEqualTo("fast");
        String id = t.get("id").asText();
        assertThat(send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"gold\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": \"False\"}}}").code()).as("a second gold").isEqualTo(409);

        // a user sees the type with only the specs Manila shows users, and the inferred defaults
        JsonNode seen = send(USER1, "GET", "/types/gold", null).body().get("share_type");
        assertThat(seen.get("extra_specs").has("vendor:tier")).isFalse();
        assertThat(seen.get("extra_specs").get("revert_to_snapshot_support").asBoolean()).isFalse();
        assertThat(send(USER1, "GET", "/types/" + id, null, "2.6").body().get("share_type")
                .has("os-share-type-access:is_public")).isTrue();

        Answer renamed = send(ADMIN, "PUT", "/types/" + id, "{\"share_type\": {\"name\": \"golden\"}}");
        assertThat(renamed.code()).isEqualTo(200);
        assertThat(renamed.body().get("share_type").get("name").asText()).isEqualTo("golden");
        assertThat(send(ADMIN, "PUT", "/types/" + id, "{\"share_type\": {\"name\": \"x\"}}", "2.49").code())
                .as("update needs 2.50").isEqualTo(404);

        assertThat(send(ADMIN, "POST", "/types/" + id + "/extra_specs",
                "{\"extra_specs\": {\"replication_type\": \"dr\"}}").code()).isEqualTo(200);
        assertThat(send(ADMIN, "GET", "/types/" + id + "/extra_specs/replication_type", null).body().toString())
                .isEqualTo("{\"replication_type\":\"dr\"}");
        Answer badReplication = send(ADMIN, "POST", "/types/" + id + "/extra_specs",
                "{\"extra_specs\": {\"replication_type\": \"sometimes\"}}");
        assertThat(badReplication.code()).isEqualTo(400);
        assertThat(badReplication.message()).contains("replication_type").contains("writable");
        assertThat(send(ADMIN, "DELETE", "/types/" + id + "/extra_specs/driver_handles_share_servers", null).code())
                .isEqualTo(403);
        assertThat(send(ADMIN, "DELETE", "/types/" + id + "/extra_specs/replication_type", null).code()).isEqualTo(202);
        assertThat(send(ADMIN, "DELETE", "/types/" + id + "/extra_specs/replication_type", null).code()).isEqualTo(404);
        assertThat(send(ADMIN, "GET", "/types?extra_specs="
                + java.net.URLEncoder.encode("{'vendor:tier': '1'}", java.nio.charset.StandardCharsets.UTF_8), null).body().get("share_types"))
                .extracting(n -> n.get("name").asText()).containsExactly("golden");

        assertThat(send(ADMIN, "DELETE", "/types/" + id, null).code()).isEqualTo(202);
        assertThat(send(ADMIN, "GET", "/types/" + id, null).code()).isEqualTo(404);
    }

    @Test
    void badTypesAreRefusedNamingTheField() throws Exception {
        Answer noDhss = send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"t1\"}}");
        assertThat(noDhss.code()).isEqualTo(400);
        assertThat(noDhss.message()).contains("driver_handles_share_servers");
        Answer badDhss = send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"t1\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": \"maybe\"}}}");
        assertThat(badDhss.code()).isEqualTo(400);
        assertThat(send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": \"false\"}}}").code()).isEqualTo(400);
        assertThat(send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"t2\", \"description\": \"d\", "
                + "\"extra_specs\": {\"driver_handles_share_servers\": \"false\"}}}", "2.40").code())
                .as("description needs 2.41").isEqualTo(400);
        assertThat(send(USER1, "POST", "/types", "{\"share_type\": {\"name\": \"mine\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": \"false\"}}}").code()).isEqualTo(403);
        assertThat(send(ADMIN, "GET", "/types?is_public=sometimes", null).code()).isEqualTo(400);
        assertThat(send(ADMIN, "GET", "/types/default", null).body().get("share_type").get("is_default").asBoolean())
                .isTrue();
    }

    @Test
    void aPrivateTypeIsForTheProjectsGivenAccess() throws Exception {
        String id = createType("private-one", ", \"share_type_access:is_public\": false");
        assertThat(names(USER2)).doesNotContain("private-one");
        Answer refused = send(USER2, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"private-one\"}}");
        assertThat(refused.code()).as("an unknown type for p2").isEqualTo(404);
        assertThat(send(ADMIN, "POST", "/types/" + id + "/action", "{\"addProjectAccess\": {\"project\": \"p2\"}}")
                .code()).isEqualTo(202);
        assertThat(send(ADMIN, "POST", "/types/" + id + "/action", "{\"addProjectAccess\": {\"project\": \"p2\"}}")
                .code()).isEqualTo(409);
        assertThat(send(ADMIN, "GET", "/types/" + id + "/share_type_access", null).body().get("share_type_access")
                .get(0).get("project_id").asText()).isEqualTo("p2");
        assertThat(names(USER2)).contains("private-one");
        assertThat(names(USER1)).doesNotContain("private-one");
        Answer share = send(USER2, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"private-one\"}}");
        assertThat(share.code()).isEqualTo(200);
        assertThat(share.body().get("share").get("share_type").asText()).isEqualTo(id);
        assertThat(share.body().get("share").get("share_type_name").asText()).isEqualTo("private-one");
        assertThat(send(ADMIN, "GET", "/types?is_public=false", null).body().get("share_types"))
                .extracting(n -> n.get("name").asText()).contains("private-one").doesNotContain("default");
        assertThat(send(ADMIN, "POST", "/types/" + id + "/action", "{\"removeProjectAccess\": {\"project\": \"p3\"}}")
                .code()).isEqualTo(404);
        assertThat(send(ADMIN, "GET", "/types/default/share_type_access", null).code())
                .as("public types have no access list").isEqualTo(404);
    }

    private List<String> names(String token) throws Exception {
        List<String> out = new ArrayList<>();
        send(token, "GET", "/types", null).body().get("share_types").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    /**
     * A type deleted while shares of it are being created: whatever the order, a type is gone only if no
     * live share has it, and every share accepted has a type that exists.
     */
    @Test
    void deletingATypeRacesCreatingSharesOfItSafely() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            int deleted = 0;
            for (int round = 0; round < 20; round++) {
                String id = createType("raced-" + round, "");
                CyclicBarrier barrier = new CyclicBarrier(6);
                List<Future<Answer>> creates = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    creates.add(pool.submit(() -> {
                        barrier.await();
                        return send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                                + "\"share_type\": \"" + id + "\"}}");
                    }));
                }
                Future<Answer> delete = pool.submit(() -> {
                    barrier.await();
                    return send(ADMIN, "DELETE", "/types/" + id, null);
                });
                int accepted = 0;
                for (Future<Answer> f : creates) {
                    Answer a = f.get();
                    assertThat(a.code()).as(a.body().toString()).isIn(200, 404);
                    accepted += a.code() == 200 ? 1 : 0;
                }
                Answer d = delete.get();
                assertThat(d.code()).as(d.body().toString()).isIn(202, 400);
                if (d.code() == 202) {
                    deleted++;
                    assertThat(accepted).as("a deleted type has no share").isZero();
                } else {
                    assertThat(accepted).as("a type refused as in use has shares").isPositive();
                    assertThat(send(ADMIN, "GET", "/types/" + id, null).code()).isEqualTo(200);
                }
            }
            System.out.printf("type delete against 5 share creates, 20 rounds: the delete won %d%n", deleted);
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> send(ADMIN, "GET", "/shares/detail?all_tenants=1", null)
                .body().get("shares").findValues("status").stream().noneMatch(s -> s.asText().equals("creating")));
    }
}
