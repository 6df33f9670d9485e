package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Manila's own clients against a real node: Debian's {@code manila} (python3-manilaclient) and
 * {@code openstack} (python3-openstackclient), as processes, with a token and the node's endpoint.
 * {@code .ci/run} installs both where it is root; on a machine without them these tests are skipped
 * and say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManilaClientsTest {

    private static final String TOKEN = "manila-clients-admin-token-01";
    private static final String VERSION = "2.65";
    private ServiceNode node;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L)).start();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private record Run(int code, String out) {
    }

    private static boolean installed(String command) {
        return Files.isExecutable(Path.of("/usr/bin", command));
    }

    private Run manila(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/manila", "--os-token", TOKEN, "--bypass-url",
                node.uri() + "/v2/p1", "--os-share-api-version", VERSION));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private Run openstack(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openstack", "--os-auth-type", "admin_token", "--os-token",
                TOKEN, "--os-endpoint", node.uri() + "/v2/p1", "--os-share-api-version", VERSION));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static Run run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Run(p.exitValue(), out);
    }

    private JsonNode jsonOf(Run r) throws Exception {
        assertThat(r.code()).as(r.out()).isZero();
        return json.readTree(r.out());
    }

    @Test
    void theManilaClientManagesShareTypes() throws Exception {
        assumeTrue(installed("manila"), "python3-manilaclient is not installed here (.ci/run installs it as root)");
        Run created = manila("type-create", "cli-gold", "false", "--snapshot_support", "true", "--description", "gold");
        assertThat(created.code()).as(created.out()).isZero();
        assertThat(created.out()).contains("cli-gold").contains("driver_handles_share_servers : False");
        Run key = manila("type-key", "cli-gold", "set", "replication_type=dr", "thin=true");
        assertThat(key.code()).as(key.out()).isZero();
        Run specs = manila("extra-specs-list");
        assertThat(specs.out()).contains("replication_type : dr").contains("thin : true");
        Run bad = manila("type-key", "cli-gold", "set", "snapshot_support=sometimes");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.out()).contains("snapshot_support").contains("HTTP 400");
        Run priv = manila("type-create", "cli-silver", "false", "--is_public", "false");
        assertThat(priv.code()).as(priv.out()).isZero();
        assertThat(manila("type-access-add", "cli-silver", "p2").code()).isZero();
        assertThat(manila("type-access-list", "cli-silver").out()).contains("p2");
        Run share = manila("create", "NFS", "1", "--share-type", "cli-gold", "--name", "typed");
        assertThat(share.code()).as(share.out()).isZero();
        assertThat(share.out()).contains("cli-gold");
        Run inUse = manila("type-delete", "cli-gold");
        assertThat(inUse.code()).isNotZero();
        assertThat(inUse.out()).contains("still in use");
        Run unknown = manila("create", "NFS", "1", "--share-type", "no-such-type");
        assertThat(unknown.code()).isNotZero();
        assertThat(manila("type-update", "cli-silver", "--name", "cli-bronze").out()).contains("cli-bronze");
        assertThat(manila("availability-zone-list").out()).contains("nova");
        assertThat(manila("metadata", "typed", "set", "team=storage", "tier=1").code()).isZero();
        assertThat(manila("metadata", "typed", "unset", "tier").code()).isZero();
        assertThat(manila("metadata-show", "typed").out()).contains("team").doesNotContain("tier");
        Run renamed = manila("update", "typed", "--name", "typed-2", "--description", "renamed");
        assertThat(renamed.code()).as(renamed.out()).isZero();
        assertThat(manila("show", "typed-2").out()).contains("renamed");
    }

    /** Waits for a share to reach {@code status} through the client, as an operator would. */
    private void awaitShare(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonOf(openstack("share", "show", id, "-f", "json"))
                .get("status").asText().equals(status));
    }

    @Test
    void theOpenStackClientManagesShareNetworksSecurityServicesAndServers() throws Exception {
        assumeTrue(installed("openstack"), "python3-openstackclient is not installed here (.ci/run installs it as root)");
        node.driver().network().update(new io.lockstep.api.lab.NetworkPluginSettings(10L, 30L, 0.0, null));
        JsonNode net = jsonOf(openstack("share", "network", "create", "--name", "osc-net", "-f", "json"));
        assertThat(net.get("status").asText()).isEqualTo("active");
        assertThat(jsonOf(openstack("share", "network", "list", "-f", "json")).findValuesAsText("Name"))
                .contains("osc-net");
        JsonNode subnet = jsonOf(openstack("share", "network", "subnet", "create", "osc-net", "--availability-zone",
                "zone-b", "-f", "json"));
        assertThat(subnet.get("availability_zone").asText()).isEqualTo("zone-b");
        JsonNode ldap = jsonOf(openstack("share", "security", "service", "create", "ldap", "--name", "osc-dir",
                "--server", "ldap.example", "-f", "json"));
        assertThat(ldap.get("type").asText()).isEqualTo("ldap");
        Run set = openstack("share", "network", "set", "osc-net", "--new-security-service", "osc-dir");
        assertThat(set.code()).as(set.out()).isZero();
        assertThat(jsonOf(openstack("share", "network", "show", "osc-net", "-f", "json")).get("security_services")
                .findValuesAsText("security_service_name")).containsExactly("osc-dir");
        JsonNode share = jsonOf(openstack("share", "create", "NFS", "1", "--share-type", "dhss", "--share-network",
                "osc-net", "--name", "osc-served", "-f", "json"));
        String shareId = share.get("id").asText();
        awaitShare(shareId, "available");
        String serverId = jsonOf(openstack("share", "show", shareId, "-f", "json")).get("share_server_id").asText();
        JsonNode servers = jsonOf(openstack("share", "server", "list", "-f", "json"));
        assertThat(servers.findValuesAsText("ID")).contains(serverId);
        JsonNode server = jsonOf(openstack("share", "server", "show", serverId, "-f", "json"));
        assertThat(server.get("status").asText()).isEqualTo("active");
        assertThat(server.get("share_network_name").asText()).isEqualTo("osc-net");
        Run busy = openstack("share", "server", "delete", serverId);
        assertThat(busy.code()).isNotZero();
        assertThat(busy.out()).contains(shareId);
        assertThat(openstack("share", "delete", shareId, "--wait").code()).isZero();
        Run delete = openstack("share", "server", "delete", serverId, "--wait");
        assertThat(delete.code()).as(delete.out()).isZero();
        assertThat(jsonOf(openstack("share", "server", "list", "-f", "json")).findValuesAsText("ID"))
                .doesNotContain(serverId);
        Run netDelete = openstack("share", "network", "delete", "osc-net");
        assertThat(netDelete.code()).as(netDelete.out()).isZero();
    }

    private JsonNode replica(String id) throws Exception {
        return jsonOf(openstack("share", "replica", "show", id, "-f", "json"));
    }

    @Test
    void theOpenStackClientReplicatesPromotesAndResyncsAShare() throws Exception {
        assumeTrue(installed("openstack"), "python3-openstackclient is not installed here (.ci/run installs it as root)");
        var replication = node.driver().replication();
        replication.update(new io.lockstep.api.lab.ReplicationSettings(40L, List.of(), false, 200L));
        String id = jsonOf(openstack("share", "create", "NFS", "1", "--share-type", "replicated", "--name",
                "osc-replicated", "-f", "json")).get("id").asText();
        awaitShare(id, "available");
        String secondary = jsonOf(openstack("share", "replica", "create", "osc-replicated", "-f", "json"))
                .get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> replica(secondary).get("replica_state").asText()
                .equals("in_sync"));
        JsonNode list = jsonOf(openstack("share", "replica", "list", "--share", "osc-replicated", "-f", "json"));
        assertThat(list).hasSize(2);
        assertThat(list.findValuesAsText("Replica State")).containsExactlyInAnyOrder("active", "in_sync");
        String active = list.findValuesAsText("ID").stream().filter(r -> !r.equals(secondary)).findFirst().orElseThrow();
        JsonNode locations = jsonOf(openstack("share", "replica", "export", "location", "list", secondary, "-f",
                "json"));
        assertThat(locations.findValuesAsText("Path")).singleElement().asString().contains(secondary);

        // the active replica's pool goes down: the leader marks the secondary behind, which is then promoted
        String host = replica(active).get("host").asText();
        replication.update(new io.lockstep.api.lab.ReplicationSettings(null,
                List.of(host.substring(host.indexOf('#') + 1)), null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> replica(secondary).get("replica_state").asText()
                .equals("out_of_sync"));
        Run promote = openstack("share", "replica", "promote", secondary);
        assertThat(promote.code()).as(promote.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> replica(secondary).get("replica_state").asText()
                .equals("active"));
        assertThat(replica(active).get("replica_state").asText()).isEqualTo("out_of_sync");
        Run deleteActive = openstack("share", "replica", "delete", secondary);
        assertThat(deleteActive.code()).as("the active replica is never deleted").isNotZero();

        // the pool is back: a resync brings the old active in step, then it and the share go
        replication.update(new io.lockstep.api.lab.ReplicationSettings(null, List.of(), null, null));
        Run resync = openstack("share", "replica", "resync", active);
        assertThat(resync.code()).as(resync.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> replica(active).get("replica_state").asText()
                .equals("in_sync"));
        assertThat(openstack("share", "replica", "delete", active, "--wait").code()).isZero();
        assertThat(openstack("share", "delete", "osc-replicated", "--wait").code()).isZero();
    }

    @Test
    void theOpenStackClientGrantsAndRevokesAccess() throws Exception {
        assumeTrue(installed("openstack"), "python3-openstackclient is not installed here (.ci/run installs it as root)");
        String id = jsonOf(openstack("share", "create", "NFS", "1", "--name", "osc-access", "-f", "json"))
                .get("id").asText();
        awaitShare(id, "available");
        JsonNode rule = jsonOf(openstack("share", "access", "create", "osc-access", "ip", "10.9.0.0/24",
                "--access-level", "ro", "-f", "json"));
        String ruleId = rule.get("id").asText();
        assertThat(rule.get("state").asText()).isEqualTo("queued_to_apply");
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonOf(openstack("share", "access", "show", ruleId,
                "-f", "json")).get("state").asText().equals("active"));
        JsonNode list = jsonOf(openstack("share", "access", "list", "osc-access", "-f", "json"));
        assertThat(list.findValuesAsText("Access To")).containsExactly("10.9.0.0/24");
        assertThat(list.findValuesAsText("Access Level")).containsExactly("ro");
        Run duplicate = openstack("share", "access", "create", "osc-access", "ip", "10.9.0.0/24");
        assertThat(duplicate.code()).isNotZero();
        assertThat(duplicate.out()).contains("exists");
        Run legacy = manila("access-list", "osc-access");
        assertThat(legacy.code()).as(legacy.out()).isZero();
        assertThat(legacy.out()).contains("10.9.0.0/24").contains("active");
        assertThat(openstack("share", "access", "delete", "osc-access", ruleId).code()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonOf(openstack("share", "access", "list", "osc-access",
                "-f", "json")).isEmpty());
    }

    @Test
    void theOpenStackClientRevertsAndMakesSharesFromSnapshots() throws Exception {
        assumeTrue(installed("openstack"), "python3-openstackclient is not installed here (.ci/run installs it as root)");
        String id = jsonOf(openstack("share", "create", "NFS", "1", "--name", "osc-source", "-f", "json"))
                .get("id").asText();
        awaitShare(id, "available");
        String older = jsonOf(openstack("share", "snapshot", "create", "osc-source", "--name", "osc-snap-1", "-f",
                "json")).get("id").asText();
        awaitSnapshot(older);
        String latest = jsonOf(openstack("share", "snapshot", "create", "osc-source", "--name", "osc-snap-2", "-f",
                "json")).get("id").asText();
        awaitSnapshot(latest);
        Run refused = openstack("share", "revert", older);
        assertThat(refused.code()).isNotZero();
        assertThat(refused.out()).contains("latest");
        Run reverted = openstack("share", "revert", latest);
        assertThat(reverted.code()).as(reverted.out()).isZero();
        awaitShare(id, "available");
        JsonNode copy = jsonOf(openstack("share", "create", "NFS", "1", "--snapshot-id", latest, "--name", "osc-copy",
                "-f", "json"));
        assertThat(copy.get("snapshot_id").asText()).isEqualTo(latest);
        awaitShare(copy.get("id").asText(), "available");
        assertThat(jsonOf(openstack("share", "show", "osc-copy", "-f", "json")).get("availability_zone").asText())
                .isEqualTo(jsonOf(openstack("share", "show", id, "-f", "json")).get("availability_zone").asText());

        // the recycle bin, and the share's instance (admin)
        Run soft = openstack("--os-share-api-version", "2.69", "share", "delete", "--soft", "osc-copy");
        assertThat(soft.code()).as(soft.out()).isZero();
        assertThat(jsonOf(openstack("--os-share-api-version", "2.69", "share", "list", "-f", "json"))
                .findValuesAsText("Name")).doesNotContain("osc-copy");
        assertThat(jsonOf(openstack("--os-share-api-version", "2.69", "share", "list", "--soft-deleted", "-f",
                "json")).findValuesAsText("Name")).containsExactly("osc-copy");
        // the client posts what it is given: a binned share is restored by its id
        Run restore = openstack("--os-share-api-version", "2.69", "share", "restore", copy.get("id").asText());
        assertThat(restore.code()).as(restore.out()).isZero();
        assertThat(jsonOf(openstack("share", "list", "-f", "json")).findValuesAsText("Name")).contains("osc-copy");
        JsonNode instances = jsonOf(openstack("share", "instance", "list", "--share", id, "-f", "json"));
        assertThat(instances).hasSize(1);
        String instance = instances.get(0).get("ID").asText();
        assertThat(jsonOf(openstack("share", "instance", "show", instance, "-f", "json")).get("share_id").asText())
                .isEqualTo(id);
        // an instance's reset is its share's: one write
        Run reset = openstack("share", "instance", "set", "--status", "error", instance);
        assertThat(reset.code()).as(reset.out()).isZero();
        assertThat(jsonOf(openstack("share", "show", id, "-f", "json")).get("status").asText()).isEqualTo("error");
        assertThat(openstack("share", "instance", "set", "--status", "available", instance).code()).isZero();
        JsonNode snapshotInstances = jsonOf(openstack("share", "snapshot", "instance", "list", "--snapshot", latest,
                "-f", "json"));
        assertThat(snapshotInstances).hasSize(1);
        String snapshotInstance = snapshotInstances.get(0).get("ID").asText();
        JsonNode shownInstance = jsonOf(openstack("share", "snapshot", "instance", "show", snapshotInstance, "-f",
                "json"));
        assertThat(shownInstance.get("share_instance_id").asText()).isEqualTo(instance);
        assertThat(shownInstance.get("status").asText()).isEqualTo("available");
        Run snapshotReset = openstack("share", "snapshot", "instance", "set", "--status", "error", snapshotInstance);
        assertThat(snapshotReset.code()).as(snapshotReset.out()).isZero();
        assertThat(jsonOf(openstack("share", "snapshot", "show", latest, "-f", "json")).get("status").asText())
                .isEqualTo("error");
    }

    private void awaitSnapshot(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonOf(openstack("share", "snapshot", "show", id, "-f",
                "json")).get("status").asText().equals("available"));
    }

    @Test
    void theOpenStackClientManagesShareTypesAndShares() throws Exception {
        assumeTrue(installed("openstack"), "python3-openstackclient is not installed here (.ci/run installs it as root)");
        JsonNode type = jsonOf(openstack("share", "type", "create", "osc-gold", "false", "--description", "gold",
                "--snapshot-support", "true", "-f", "json"));
        assertThat(type.get("name").asText()).isEqualTo("osc-gold");
        // scoped: not a capability the scheduler matches (an unscoped unknown key would match no pool, as in Manila)
        assertThat(openstack("share", "type", "set", "osc-gold", "--extra-specs", "lockstep:tier=gold").code()).isZero();
        assertThat(jsonOf(openstack("share", "availability", "zone", "list", "-f", "json")).toString()).contains("nova");
        JsonNode types = jsonOf(openstack("share", "type", "list", "-f", "json"));
        assertThat(types.findValuesAsText("Name")).contains("default", "osc-gold");
        assertThat(jsonOf(openstack("share", "type", "show", "osc-gold", "-f", "json")).toString()).contains("tier");
        jsonOf(openstack("share", "type", "create", "osc-private", "false", "--public", "false", "-f", "json"));
        assertThat(openstack("share", "type", "access", "create", "osc-private", "p3").code()).isZero();
        assertThat(openstack("share", "type", "access", "list", "osc-private").out()).contains("p3");
        JsonNode share = jsonOf(openstack("share", "create", "NFS", "1", "--share-type", "osc-gold", "--name",
                "osc-typed", "-f", "json"));
        String id = share.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonOf(openstack("share", "show", id, "-f", "json"))
                .get("status").asText().equals("available"));
        assertThat(jsonOf(openstack("share", "show", id, "-f", "json")).get("share_type_name").asText())
                .isEqualTo("osc-gold");
        assertThat(openstack("share", "set", id, "--property", "team=storage", "--name", "osc-renamed").code())
                .isZero();
        assertThat(jsonOf(openstack("share", "show", id, "-f", "json")).toString()).contains("team")
                .contains("osc-renamed");
        assertThat(openstack("share", "type", "delete", "osc-gold").code()).as("in use").isNotZero();
        assertThat(openstack("share", "delete", id).code()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> openstack("share", "show", id).code() != 0);
        Run deleted = openstack("share", "type", "delete", "osc-gold");
        assertThat(deleted.code()).as(deleted.out()).isZero();
    }

    @Test
    void theClientsShowQuotasPoolsZonesLimitsAndExportLocations() throws Exception {
        assumeTrue(installed("manila") && installed("openstack"),
                "python3-manilaclient and python3-openstackclient are not installed here (.ci/run installs them)");
        Run defaults = manila("quota-show", "--tenant", "p9");
        assertThat(defaults.code()).as(defaults.out()).isZero();
        assertThat(defaults.out()).containsPattern("shares\\s+\\| 50").containsPattern("gigabytes\\s+\\| 1000");
        Run update = manila("quota-update", "p9", "--shares", "20", "--gigabytes", "500");
        assertThat(update.code()).as(update.out()).isZero();
        Run detail = manila("quota-show", "--tenant", "p9", "--detail");
        assertThat(detail.out()).contains("limit = 500").contains("in_use = 0");
        assertThat(manila("list-extensions").out()).contains("os-quota-sets").contains("UsedLimits");
        Run tooLow = manila("quota-update", "p1", "--shares", "-5");
        assertThat(tooLow.code()).isNotZero();
        assertThat(tooLow.out()).contains("shares");

        JsonNode pools = jsonOf(openstack("share", "pool", "list", "--detail", "-f", "json"));
        assertThat(pools.findValuesAsText("Name")).containsExactly("lockstep@simulated#pool1",
                "lockstep@simulated#pool2", "lockstep@simulated#pool3");
        assertThat(pools.get(0).get("Capabilities").get("total_capacity_gb").asDouble()).isPositive();
        assertThat(jsonOf(openstack("share", "availability", "zone", "list", "-f", "json")).findValuesAsText("Name"))
                .containsExactly("nova", "zone-b");

        JsonNode share = jsonOf(openstack("share", "create", "NFS", "1", "--availability-zone", "zone-b", "--name",
                "osc-zoned", "-f", "json"));
        String id = share.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonOf(openstack("share", "show", id, "-f", "json"))
                .get("status").asText().equals("available"));
        JsonNode shown = jsonOf(openstack("share", "show", id, "-f", "json"));
        assertThat(shown.get("availability_zone").asText()).isEqualTo("zone-b");
        assertThat(shown.get("host").asText()).endsWith("#pool3");

        Run limits = openstack("share", "limits", "show", "--absolute");
        assertThat(limits.code()).as(limits.out()).isZero();
        assertThat(limits.out()).containsPattern("totalSharesUsed\\s+\\|\\s+[1-9]").contains("maxTotalShareGigabytes");

        JsonNode locations = jsonOf(openstack("share", "export", "location", "list", id, "-f", "json"));
        String location = locations.get(0).get("ID").asText();
        JsonNode one = jsonOf(openstack("share", "export", "location", "show", id, location, "-f", "json"));
        assertThat(one.get("path").asText()).contains(id);
        assertThat(one.get("preferred").asBoolean()).isTrue();
        assertThat(one.get("share_instance_id").asText()).isNotBlank();

        assertThat(openstack("share", "set", id, "--property", "team=storage").code()).isZero();
        assertThat(openstack("share", "list", "--property", "team=storage", "-f", "value", "-c", "ID").out()).contains(id);
        assertThat(openstack("share", "list", "--property", "team=other", "-f", "value", "-c", "ID").out())
                .doesNotContain(id);
    }
}
