package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each bad input the issue tracker found, answered with a 4xx in Manila's error shape naming what is
 * wrong, never a 500; and each refused write in the audit log, however malformed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String ADMIN = "bad-input-admin-token-000001";
    private static final String VIEWER = "bad-input-viewer-token-00002";
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ServiceNode node;

    @BeforeAll
    void start() {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                new TokenStore.Token(VIEWER, Role.VIEWER, "p2")))).start();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private record Answer(int code, JsonNode error, String raw) {
    }

    private Answer send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri().resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode error = null;
        if (res.statusCode() >= 400) {
            JsonNode n = mapper.readTree(res.body());
            assertThat(n.size()).as(res.body()).isEqualTo(1);
            error = n.elements().next();
            assertThat(error.get("code").asInt()).isEqualTo(res.statusCode());
        }
        return new Answer(res.statusCode(), error, res.body());
    }

    private Answer post(String path, String body) throws Exception {
        return send("POST", path, "application/json", body, "X-Auth-Token", ADMIN);
    }

    @Test
    void theVersionIsReadAfterTheTokenAndNeverOverflows() throws Exception {
        String huge = "2.9999999999999999999";
        assertThat(send("GET", "/v2/p1/shares", null, null, "X-OpenStack-Manila-API-Version", huge).code())
                .isEqualTo(401);
        Answer bad = send("GET", "/v2/p1/shares", null, null, "X-OpenStack-Manila-API-Version", huge, "X-Auth-Token",
                ADMIN);
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.error().get("message").asText()).contains("Invalid API version", "2.0 to 2.80");
        assertThat(send("GET", "/v2/p1/shares", null, null, "X-OpenStack-Manila-API-Version", "2.99", "X-Auth-Token",
                ADMIN).code()).isEqualTo(406);
    }

    @Test
    void nullAndNonObjectBodiesAreRefusedByName() throws Exception {
        for (String path : List.of("/v2/p1/shares", "/v2/p1/snapshots", "/v2/p1/share-backups")) {
            Answer a = post(path, "null");
            assertThat(a.code()).as(path).isEqualTo(400);
            assertThat(a.error().get("message").asText()).contains("JSON object");
        }
        Answer inner = post("/v2/p1/shares", "{\"share\": null}");
        assertThat(inner.code()).isEqualTo(400);
        assertThat(inner.error().get("field").asText()).isEqualTo("share");
        assertThat(send("PUT", "/v2/p1/services/disable", "application/json", "null", "X-Auth-Token", ADMIN).code())
                .isEqualTo(400);
        assertThat(send("PUT", "/lockstep/v1/lab/driver", "application/json", "[]", "X-Auth-Token", ADMIN).code())
                .isEqualTo(400);
    }

    @Test
    void strictJsonNamesTheField() throws Exception {
        Answer dup = post("/v2/p1/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"name\": \"a\", "
                + "\"name\": \"b\"}}");
        assertThat(dup.code()).isEqualTo(400);
        assertThat(dup.error().get("message").asText()).contains("'name'", "more than once");

        Answer text = send("POST", "/v2/p1/shares", "text/plain", "{\"share\": {}}", "X-Auth-Token", ADMIN);
        assertThat(text.code()).isEqualTo(415);
        assertThat(text.error().get("message").asText()).contains("text/plain", "application/json");

        Answer nul = post("/v2/p1/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"name\": \"a\\u0000b\"}}");
        assertThat(nul.code()).isEqualTo(400);
        assertThat(nul.error().get("field").asText()).isEqualTo("share.name");
        Answer bidi = post("/v2/p1/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"description\": "
                + "\"txt.\\u202eexe\"}}");
        assertThat(bidi.code()).isEqualTo(400);
        assertThat(bidi.error().get("message").asText()).contains("bidirectional override", "share.description");
        Answer meta = post("/v2/p1/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"metadata\": "
                + "{\"k\": null}}}");
        assertThat(meta.code()).isEqualTo(400);
        assertThat(meta.error().get("field").asText()).isEqualTo("share.metadata.k");

        Answer wrongType = post("/v2/p1/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": {\"a\": 1}}}");
        assertThat(wrongType.code()).isEqualTo(400);
        assertThat(wrongType.raw()).doesNotContain("java.", "com.fasterxml", "JsonToken", "`");
    }

    @Test
    void longProjectIdsAndOversizeBodiesAreClearRefusals() throws Exception {
        Answer longProject = post("/v2/" + "p".repeat(65) + "/shares",
                "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1}}");
        assertThat(longProject.code()).isEqualTo(400);
        assertThat(longProject.error().get("field").asText()).isEqualTo("project_id");

        // A chunked body over the limit: no Content-Length, so only reading it tells.
        HttpRequest chunked = HttpRequest.newBuilder(node.uri().resolve("/v2/p1/shares"))
                .header("X-Auth-Token", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(new Flow.Publisher<>() {
                    @Override
                    public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> s) {
                        HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]).subscribe(s);
                    }
                })).build();
        HttpResponse<String> res = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(mapper.readTree(res.body()).has("overLimit")).isTrue();
    }

    @Test
    void jettysOwnRefusalsAreJsonToo() throws Exception {
        URI u = node.uri();
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /v2/" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 414").contains("application/json", "\"code\":414")
                    .doesNotContain("<html");
        }
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /v2 HTTP/1.1\r\nHost: a\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 431").contains("application/json", "\"code\":431");
        }
    }

    @Test
    void everyRefusedWriteIsAudited() throws Exception {
        String segment = "s".repeat(40);
        assertThat(post("/v2/p1/" + segment, "{}").code()).isEqualTo(404);
        assertThat(post("/v2/p1/shares", "{\"share\": {\"name\": \"" + "z".repeat(70_000) + "\"}}").code())
                .isEqualTo(413);
        assertThat(send("POST", "/v2/p1/shares", "application/json", "{}", "X-Auth-Token", "nobody-token-xxxxxxxxxx")
                .code()).isEqualTo(401);
        HttpResponse<String> audit = http.send(HttpRequest.newBuilder(node.uri().resolve(
                "/lockstep/v1/audit?outcome=refused&limit=500")).header("X-Auth-Token", ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode rows = mapper.readTree(audit.body()).get("audit");
        List<String> seen = new java.util.ArrayList<>();
        rows.forEach(r -> seen.add(r.get("outcome").asInt() + " " + r.get("path").asText()));
        assertThat(seen).contains("404 /v2/p1/" + segment, "413 /v2/p1/shares", "401 /v2/p1/shares");
    }

    @Test
    void nonAdminsSeeOnlyTheirProjectsWork() throws Exception {
        HttpResponse<String> work = http.send(HttpRequest.newBuilder(node.uri().resolve("/lockstep/v1/work"))
                .header("X-Auth-Token", VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(work.statusCode()).isEqualTo(200);
        HttpResponse<String> locks = http.send(HttpRequest.newBuilder(node.uri().resolve("/lockstep/v1/locks"))
                .header("X-Auth-Token", VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mapper.readTree(locks.body()).get("stats")).isEmpty();
    }
}
