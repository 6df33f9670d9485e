package io.lockstep.backend.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.ManilaHttp.Answer;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.statemachine.ResourceMachines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Share servers end to end through the Manila API: a DHSS share makes a server whose phases are
 * transitions with their events, a second share reuses it, the cleanup leader deletes it once unused,
 * a share service killed mid-setup is resumed by another, and a share create racing the server's delete
 * never leaves a share on a deleted server.
 */
class ShareServerTest {

    private static final String ADMIN = "server-admin-token-000000001";
    private static final List<String> PHASES = List.of("creating", "allocating_network", "setting_up_server",
            "configuring_security_services", "active");

    private static ServiceNode single(Duration unused) {
        ServiceNode node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN,
                        "p1")))).driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L))
                .cleanup(Duration.ofMillis(200), Duration.ofSeconds(5)).unusedServerInterval(unused).start();
        node.driver().network().update(new NetworkPluginSettings(20L, 60L, 0.0, null));
        return node;
    }

    static String network(ManilaHttp m) {
        Answer a = m.send(ADMIN, "POST", "/share-networks", "{\"share_network\": {\"name\": \"net\"}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("share_network").get("id").asText();
    }

    static String share(ManilaHttp m, String network) {
        Answer a = m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"share_type\": "
                + "\"dhss\", \"share_network_id\": \"" + network + "\"}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("share").get("id").asText();
    }

    static String status(ManilaHttp m, String collection, String envelope, String id) {
        Answer a = m.send(ADMIN, "GET", "/" + collection + "/" + id, null);
        return a.code() == 404 ? "gone" : a.body().get(envelope).get("status").asText();
    }

    static JsonNode server(ManilaHttp m, String id) {
        return m.send(ADMIN, "GET", "/share-servers/" + id, null).body().get("share_server");
    }

    private static List<String> transitions(ServiceNode node, String type, String id) {
        return node.events().after(0, 1000, new io.lockstep.backend.event.EventLog.Filter(type, id, null)).stream()
                .filter(e -> e.kind() == io.lockstep.api.event.EventKind.TRANSITION).map(e -> e.to()).toList();
    }

    @Test
    void aServerIsSetUpInPhasesReusedAndDeletedByTheLeaderOnceUnused() {
        try (ServiceNode node = single(Duration.ofSeconds(1))) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            String net = network(m);
            Answer ss = m.send(ADMIN, "POST", "/security-services", "{\"security_service\": {\"type\": \"ldap\", "
                    + "\"server\": \"ldap.example\", \"name\": \"dir\"}}");
            assertThat(ss.code()).isEqualTo(200);
            assertThat(m.send(ADMIN, "POST", "/share-networks/" + net + "/action", "{\"add_security_service\": "
                    + "{\"security_service_id\": \"" + ss.body().get("security_service").get("id").asText() + "\"}}")
                    .code()).isEqualTo(200);
            String first = share(m, net);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", first).equals("available"));
            String serverId = m.send(ADMIN, "GET", "/shares/" + first, null).body().get("share")
                    .get("share_server_id").asText();
            JsonNode server = server(m, serverId);
            assertThat(server.get("status").asText()).isEqualTo("active");
            assertThat(server.get("network_allocations")).hasSize(1);
            String ip = server.get("network_allocations").get(0).get("ip_address").asText();
            assertThat(m.send(ADMIN, "GET", "/shares/" + first + "/export_locations", null).body().toString())
                    .as("exported from the server's address").contains(ip + ":/shares/");
            assertThat(transitions(node, "share_server", serverId)).as("every phase is a transition")
                    .containsExactlyElementsOf(PHASES);
            String second = share(m, net);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", second).equals("available"));
            assertThat(m.send(ADMIN, "GET", "/shares/" + second, null).body().get("share").get("share_server_id")
                    .asText()).as("the second share reuses the server").isEqualTo(serverId);
            assertThat(m.send(ADMIN, "GET", "/shares?share_server_id=" + serverId, null).body().get("shares"))
                    .hasSize(2);

            Answer refused = m.send(ADMIN, "DELETE", "/share-servers/" + serverId, null);
            assertThat(refused.code()).isEqualTo(409);
            assertThat(refused.message()).contains(first).contains(second);
            Answer netDelete = m.send(ADMIN, "DELETE", "/share-networks/" + net, null);
            assertThat(netDelete.code()).isEqualTo(409);
            assertThat(netDelete.message()).contains(serverId);

            long gone = System.nanoTime();
            m.send(ADMIN, "DELETE", "/shares/" + first, null);
            m.send(ADMIN, "DELETE", "/shares/" + second, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(m, "share-servers", "share_server", serverId)
                    .equals("gone"));
            System.out.printf("unused server deleted by the leader %d ms after its shares' deletes (interval 1 s)%n",
                    (System.nanoTime() - gone) / 1_000_000);
            List<String> history = transitions(node, "share_server", serverId);
            assertThat(history.subList(history.size() - 2, history.size())).containsExactly("deleting", "deleted");
            assertThat(node.events().after(0, 1000, new io.lockstep.backend.event.EventLog.Filter("share_server", serverId, null)).stream()
                    .filter(e -> e.kind() == io.lockstep.api.event.EventKind.TRANSITION && "deleting".equals(e.to()))
                    .findFirst().orElseThrow().actor()).contains("cleanup");
            int allocations = node.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM "
                    + "network_allocations").mapTo(Integer.class).one());
            assertThat(allocations).as("its address is free again").isZero();
            assertThat(m.send(ADMIN, "DELETE", "/share-networks/" + net, null).code()).isEqualTo(202);
        }
    }

    @Test
    void aPhaseFailureEndsTheServerInThatPhasesErrorAndItsWaitingShares() {
        try (ServiceNode node = single(Duration.ofMinutes(10))) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            node.driver().network().update(new NetworkPluginSettings(null, null, 1.0, null));
            String net = network(m);
            String share = share(m, net);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", share).equals("error"));
            String serverId = m.send(ADMIN, "GET", "/shares/" + share, null).body().get("share")
                    .get("share_server_id").asText();
            JsonNode server = server(m, serverId);
            assertThat(server.get("status").asText()).as("Manila's clients see error").isEqualTo("error");
            assertThat(server.get("task_state").asText()).isEqualTo("network_allocation_error");
            assertThat(m.send(ADMIN, "GET", "/messages", null).body().toString()).contains(serverId);
            // reset by the admin, then deleted once its share is gone
            node.driver().network().update(new NetworkPluginSettings(null, null, 0.0, null));
            assertThat(m.send(ADMIN, "DELETE", "/shares/" + share, null).code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", share).equals("gone"));
            assertThat(m.send(ADMIN, "DELETE", "/share-servers/" + serverId, null).code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "share-servers", "share_server", serverId)
                    .equals("gone"));
        }
    }

    @Test
    void aShareCreateRacingTheServersDeleteNeverEndsOnADeletedServer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ServiceNode node = single(Duration.ofMinutes(10))) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            int createdFirst = 0;
            int deletedFirst = 0;
            for (int round = 0; round < 12; round++) {
                String net = network(m);
                String seed = share(m, net);
                await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", seed).equals("available"));
                String serverId = m.send(ADMIN, "GET", "/shares/" + seed, null).body().get("share")
                        .get("share_server_id").asText();
                m.send(ADMIN, "DELETE", "/shares/" + seed, null);
                await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", seed).equals("gone"));
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Answer> create = pool.submit(() -> {
                    barrier.await();
                    return m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                            + "\"share_type\": \"dhss\", \"share_network_id\": \"" + net + "\"}}");
                });
                Future<Answer> delete = pool.submit(() -> {
                    barrier.await();
                    return m.send(ADMIN, "DELETE", "/share-servers/" + serverId, null);
                });
                Answer c = create.get();
                Answer d = delete.get();
                assertThat(c.code()).as(c.body().toString()).isEqualTo(200);
                assertThat(d.code()).as(d.body().toString()).isIn(202, 409);
                String shareId = c.body().get("share").get("id").asText();
                await().atMost(Duration.ofSeconds(20)).until(() -> status(m, "shares", "share", shareId)
                        .equals("available"));
                String on = m.send(ADMIN, "GET", "/shares/" + shareId, null).body().get("share").get("share_server_id")
                        .asText();
                assertThat(status(m, "share-servers", "share_server", on)).as("the share's server is live")
                        .isEqualTo("active");
                if (d.code() == 202) {
                    deletedFirst++;
                    assertThat(on).as("a new server was made for the share").isNotEqualTo(serverId);
                } else {
                    createdFirst++;
                    assertThat(on).isEqualTo(serverId);
                }
            }
            System.out.printf("server delete vs share create: delete first %d, create first %d, 0 violations%n",
                    deletedFirst, createdFirst);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoCreatesThatNeedANewServerMakeOneAndANetworkDeleteNeverStrandsAShare() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ServiceNode node = single(Duration.ofMinutes(10))) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            String body = "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"share_type\": \"dhss\", "
                    + "\"share_network_id\": \"%s\"}}";
            for (int round = 0; round < 8; round++) {
                String net = network(m);
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<Answer>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(pool.submit(() -> {
                        barrier.await();
                        return m.send(ADMIN, "POST", "/shares", String.format(body, net));
                    }));
                }
                List<String> servers = new ArrayList<>();
                for (Future<Answer> f : both) {
                    Answer a = f.get();
                    assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
                    servers.add(m.send(ADMIN, "GET", "/shares/" + a.body().get("share").get("id").asText(), null)
                            .body().get("share").get("share_server_id").asText());
                }
                assertThat(servers.get(0)).as("the second create reuses the server the first made")
                        .isEqualTo(servers.get(1));
                assertThat(m.send(ADMIN, "GET", "/share-servers?share_network_id=" + net, null).body()
                        .get("share_servers")).hasSize(1);
            }
            int deleted = 0;
            for (int round = 0; round < 8; round++) {
                String net = network(m);
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Answer> create = pool.submit(() -> {
                    barrier.await();
                    return m.send(ADMIN, "POST", "/shares", String.format(body, net));
                });
                Future<Answer> delete = pool.submit(() -> {
                    barrier.await();
                    return m.send(ADMIN, "DELETE", "/share-networks/" + net, null);
                });
                Answer c = create.get();
                Answer d = delete.get();
                assertThat(c.code() == 200 ^ d.code() == 202).as("exactly one wins: create %s, delete %s", c.code(),
                        d.code()).isTrue();
                if (d.code() == 202) {
                    deleted++;
                    assertThat(c.code()).isIn(404, 409);
                    assertThat(m.send(ADMIN, "GET", "/shares?share_network_id=" + net, null).body().get("shares"))
                            .isEmpty();
                } else {
                    assertThat(d.code()).isEqualTo(409);
                }
            }
            System.out.printf("two creates needing one server: 8 rounds, one server each; network delete vs share "
                    + "create: delete first %d of 8, 0 violations%n", deleted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShareServiceKilledMidSetupIsResumedByAnother() throws Exception {
        String db = ClusterNodes.sharedDatabase("server-kill");
        SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L));
        storage.network().update(new NetworkPluginSettings(1500L, 1500L, 0.0, null));
        try (TestingServer zk = new TestingServer(true);
             java.sql.Connection keeper = java.sql.DriverManager.getConnection(db);
             ServiceNode a = node(zk, "node-a", db, storage);
             ServiceNode b = node(zk, "node-b", db, storage)) {
            ManilaHttp m = new ManilaHttp(a.uri(), t -> "p1", "2.80");
            String net = network(m);
            String share = share(m, net);
            String serverId = m.send(ADMIN, "GET", "/shares/" + share, null).body().get("share")
                    .get("share_server_id").asText();
            // wait until a service is inside the second phase, then kill the one holding it
            await().atMost(Duration.ofSeconds(20)).until(() -> "setting_up_server".equals(
                    server(m, serverId).get("task_state").asText(null)));
            String owner = a.database().jdbi().withHandle(h -> h.createQuery("SELECT owner FROM work_items WHERE "
                    + "resource_id = :s AND state = 'pending'").bind("s", serverId).mapTo(String.class).one());
            ServiceNode victim = owner.contains("node-a") ? a : b;
            ServiceNode survivor = victim == a ? b : a;
            long killed = System.nanoTime();
            victim.kill();
            ManilaHttp s = new ManilaHttp(survivor.uri(), t -> "p1", "2.80");
            await().atMost(Duration.ofSeconds(30)).until(() -> status(s, "shares", "share", share).equals("available"));
            System.out.printf("share server setup resumed by %s: active %d ms after the kill (lease 1 s, phase 1.5 s)%n",
                    survivor == a ? "node-a" : "node-b", (System.nanoTime() - killed) / 1_000_000);
            assertThat(transitions(survivor, "share_server", serverId)).as("each phase once, none lost or doubled")
                    .containsExactlyElementsOf(PHASES);
            assertThat(server(s, serverId).get("network_allocations")).hasSize(1);
            String resumedBy = survivor.database().jdbi().withHandle(h -> h.createQuery("SELECT owner FROM work_items "
                    + "WHERE resource_id = :s AND operation = 'set_up'").bind("s", serverId).mapTo(String.class).one());
            assertThat(resumedBy).doesNotContain(victim == a ? "node-a" : "node-b");
        }
    }

    private static ServiceNode node(TestingServer zk, String id, String db, SimulatedDriver storage) {
        return ClusterNodes.node(zk, id, db, storage, ADMIN, Duration.ofSeconds(2))
                .workers(2, Duration.ofSeconds(1), 5).start();
    }
}
