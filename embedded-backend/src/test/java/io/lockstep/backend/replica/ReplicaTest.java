package io.lockstep.backend.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.ReplicationSettings;
import io.lockstep.backend.ManilaHttp;
import io.lockstep.backend.ManilaHttp.Answer;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Replicas end to end through the Manila API: a share of a replicated type gets an active replica and a
 * secondary whose bytes match, the replication leader's poll marks it out_of_sync when the active pool is
 * down, a promote makes it active and moves the share onto its pool, a resync brings the old active back
 * in step, and what Manila refuses (deleting the active replica, or a share that has replicas) is refused
 * naming the state.
 */
class ReplicaTest {

    static final String ADMIN = "replica-admin-token-00000001";

    static ServiceNode single() {
        ServiceNode node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN,
                        "p1")))).driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L))
                .cleanup(Duration.ofMillis(200), Duration.ofSeconds(5)).start();
        node.driver().replication().update(new ReplicationSettings(40L, List.of(), false, 150L));
        return node;
    }

    static String replicatedShare(ManilaHttp m) {
        Answer a = m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, "
                + "\"share_type\": \"replicated\"}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(200);
        String id = a.body().get("share").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(share(m, id).get("status").asText()));
        return id;
    }

    static JsonNode share(ManilaHttp m, String id) {
        return m.send(ADMIN, "GET", "/shares/" + id, null).body().get("share");
    }

    static Answer addReplica(ManilaHttp m, String share) {
        return m.send(ADMIN, "POST", "/share-replicas", "{\"share_replica\": {\"share_id\": \"" + share + "\"}}");
    }

    static String replica(ManilaHttp m, String share) {
        Answer a = addReplica(m, share);
        assertThat(a.code()).as(a.body().toString()).isEqualTo(202);
        return a.body().get("share_replica").get("id").asText();
    }

    static JsonNode show(ManilaHttp m, String id) {
        Answer a = m.send(ADMIN, "GET", "/share-replicas/" + id, null);
        return a.code() == 404 ? null : a.body().get("share_replica");
    }

    static String state(ManilaHttp m, String id) {
        JsonNode r = show(m, id);
        return r == null ? "gone" : r.get("status").asText() + "/" + r.get("replica_state").asText();
    }

    static List<JsonNode> replicas(ManilaHttp m, String share) {
        JsonNode list = m.send(ADMIN, "GET", "/share-replicas/detail?share_id=" + share, null).body()
                .get("share_replicas");
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    static String activeOf(ManilaHttp m, String share) {
        List<String> active = replicas(m, share).stream().filter(r -> r.get("replica_state").asText()
                .equals("active")).map(r -> r.get("id").asText()).toList();
        assertThat(active).as("exactly one active replica of " + share).hasSize(1);
        return active.get(0);
    }

    static String pool(String host) {
        return host.substring(host.indexOf('#') + 1);
    }

    @Test
    void aReplicaIsMadeFallsBehindIsPromotedAndTheOldActiveIsResynced() {
        try (ServiceNode node = single()) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            String share = replicatedShare(m);
            assertThat(share(m, share).get("replication_type").asText()).isEqualTo("dr");
            assertThat(share(m, share).get("has_replicas").asBoolean()).isFalse();

            String secondary = replica(m, share);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(m, secondary).equals("available/in_sync"));
            String active = activeOf(m, share);
            assertThat(active).isNotEqualTo(secondary);
            JsonNode s = show(m, secondary);
            assertThat(s.get("host").asText()).isNotEqualTo(share(m, share).get("host").asText());
            assertThat(node.driver().replicaMatches(secondary, share, 1)).as("the replica's bytes are the share's")
                    .isTrue();
            assertThat(share(m, share).get("has_replicas").asBoolean()).isTrue();
            JsonNode locations = m.send(ADMIN, "GET", "/share-replicas/" + secondary + "/export-locations", null)
                    .body().get("export_locations");
            assertThat(locations).hasSize(1);
            assertThat(locations.get(0).get("replica_state").asText()).isEqualTo("in_sync");

            // what Manila refuses, refused naming why
            Answer deleteActive = m.send(ADMIN, "DELETE", "/share-replicas/" + active, null);
            assertThat(deleteActive.code()).isEqualTo(409);
            assertThat(deleteActive.body().toString()).contains("replica_state").contains("active");
            Answer deleteShare = m.send(ADMIN, "DELETE", "/shares/" + share, null);
            assertThat(deleteShare.code()).isEqualTo(409);
            assertThat(deleteShare.body().toString()).contains(secondary);
            assertThat(m.send(ADMIN, "POST", "/share-replicas/" + active + "/action", "{\"promote\": null}").code())
                    .as("promoting the active replica does nothing, as in Manila").isEqualTo(200);

            // the active pool goes down: the leader's poll finds the secondary behind
            String activePool = pool(show(m, active).get("host").asText());
            node.driver().replication().update(new ReplicationSettings(null, List.of(activePool), null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> state(m, secondary).equals("available/out_of_sync"));
            var polled = node.events().after(0, 1000, new EventLog.Filter("share_replica_state", secondary, null))
                    .stream().filter(e -> "poll".equals(e.operation())).toList();
            assertThat(polled).hasSize(1);
            assertThat(polled.get(0).actor()).contains("replication");

            // promote the secondary: it becomes active and the share moves onto its pool
            Answer promote = m.send(ADMIN, "POST", "/share-replicas/" + secondary + "/action", "{\"promote\": null}");
            assertThat(promote.code()).as(promote.body().toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(m, secondary).equals("available/active"));
            assertThat(state(m, active)).isEqualTo("available/out_of_sync");
            assertThat(share(m, share).get("status").asText()).isEqualTo("available");
            assertThat(share(m, share).get("host").asText()).isEqualTo(show(m, secondary).get("host").asText());
            assertThat(activeOf(m, share)).isEqualTo(secondary);

            // the old pool comes back: a resync brings the old active back in step
            Answer early = m.send(ADMIN, "POST", "/share-replicas/" + active + "/action", "{\"resync\": null}");
            assertThat(early.code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> !state(m, active).startsWith("replication_change"));
            assertThat(state(m, active)).as("a resync with its pool down fails visibly").isEqualTo("error/out_of_sync");
            node.driver().replication().update(new ReplicationSettings(null, List.of(), null, null));
            assertThat(m.send(ADMIN, "POST", "/share-replicas/" + active + "/action",
                    "{\"reset_status\": {\"status\": \"available\"}}").code()).isEqualTo(202);
            assertThat(m.send(ADMIN, "POST", "/share-replicas/" + active + "/action", "{\"resync\": null}").code())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(m, active).equals("available/in_sync"));

            // the secondary goes, then the share, and its active replica with it
            assertThat(m.send(ADMIN, "DELETE", "/share-replicas/" + active, null).code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> show(m, active) == null);
            assertThat(share(m, share).get("has_replicas").asBoolean()).isFalse();
            assertThat(m.send(ADMIN, "DELETE", "/shares/" + share, null).code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> show(m, secondary) == null);
            assertThat(m.send(ADMIN, "GET", "/share-replicas?share_id=" + share, null).body().get("share_replicas"))
                    .isEmpty();
        }
    }

    /** replica id to status of a snapshot's instances. */
    static java.util.Map<String, String> snapshotInstances(ManilaHttp m, String snapshot) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        m.send(ADMIN, "GET", "/snapshot-instances/detail?snapshot_id=" + snapshot, null).body().get("snapshot_instances")
                .forEach(i -> out.put(i.get("share_instance_id").asText(), i.get("status").asText()));
        return out;
    }

    static String snapshot(ManilaHttp m, String share) {
        Answer a = m.send(ADMIN, "POST", "/snapshots", "{\"snapshot\": {\"share_id\": \"" + share + "\"}}");
        assertThat(a.code()).as(a.body().toString()).isEqualTo(202);
        String id = a.body().get("snapshot").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(m.send(ADMIN, "GET", "/snapshots/" + id,
                null).body().get("snapshot").get("status").asText()));
        return id;
    }

    @Test
    void aSnapshotHasAnInstanceOnEachReplicaMovedByThePollAndSwappedByAPromote() {
        try (ServiceNode node = single()) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            String share = replicatedShare(m);
            String before = snapshot(m, share);
            String secondary = replica(m, share);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(m, secondary).equals("available/in_sync"));
            String active = activeOf(m, share);
            // a snapshot older than the replica is copied onto it, and available once the replica is in step
            await().atMost(Duration.ofSeconds(20)).until(() -> snapshotInstances(m, before).equals(java.util.Map.of(
                    active, "available", secondary, "available")));
            String during = snapshot(m, share);
            await().atMost(Duration.ofSeconds(20)).until(() -> snapshotInstances(m, during).equals(java.util.Map.of(
                    active, "available", secondary, "available")));

            // the active pool goes down: a new snapshot's copy cannot reach the secondary
            node.driver().replication().update(new ReplicationSettings(null, List.of(pool(show(m, active)
                    .get("host").asText())), null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> state(m, secondary).equals("available/out_of_sync"));
            String unsynced = snapshot(m, share);
            assertThat(snapshotInstances(m, unsynced)).containsEntry(active, "available")
                    .containsEntry(secondary, "creating");
            var events = node.events().after(0, 10_000, new EventLog.Filter("snapshot_instance", null, null));
            assertThat(events).as("every copy's change is an event").isNotEmpty();

            // promote: the promoted replica's copies lead; the one that never reached it is in error
            assertThat(m.send(ADMIN, "POST", "/share-replicas/" + secondary + "/action", "{\"promote\": null}").code())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(m, secondary).equals("available/active"));
            assertThat(snapshotInstances(m, unsynced)).containsEntry(secondary, "error");
            assertThat(snapshotInstances(m, before)).containsEntry(secondary, "available").containsEntry(active,
                    "available");
            // a snapshot taken now follows on the new active replica, with a copy on the old one
            node.driver().replication().update(new ReplicationSettings(null, List.of(), null, null));
            String after = snapshot(m, share);
            assertThat(snapshotInstances(m, after)).containsEntry(secondary, "available").containsKey(active);

            // the old active replica is deleted: its copies end with it
            assertThat(m.send(ADMIN, "DELETE", "/share-replicas/" + active, null).code()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> show(m, active) == null);
            assertThat(snapshotInstances(m, before)).containsOnlyKeys(secondary);
            assertThat(snapshotInstances(m, after)).containsOnlyKeys(secondary);
        }
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        try (ServiceNode node = single()) {
            ManilaHttp m = new ManilaHttp(node.uri(), t -> "p1", "2.80");
            Answer plain = m.send(ADMIN, "POST", "/shares", "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1}}");
            String share = plain.body().get("share").get("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(share(m, share).get("status")
                    .asText()));
            Answer noType = addReplica(m, share);
            assertThat(noType.code()).isEqualTo(400);
            assertThat(noType.body().toString()).contains("replication_type");
            assertThat(m.send(ADMIN, "POST", "/share-replicas", "{\"share_replica\": {}}").body().toString())
                    .contains("share_id");
            assertThat(m.send(ADMIN, "POST", "/share-replicas", "{\"share_replica\": {\"share_id\": "
                    + "\"00000000-0000-4000-8000-00000000dead\"}}").code()).isEqualTo(404);
            String replicated = replicatedShare(m);
            String r = replica(m, replicated);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(m, r).equals("available/in_sync"));
            Answer badState = m.send(ADMIN, "POST", "/share-replicas/" + r + "/action",
                    "{\"reset_replica_state\": {\"replica_state\": \"active\"}}");
            assertThat(badState.code()).isEqualTo(400);
            assertThat(badState.body().toString()).contains("replica_state").contains("out_of_sync");
            assertThat(m.send(ADMIN, "POST", "/share-replicas/" + r + "/action",
                    "{\"reset_replica_state\": {\"replica_state\": \"error\"}}").code()).isEqualTo(202);
            assertThat(state(m, r)).isEqualTo("available/error");
            assertThat(m.send(ADMIN, "POST", "/share-replicas/" + r + "/action",
                    "{\"promote\": {\"quiesce_wait_time\": -1}}").body().toString()).contains("quiesce_wait_time");
            Answer old = new ManilaHttp(node.uri(), t -> "p1", "2.10").send(ADMIN, "GET", "/share-replicas", null);
            assertThat(old.code()).isEqualTo(404);
            List<String> pools = new ArrayList<>();
            replicas(m, replicated).forEach(x -> pools.add(x.get("host").asText()));
            assertThat(pools).doesNotHaveDuplicates();
        }
    }
}
