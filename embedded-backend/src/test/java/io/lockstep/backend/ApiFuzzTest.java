package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventPage;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.service.ServiceSwitch;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.http.ApiServer;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test over every route the node declares: random methods, tokens, microversions,
 * content types, path values, query parameters and bodies (broken JSON, nulls, duplicate keys, control
 * and bidi characters, huge numbers, deep nesting, oversize). No answer may be a 5xx or show a stack
 * trace or a class name; every error is Manila's JSON shape; afterwards nothing is stuck and event ids
 * are still 1..N. Set {@code -Dlockstep.fuzz.seed=N} to replay a run, {@code -Dlockstep.fuzz.requests=N}
 * for a longer one.
 */
class ApiFuzzTest {

    private static final String ADMIN = "fuzz-admin-token-000000000001";
    private static final String OPERATOR = "fuzz-operator-token-0000000002";
    private static final String VIEWER = "fuzz-viewer-token-00000000003";
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bjava\\.|com\\.fasterxml|org\\.eclipse|io\\.lockstep|\\tat |JsonToken|<html", Pattern.CASE_INSENSITIVE);
    /** Every transitional state the machines declare: the states work must leave. */
    private static final Set<String> TRANSITIONAL = io.lockstep.backend.statemachine.ResourceMachines.all().stream()
            .flatMap(m -> m.states().stream()).filter(s -> s.kind() == io.lockstep.api.statemachine.StateKind.TRANSITIONAL)
            .map(io.lockstep.backend.statemachine.State::name).collect(java.util.stream.Collectors.toSet());

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void noRouteAnswersAFiveHundredOrLeaksInternals() throws Exception {
        long seed = Long.getLong("lockstep.fuzz.seed", 20261205L);
        int requests = Integer.getInteger("lockstep.fuzz.requests", 4000);
        Random r = new Random(seed);
        TokenStore tokens = TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "fuzz"),
                new TokenStore.Token(OPERATOR, Role.OPERATOR, "fuzz"),
                new TokenStore.Token(VIEWER, Role.VIEWER, "other")));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (ServiceNode node = ServiceNode.builder().tokens(tokens).driver(new DriverSettings(1L, 5L, 0.0, null, 1L))
                .start(); LockstepClient admin = LockstepClient.connect(node.uri(), ADMIN)) {
            List<String> shares = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                shares.add(admin.call(admin.manila().createShare(CreateShare.of("fuzz-" + i, 1, "NFS"))).share().id());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Listings.allShares(admin).stream()
                    .allMatch(s -> s.status().equals("available")));
            String snapshot = admin.call(admin.manila().createSnapshot(CreateSnapshot.of(shares.get(0), "s")))
                    .snapshot().id();
            List<String> ids = List.of(shares.get(0), shares.get(1), snapshot, UUID.randomUUID().toString());
            List<ApiServer.Route> routes = node.routes().stream()
                    .filter(rt -> !rt.path().equals("/lockstep/v1/events")).toList(); // the stream is tested apart
            assertThat(routes).hasSizeGreaterThan(30);

            Map<String, Integer> classes = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                ApiServer.Route route = routes.get(r.nextInt(routes.size()));
                HttpRequest req = request(r, node.uri(), route, ids);
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                classes.merge(res.statusCode() / 100 + "xx", 1, Integer::sum);
                String problem = judge(res);
                if (problem != null && failures.size() < 20) {
                    failures.add(req.method() + " " + req.uri() + " -> " + res.statusCode() + ": " + problem + " "
                            + abbreviate(res.body()));
                }
            }
            System.out.printf("fuzz (seed %d): %d requests over %d routes: %s%n", seed, requests, routes.size(), classes);
            assertThat(failures).as("answers that broke the rules").isEmpty();

            // Consistent afterwards: fast storage and every service enabled again, then nothing stays
            // transitional and the event ids are 1..N.
            admin.call(admin.lockstep().updateDriver(new DriverSettings(1L, 5L, 0.0, null, null)));
            for (var svc : admin.call(admin.manila().services()).services()) {
                admin.call(admin.manila().enableService(new ServiceSwitch(svc.host(), svc.binary(), null)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> transitional(admin), List::isEmpty);
            List<Event> events = new ArrayList<>();
            long after = 0;
            while (true) {
                EventPage page = mapper.readValue(http.send(HttpRequest.newBuilder(node.uri().resolve(
                        "/lockstep/v1/events/history?all_tenants=1&limit=5000&after=" + after))
                        .header("X-Auth-Token", ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body(),
                        EventPage.class);
                events.addAll(page.events());
                if (page.events().isEmpty()) {
                    break;
                }
                after = page.events().get(page.events().size() - 1).id();
            }
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).id()).as("event ids of every project are 1..N").isEqualTo(i + 1L);
            }
            System.out.printf("fuzz: afterwards nothing transitional, %d events with ids 1..%d%n", events.size(),
                    events.size());
        }
    }

    private static List<String> transitional(LockstepClient c) {
        return Stream.of(Listings.allShares(c).stream().map(s -> s.status()),
                        Listings.allSnapshots(c).stream().map(s -> s.status()),
                        Listings.allBackups(c).stream().map(b -> b.status()))
                .flatMap(s -> s).filter(TRANSITIONAL::contains).toList();
    }

    /** What is wrong with an answer, or null. */
    private String judge(HttpResponse<String> res) {
        int code = res.statusCode();
        if (code >= 500) {
            return "a server error";
        }
        String body = res.body();
        if (LEAK.matcher(body).find()) {
            return "internals in the body";
        }
        if (code >= 400) {
            try {
                JsonNode n = mapper.readTree(body);
                if (n == null || !n.isObject() || n.size() != 1 || !n.elements().next().has("message")
                        || n.elements().next().get("code").asInt() != code) {
                    return "not Manila's error shape";
                }
            } catch (Exception notJson) {
                return "an error body that is not JSON";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private HttpRequest request(Random r, URI base, ApiServer.Route route, List<String> ids) {
        Matcher m = PARAM.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "project_id" -> pick(r, List.of("fuzz", "fuzz", "other", "admin", "x".repeat(65 + r.nextInt(300)),
                        "proj ect", "%00", "..", "ünï"));
                default -> r.nextInt(4) > 0 ? pick(r, ids) : pick(r, List.of("not-a-uuid", "", "x".repeat(2000),
                        "../../etc", "\u202e", "0", "-1", "9".repeat(30), "share", "cleanup"));
            };
            m.appendReplacement(path, Matcher.quoteReplacement(value.isEmpty() ? "x"
                    : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(path);
        StringBuilder query = new StringBuilder();
        int params = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
        for (int i = 0; i < params; i++) {
            String k = pick(r, List.of("limit", "offset", "sort_key", "sort_dir", "all_tenants", "status", "name",
                    "project_id", "after", "kind", "share_id", "resource_type", "bogus", "is_public"));
            String v = pick(r, List.of("-1", "0", "5", "abc", "9".repeat(25), "true", "available", "desc",
                    "x".repeat(100), "%ZZ", "ü", "'; DROP TABLE shares;--"));
            query.append(i == 0 ? "?" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        String method = r.nextInt(10) == 0 ? pick(r, List.of("GET", "POST", "PUT", "DELETE", "PATCH")) : route.method();
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path + query.toString()))
                .timeout(Duration.ofSeconds(30));
        String token = pick(r, List.of(ADMIN, ADMIN, ADMIN, OPERATOR, VIEWER, "wrong-token-xxxxxxxxxxxx", ""));
        if (!token.isEmpty()) {
            b.header("X-Auth-Token", token);
        }
        String version = pick(r, List.of("", "2.0", "2.60", "2.72", "2.80", "latest", "2.9999999999999999999", "3.0", "abc",
                "2.", "1.0"));
        if (!version.isEmpty()) {
            b.header("X-OpenStack-Manila-API-Version", version);
        }
        if (r.nextInt(5) == 0) {
            b.header("X-Lockstep-Expected-Status", pick(r, List.of("available", "bogus", "creating", "x".repeat(200))));
        }
        if (method.equals("GET") || method.equals("DELETE") && r.nextBoolean()) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        b.header("Content-Type", pick(r, List.of("application/json", "application/json", "application/json",
                "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded")));
        return b.method(method, HttpRequest.BodyPublishers.ofString(body(r, ids))).build();
    }

    /** A body: a plausible envelope, often broken in one of the ways clients break them. */
    private static String body(Random r, List<String> ids) {
        String id = pick(r, ids);
        String value = pick(r, List.of("\"name-1\"", "null", "5", "-5", "1e400", "99999999999999999999", "true",
                "[]", "{}", "\"a\\u0000b\"", "\"\\u202eevil\"", "\"line\\nbreak\"", "\"" + "y".repeat(5000) + "\"",
                "{\"k\": null}", "\"" + id + "\""));
        List<String> shapes = List.of(
                "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"name\": %s}}",
                "{\"share\": {\"share_proto\": \"NFS\", \"size\": %s}}",
                "{\"share\": %s}",
                "{\"snapshot\": {\"share_id\": \"" + id + "\", \"name\": %s}}",
                "{\"share_backup\": {\"share_id\": \"" + id + "\", \"name\": %s}}",
                "{\"extend\": {\"new_size\": %s}}",
                "{\"shrink\": {\"new_size\": %s}}",
                "{\"reset_status\": {\"status\": %s}}",
                "{\"migration_start\": {\"host\": %s}}",
                "{\"force_delete\": %s}",
                "{\"restore\": %s}",
                "{\"share\": {\"metadata\": {\"k\": %s}, \"share_proto\": \"NFS\", \"size\": 1}}",
                "{\"host\": %s, \"binary\": \"lockstep-share\"}",
                "{\"name\": %s, \"fencing_token\": 1}",
                "{\"min_latency_ms\": %s}",
                "{\"term\": %s}",
                "{\"share\": {\"name\": \"a\", \"name\": %s}}",
                "%s");
        String json = String.format(pick(r, shapes), value);
        return switch (r.nextInt(12)) {
            case 0 -> json.substring(0, r.nextInt(json.length() + 1)); // cut short
            case 1 -> "[".repeat(3000) + "]".repeat(3000); // deep nesting
            case 2 -> "{\"share\": {\"name\": \"" + "z".repeat(70_000) + "\"}}"; // over the body limit
            case 3 -> "null";
            case 4 -> "";
            default -> json;
        };
    }
}
