package io.lockstep.backend.share;

import static org.assertj.core.api.Assertions.assertThat;

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

/** A share's update and metadata API over real HTTP against H2, with concurrent writers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareEditApiTest {

    private static final String OPERATOR = "edit-operator-token-0000001";
    private static final String OTHER = "edit-other-project-token-001";
    private static final String VIEWER = "edit-viewer-token-00000001";
    private ServiceNode node;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private record Answer(int code, JsonNode body) {
    }

    @BeforeAll
    void start() {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(OPERATOR, Role.OPERATOR, "p1"),
                        new TokenStore.Token(VIEWER, Role.VIEWER, "p1"), new TokenStore.Token(OTHER, Role.OPERATOR, "p2"))))
                .driver(new DriverSettings(1L, 5L, 0.0, 100_000L, 1L)).start();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Answer send(String token, String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(node.uri() + "/v2/" + (token.equals(OTHER) ? "p2" : "p1")
                        + path)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").header("X-OpenStack-Manila-API-Version", "2.65")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), res.body().isEmpty() ? json.createObjectNode() : json.readTree(res.body()));
    }

    private String share() throws Exception {
        Answer a = send(OPERATOR, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"metadata\": {\"a\": \"1\"}}}");
        assertThat(a.code()).isEqualTo(200);
        return a.body().get("share").get("id").asText();
    }

    @Test
    void metadataIsListedSetReplacedAndUnsetAsInManila() throws Exception {
        String id = share();
        assertThat(send(OPERATOR, "GET", "/shares/" + id + "/metadata", null).body().toString())
                .isEqualTo("{\"metadata\":{\"a\":\"1\"}}");
        assertThat(send(OPERATOR, "POST", "/shares/" + id + "/metadata", "{\"metadata\": {\"b\": \"2\"}}").code())
                .isEqualTo(200);
        assertThat(send(OPERATOR, "GET", "/shares/" + id + "/metadata/b", null).body().toString())
                .isEqualTo("{\"meta\":{\"b\":\"2\"}}");
        assertThat(send(OPERATOR, "PUT", "/shares/" + id + "/metadata/b", "{\"metadata\": {\"c\": \"3\"}}").code())
                .as("body and URI mismatch").isEqualTo(400);
        assertThat(send(OPERATOR, "PUT", "/shares/" + id + "/metadata", "{\"metadata\": {\"x\": \"9\"}}").code())
                .isEqualTo(200);
        assertThat(send(OPERATOR, "GET", "/shares/" + id + "/metadata", null).body().get("metadata").toString())
                .isEqualTo("{\"x\":\"9\"}");
        assertThat(send(OPERATOR, "DELETE", "/shares/" + id + "/metadata/a", null).code()).isEqualTo(404);
        assertThat(send(OPERATOR, "DELETE", "/shares/" + id + "/metadata/x", null).code()).isEqualTo(200);
        assertThat(send(VIEWER, "POST", "/shares/" + id + "/metadata", "{\"metadata\": {\"v\": \"1\"}}").code())
                .as("a viewer changes nothing").isEqualTo(403);
        assertThat(send(OPERATOR, "POST", "/shares/" + id + "/metadata", "{\"metadata\": {\"v\": {\"nested\": 1}}}")
                .code()).isEqualTo(400);
        assertThat(send(OPERATOR, "POST", "/shares/nope/metadata", "{\"metadata\": {\"v\": \"1\"}}").code())
                .isEqualTo(404);
    }

    @Test
    void aShareIsRenamedAndMadePublic() throws Exception {
        String id = share();
        JsonNode zones = send(VIEWER, "GET", "/availability-zones", null).body().get("availability_zones");
        assertThat(zones.get(0).get("name").asText()).isEqualTo(send(OPERATOR, "GET", "/shares/" + id, null).body()
                .get("share").get("availability_zone").asText());
        Answer a = send(OPERATOR, "PUT", "/shares/" + id, "{\"share\": {\"display_name\": \"renamed\", "
                + "\"display_description\": \"d\", \"is_public\": true}}");
        assertThat(a.code()).isEqualTo(200);
        assertThat(a.body().get("share").get("name").asText()).isEqualTo("renamed");
        assertThat(a.body().get("share").get("is_public").asBoolean()).isTrue();
        assertThat(send(OPERATOR, "PUT", "/shares/" + id, "{\"share\": {\"is_public\": \"sometimes\"}}").code())
                .isEqualTo(400);
        assertThat(send(OPERATOR, "PUT", "/shares/" + id, "{\"share\": {}}").code()).isEqualTo(400);

        // another project sees a public share as Manila shows it (listed with is_public, shown), and may not touch it
        assertThat(send(OTHER, "GET", "/shares", null).body().toString()).doesNotContain(id);
        assertThat(send(OTHER, "GET", "/shares?is_public=true", null).body().toString()).contains(id);
        assertThat(send(OTHER, "GET", "/shares/" + id, null).code()).isEqualTo(200);
        assertThat(send(OTHER, "DELETE", "/shares/" + id, null).code()).isEqualTo(404);
        assertThat(send(OTHER, "POST", "/shares/" + id + "/metadata", "{\"metadata\": {\"x\": \"y\"}}").code())
                .isEqualTo(404);

        // each change has its event, with the row as it left it, and the status it left alone
        assertThat(send(OPERATOR, "POST", "/shares/" + id + "/metadata", "{\"metadata\": {\"k\": \"v\"}}").code())
                .isEqualTo(200);
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(node.uri()
                        + "/lockstep/v1/events/history?resource_type=share&resource_id=" + id))
                .header("X-Auth-Token", VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> changes = new java.util.ArrayList<>();
        json.readTree(history.body()).get("events").forEach(e -> {
            if (e.get("kind").asText().equals("change")) {
                changes.add(e);
            }
        });
        assertThat(changes).extracting(e -> e.get("operation").asText()).containsExactly("update", "metadata");
        assertThat(changes.get(0).get("row").get("name").asText()).isEqualTo("renamed");
        assertThat(changes.get(0).get("from").asText()).isEqualTo(changes.get(0).get("to").asText());
    }

    @Test
    void listsPageWithManilasMarkerLinks() throws Exception {
        for (int i = 0; i < 3; i++) {
            share();
        }
        JsonNode first = send(OPERATOR, "GET", "/shares?limit=2&sort_key=created_at&sort_dir=asc", null).body();
        assertThat(first.get("shares")).hasSize(2);
        String next = first.get("shares_links").get(0).get("href").asText();
        assertThat(next).contains("marker=" + first.get("shares").get(1).get("id").asText());
        String query = next.substring(next.indexOf('?'));
        JsonNode second = send(OPERATOR, "GET", "/shares" + query, null).body();
        assertThat(second.get("shares").get(0).get("id").asText())
                .isNotIn(first.get("shares").get(0).get("id").asText(), first.get("shares").get(1).get("id").asText());
        assertThat(send(OPERATOR, "GET", "/shares?marker=00000000-0000-4000-8000-00000000dead", null).code())
                .isEqualTo(400);
        JsonNode all = send(OPERATOR, "GET", "/shares?limit=0&with_count=true", null).body();
        assertThat(all.get("count").asInt()).isEqualTo(all.get("shares").size()).isGreaterThanOrEqualTo(3);
        assertThat(all.has("shares_links")).isFalse();
        assertThat(send(OPERATOR, "GET", "/shares?status=no_such_status", null).body().get("shares")).isEmpty();
    }

    /** Sixteen writers each adding their own key at once: every key is there afterwards (no lost update). */
    @Test
    void concurrentMetadataWritersLoseNothing() throws Exception {
        String id = share();
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier barrier = new CyclicBarrier(writers);
            List<Future<Answer>> all = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    barrier.await();
                    return send(OPERATOR, "POST", "/shares/" + id + "/metadata", "{\"metadata\": {\"k" + n
                            + "\": \"" + n + "\"}}");
                }));
            }
            for (Future<Answer> f : all) {
                assertThat(f.get().code()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode m = send(OPERATOR, "GET", "/shares/" + id + "/metadata", null).body().get("metadata");
        assertThat(m.size()).as(m.toString()).isEqualTo(writers + 1);
    }
}
