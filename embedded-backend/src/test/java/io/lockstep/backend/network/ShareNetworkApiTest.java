package io.lockstep.backend.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.ManilaHttp.Answer;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.driver.SimulatedNetwork;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Share networks, their subnets and security services as Manila's API shapes them, and bad input refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareNetworkApiTest {

    private static final String ADMIN = "network-admin-token-00000001";
    private static final String OTHER = "network-other-token-00000002";
    private ServiceNode node;
    private ManilaHttp m;

    @BeforeAll
    void start() {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(OTHER, Role.OPERATOR, "p2"))))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L)).start();
        node.driver().network().update(new NetworkPluginSettings(5L, 10L, 0.0, null));
        m = new ManilaHttp(node.uri(), t -> t.equals(OTHER) ? "p2" : "p1", "2.80");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String network(String name) {
        Answer a = m.send(ADMIN, "POST", "/share-networks", "{\"share_network\": {\"name\": \"" + name + "\"}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("share_network").get("id").asText();
    }

    @Test
    void aNetworkIsShownAsEachMicroversionShowsIt() {
        String id = network("versions");
        JsonNode old = m.send(ADMIN, "GET", "/share-networks/" + id, null, "2.50").body().get("share_network");
        assertThat(old.has("neutron_net_id")).isTrue();
        assertThat(old.get("cidr").asText()).isEqualTo("10.254.0.0/24");
        assertThat(old.has("share_network_subnets")).isFalse();
        assertThat(old.has("status")).isFalse();
        JsonNode now = m.send(ADMIN, "GET", "/share-networks/" + id, null).body().get("share_network");
        assertThat(now.get("share_network_subnets")).hasSize(1);
        assertThat(now.get("share_network_subnets").get(0).get("gateway").asText()).isEqualTo("10.254.0.1");
        assertThat(now.get("status").asText()).isEqualTo("active");
        assertThat(m.send(ADMIN, "PUT", "/share-networks/" + id, "{\"share_network\": {\"name\": \"renamed\"}}")
                .body().get("share_network").get("name").asText()).isEqualTo("renamed");
        assertThat(m.send(ADMIN, "GET", "/share-networks?name=renamed", null).body().get("share_networks")
                .findValuesAsText("id")).containsExactly(id);
        assertThat(m.send(OTHER, "GET", "/share-networks/" + id, null).code()).as("another project's").isEqualTo(404);
        assertThat(m.send(ADMIN, "POST", "/share-networks/" + id + "/action", "{\"reset_status\": {\"status\": "
                + "\"error\"}}", "2.62").code()).as("reset_status begins at 2.63").isEqualTo(400);
        assertThat(m.send(ADMIN, "POST", "/share-networks/" + id + "/action", "{\"reset_status\": {\"status\": "
                + "\"error\"}}").code()).isEqualTo(202);
        assertThat(m.send(ADMIN, "DELETE", "/share-networks/" + id, null).code()).isEqualTo(202);
        assertThat(m.send(ADMIN, "GET", "/share-networks/" + id, null).code()).isEqualTo(404);
    }

    @Test
    void subnetsArePerZone() {
        String id = network("zones");
        Answer b = m.send(ADMIN, "POST", "/share-networks/" + id + "/subnets", "{\"share-network-subnet\": "
                + "{\"availability_zone\": \"zone-b\"}}");
        assertThat(b.code()).as(b.body().toString()).isEqualTo(200);
        String subnet = b.body().get("share_network_subnet").get("id").asText();
        assertThat(b.body().get("share_network_subnet").get("share_network_id").asText()).isEqualTo(id);
        Answer again = m.send(ADMIN, "POST", "/share-networks/" + id + "/subnets", "{\"share-network-subnet\": "
                + "{\"availability_zone\": \"zone-b\"}}");
        assertThat(again.code()).isEqualTo(409);
        assertThat(m.send(ADMIN, "GET", "/share-networks/" + id + "/subnets", null).body()
                .get("share_network_subnets")).hasSize(2);
        assertThat(m.send(ADMIN, "GET", "/share-networks/" + id + "/subnets", null, "2.50").code())
                .as("subnets begin at 2.51").isEqualTo(404);
        assertThat(m.send(ADMIN, "DELETE", "/share-networks/" + id + "/subnets/" + subnet, null).code()).isEqualTo(202);
        assertThat(m.send(ADMIN, "GET", "/share-networks/" + id + "/subnets/" + subnet, null).code()).isEqualTo(404);
    }

    @Test
    void securityServicesAreAddedOnceAndNotDeletedWhileUsed() {
        String id = network("secured");
        Answer bad = m.send(ADMIN, "POST", "/security-services", "{\"security_service\": {\"type\": \"nis\"}}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.message()).contains("ldap").contains("kerberos").contains("active_directory");
        Answer ad = m.send(ADMIN, "POST", "/security-services", "{\"security_service\": {\"type\": "
                + "\"active_directory\", \"name\": \"corp\", \"domain\": \"corp.example\", \"user\": \"svc\"}}");
        assertThat(ad.code()).isEqualTo(200);
        String ss = ad.body().get("security_service").get("id").asText();
        assertThat(ad.body().get("security_service").get("user").asText()).isEqualTo("svc");
        String add = "{\"add_security_service\": {\"security_service_id\": \"" + ss + "\"}}";
        assertThat(m.send(ADMIN, "POST", "/share-networks/" + id + "/action", add).code()).isEqualTo(200);
        Answer twice = m.send(ADMIN, "POST", "/share-networks/" + id + "/action", add);
        assertThat(twice.code()).isEqualTo(400);
        assertThat(twice.message()).contains("already");
        assertThat(m.send(ADMIN, "GET", "/security-services?share_network_id=" + id, null).body()
                .get("security_services").findValuesAsText("id")).containsExactly(ss);
        Answer used = m.send(ADMIN, "DELETE", "/security-services/" + ss, null);
        assertThat(used.code()).isEqualTo(403);
        assertThat(used.message()).contains(id);
        // once a server uses the network, its security services are fixed
        Answer share = m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"dhss\", \"share_network_id\": \"" + id + "\"}}");
        assertThat(share.code()).isEqualTo(200);
        String remove = "{\"remove_security_service\": {\"security_service_id\": \"" + ss + "\"}}";
        Answer busy = m.send(ADMIN, "POST", "/share-networks/" + id + "/action", remove);
        assertThat(busy.code()).isEqualTo(409);
        assertThat(busy.message()).contains("share_server");
        String shareId = share.body().get("share").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> m.send(ADMIN, "GET", "/shares/" + shareId, null).body()
                .get("share").get("status").asText().equals("available"));
    }

    @Test
    void aSecurityServiceIsNeverAddedToANetworkWhileItIsDeleted() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String net = network("race-" + round);
                String ss = m.send(ADMIN, "POST", "/security-services", "{\"security_service\": {\"type\": "
                        + "\"kerberos\"}}").body().get("security_service").get("id").asText();
                var barrier = new java.util.concurrent.CyclicBarrier(2);
                var add = pool.submit(() -> {
                    barrier.await();
                    return m.send(ADMIN, "POST", "/share-networks/" + net + "/action", "{\"add_security_service\": "
                            + "{\"security_service_id\": \"" + ss + "\"}}");
                });
                var delete = pool.submit(() -> {
                    barrier.await();
                    return m.send(ADMIN, "DELETE", "/security-services/" + ss, null);
                });
                int added = add.get().code();
                int deleted = delete.get().code();
                assertThat(added == 200 ^ deleted == 202).as("exactly one wins: add %s, delete %s", added, deleted)
                        .isTrue();
                List<String> linked = m.send(ADMIN, "GET", "/security-services?share_network_id=" + net, null).body()
                        .get("security_services").findValuesAsText("id");
                assertThat(linked).isEqualTo(added == 200 ? List.of(ss) : List.of());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShareOnANetworkNeedsATypeThatHandlesServers() {
        String id = network("typed");
        Answer wrongType = m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_network_id\": \"" + id + "\"}}");
        assertThat(wrongType.code()).isEqualTo(400);
        assertThat(wrongType.message()).contains("driver_handles_share_servers=False");
        Answer noNetwork = m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"dhss\"}}");
        assertThat(noNetwork.code()).isEqualTo(400);
        assertThat(noNetwork.message()).contains("share_network_id");
        assertThat(m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"dhss\", \"share_network_id\": \"nope\"}}").code()).isEqualTo(404);
        Answer unknownField = m.send(ADMIN, "POST", "/share-networks", "{\"share_network\": {\"colour\": \"red\"}}");
        assertThat(unknownField.code()).isEqualTo(400);
        assertThat(unknownField.message()).contains("colour");
        Answer halfNeutron = m.send(ADMIN, "POST", "/share-networks", "{\"share_network\": {\"neutron_net_id\": "
                + "\"998b42ee-2cee-4d36-8b95-67b5ca1f2109\"}}");
        assertThat(halfNeutron.code()).isEqualTo(400);
        assertThat(halfNeutron.message()).contains("neutron_subnet_id");
    }

    @Test
    void thePluginPicksFreeAddressesFromItsRange() throws Exception {
        assertThat(SimulatedNetwork.pick("10.0.0.0/29", Set.of("10.0.0.2", "10.0.0.4"), 3))
                .containsExactly("10.0.0.3", "10.0.0.5", "10.0.0.6");
        assertThat(SimulatedNetwork.gateway("192.168.7.0/24")).isEqualTo("192.168.7.1");
        assertThat(SimulatedNetwork.isRange("10.0.0.0/31")).isFalse();
        assertThat(SimulatedNetwork.isRange("300.0.0.0/24")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedNetwork.pick("10.0.0.0/30",
                Set.of("10.0.0.2"), 1)).hasMessageContaining("no free address");
        var http = java.net.http.HttpClient.newHttpClient();
        var refused = http.send(java.net.http.HttpRequest.newBuilder(node.uri().resolve("/lockstep/v1/lab/network"))
                .header("X-Auth-Token", ADMIN).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"default_cidr\": \"banana\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("default_cidr");
    }
}
