package io.lockstep.backend.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.ManilaHttp.Answer;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Pools, zones and the scheduler over real HTTP against H2: pools as Manila lists and filters them,
 * shares placed by zone and by a type's extra specs, a share nothing can take ending in error with
 * Manila's user message, and concurrent creates never placing more on a pool than it holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolApiTest {

    private static final String ADMIN = "pool-admin-token-000000001";
    private static final String USER = "pool-user-token-0000000001";

    private ServiceNode node;
    private ManilaHttp manila;

    @BeforeAll
    void start() {
        // 1000 GB in all: pool1 and pool2 (zone nova) 400 GB each, pool3 (zone-b) 200 GB
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(USER, Role.OPERATOR, "p2"))))
                .driver(new DriverSettings(5L, 20L, 0.0, 1000L, 1L)).start();
        manila = new ManilaHttp(node.uri(), t -> t.equals(ADMIN) ? "p1" : "p2", "2.65");
        send(ADMIN, "PUT", "/quota-sets/p2", "{\"quota_set\": {\"gigabytes\": -1, \"shares\": -1}}");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Answer send(String token, String method, String path, String body) {
        return manila.send(token, method, path, body);
    }

    private List<String> poolNames(String query) {
        Answer a = send(ADMIN, "GET", "/scheduler-stats/pools" + query, null);
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        a.body().get("pools").forEach(p -> names.add(p.get("pool").asText()));
        return names;
    }

    /** As the admin sees it: {@code host} is for admins only, as in Manila. */
    private JsonNode share(String id) {
        return send(ADMIN, "GET", "/shares/" + id, null).body().get("share");
    }

    private String create(String extra) {
        Answer a = send(USER, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1" + extra + "}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("share").get("id").asText();
    }

    private JsonNode settled(String id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !share(id).get("status").asText().equals("creating"));
        return share(id);
    }

    @Test
    void poolsAreListedWithCapacityAndFilteredAsManilaFiltersThem() {
        assertThat(poolNames("")).containsExactly("pool1", "pool2", "pool3");
        assertThat(poolNames("?pool=pool[13]")).containsExactly("pool1", "pool3");
        assertThat(poolNames("?backend=sim&host=lock")).hasSize(3);
        assertThat(poolNames("?backend=other")).isEmpty();
        assertThat(poolNames("?capabilities=" + URLEncoder.encode("{'dedupe': 'True'}", StandardCharsets.UTF_8)))
                .containsExactly("pool2");
        assertThat(poolNames("?share_type=default")).containsExactly("pool1", "pool3");

        JsonNode detail = send(ADMIN, "GET", "/scheduler-stats/pools/detail?pool=pool3", null).body().get("pools").get(0);
        assertThat(detail.get("name").asText()).isEqualTo("lockstep@simulated#pool3");
        JsonNode caps = detail.get("capabilities");
        assertThat(caps.get("total_capacity_gb").asDouble()).isEqualTo(200.0);
        assertThat(caps.get("driver_handles_share_servers").asBoolean()).isFalse();
        assertThat(caps.has("free_capacity_gb") && caps.has("allocated_capacity_gb")
                && caps.has("provisioned_capacity_gb")).isTrue();

        assertThat(send(USER, "GET", "/scheduler-stats/pools", null).code()).isEqualTo(403);
        assertThat(send(ADMIN, "GET", "/scheduler-stats/pools?pool=(", null).code()).isEqualTo(400);
        assertThat(send(ADMIN, "GET", "/scheduler-stats/pools?capabilities=nonsense", null).code()).isEqualTo(400);
    }

    @Test
    void zonesAreThePoolsZonesAndACreateInAZoneLandsThere() {
        List<String> zones = new ArrayList<>();
        send(USER, "GET", "/availability-zones", null).body().get("availability_zones")
                .forEach(z -> zones.add(z.get("name").asText()));
        assertThat(zones).containsExactly("nova", "zone-b");

        String id = create(", \"availability_zone\": \"zone-b\"");
        assertThat(send(USER, "GET", "/shares/" + id, null).body().get("share").has("host")).isFalse();
        JsonNode placed = settled(id);
        assertThat(placed.get("status").asText()).isEqualTo("available");
        assertThat(placed.get("host").asText()).isEqualTo("lockstep@simulated#pool3");
        assertThat(placed.get("availability_zone").asText()).isEqualTo("zone-b");

        Answer unknown = send(USER, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"availability_zone\": \"atlantis\"}}");
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(unknown.body().toString()).contains("atlantis");
    }

    @Test
    void theSchedulerMatchesExtraSpecsAndAShareNothingTakesEndsInErrorWithAMessage() {
        assertThat(send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"thin-dedupe\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": false, \"snapshot_support\": false, "
                + "\"dedupe\": \"<is> True\"}}}").code()).isEqualTo(200);
        assertThat(send(ADMIN, "POST", "/types", "{\"share_type\": {\"name\": \"mountable\", \"extra_specs\": "
                + "{\"driver_handles_share_servers\": false, \"mount_snapshot_support\": true}}}").code()).isEqualTo(200);

        JsonNode thin = settled(create(", \"share_type\": \"thin-dedupe\""));
        assertThat(thin.get("host").asText()).endsWith("#pool2");

        Answer accepted = send(USER, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"mountable\"}}");
        assertThat(accepted.code()).as("accepted, as in Manila").isEqualTo(200);
        String id = accepted.body().get("share").get("id").asText();
        JsonNode failed = settled(id);
        assertThat(failed.get("status").asText()).isEqualTo("error");
        JsonNode messages = send(USER, "GET", "/messages?resource_id=" + id, null).body().get("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("action_id").asText()).isEqualTo("001");
        assertThat(messages.get(0).get("detail_id").asText()).isEqualTo("008");
        assertThat(messages.get(0).get("user_message").asText())
                .startsWith("allocate host: ").contains("Capabilities filter didn't succeed");
        assertThat(messages.get(0).get("links").get(0).get("rel").asText()).isEqualTo("self");
        assertThat(messages.get(0).get("request_id").asText()).isEqualTo(accepted.requestId()).startsWith("req-");
        // Manila's filters
        assertThat(send(USER, "GET", "/messages?action_id=001&detail_id=008&message_level=ERROR", null).body()
                .get("messages").toString()).contains(id);
        assertThat(send(USER, "GET", "/messages?detail_id=009&resource_id=" + id, null).body().get("messages"))
                .isEmpty();
        assertThat(send(USER, "GET", "/messages?sort_key=nonsense", null).code()).isEqualTo(400);
    }

    @Test
    void concurrentCreatesNeverPlaceMoreOnAPoolThanItHolds() throws Exception {
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ids.add(pool.submit(() -> {
                barrier.await();
                Answer a = send(USER, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 60, "
                        + "\"availability_zone\": \"zone-b\"}}");
                return a.body().get("share").get("id").asText();
            }));
        }
        int placed = 0;
        int refused = 0;
        for (Future<String> f : ids) {
            JsonNode s = settled(f.get());
            if (s.get("status").asText().equals("available")) {
                placed++;
            } else {
                refused++;
                assertThat(send(USER, "GET", "/messages?resource_id=" + s.get("id").asText(), null).body()
                        .toString()).contains("Capacity filter didn't succeed");
            }
        }
        pool.shutdown();
        JsonNode caps = send(ADMIN, "GET", "/scheduler-stats/pools/detail?pool=pool3", null).body().get("pools").get(0)
                .get("capabilities");
        long allocated = caps.get("allocated_capacity_gb").asLong();
        assertThat(allocated).isLessThanOrEqualTo(200);
        // pool3 holds 200 GB (another test may have put 1 GB there): three of the 60 GB shares fit
        assertThat(placed).isEqualTo(3);
        assertThat(allocated).isBetween(180L, 181L);
        assertThat(refused).isEqualTo(threads - placed);
    }
}
