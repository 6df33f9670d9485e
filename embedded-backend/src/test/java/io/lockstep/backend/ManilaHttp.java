package io.lockstep.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/**
 * Raw Manila requests for API tests that check shapes and codes the typed client hides: a token, a
 * method, a path under {@code /v2/{project}} (the token's project) and a microversion.
 */
public final class ManilaHttp {

    /** A status, the parsed body (an empty object for none) and the response's request id. */
    public record Answer(int code, JsonNode body, String requestId) {
        /** The message of a Manila error body. */
        public String message() {
            return body.elements().next().path("message").asText();
        }
    }

    private final URI node;
    private final Function<String, String> projectOf;
    private final String version;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** @param projectOf the project of each token, for the URL */
    public ManilaHttp(URI node, Function<String, String> projectOf, String version) {
        this.node = node;
        this.projectOf = projectOf;
        this.version = version;
    }

    public Answer send(String token, String method, String path, String body) {
        return send(token, method, path, body, version);
    }

    public Answer send(String token, String method, String path, String body, String microversion) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(node + "/v2/" + projectOf.apply(token) + path))
                    .header("X-Auth-Token", token).header("Content-Type", "application/json")
                    .header("X-OpenStack-Manila-API-Version", microversion)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(res.statusCode(), res.body().isEmpty() ? json.createObjectNode() : json.readTree(res.body()),
                    res.headers().firstValue("X-Openstack-Request-Id").orElse(null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
