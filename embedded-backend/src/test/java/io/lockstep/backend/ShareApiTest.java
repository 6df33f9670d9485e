package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.EventStream;
import io.lockstep.client.LockstepClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Manila API through the real client against a real server on loopback and H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareApiTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";

    private ServiceNode node;
    private LockstepClient admin;
    private LockstepClient viewer;
    private final HttpClient raw = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        node = ServiceNode.builder()
                .tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(OPERATOR, Role.OPERATOR, "p1"),
                        new TokenStore.Token(VIEWER, Role.VIEWER, "p1"))))
                .driver(new DriverSettings(1L, 5L, 0.0, 1000L, 1L))
                .start();
        try {
            // an extend past the driver's capacity must reach the driver, not stop at Manila's default quota
            new io.lockstep.backend.conflict.DescriptorClient(node.uri(), java.util.Map.of(Role.ADMIN, ADMIN), "p1")
                    .unlimitedQuotas();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        admin = LockstepClient.connect(node.uri(), ADMIN);
        viewer = LockstepClient.connect(node.uri(), VIEWER);
    }

    @AfterAll
    void stop() {
        admin.close();
        viewer.close();
        node.close();
    }

    private String availableShare(int size) {
        String id = admin.call(admin.manila().createShare(CreateShare.of("s", size, "NFS"))).share().id();
        awaitStatus(id, "available");
        return id;
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.call(admin.manila().share(id)).share().status(), status::equals);
    }

    private void awaitGone(String id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> refusal(() -> admin.call(admin.manila().share(id)))
                .status() == 404);
    }

    private ApiException refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("the call was accepted");
    }

    @Test
    void extendShrinkAndDriverErrorsEndInTheirStates() {
        String id = availableShare(10);
        admin.call(admin.manila().shareAction(id, Actions.extend(20)));
        awaitStatus(id, "available");
        assertThat(admin.call(admin.manila().share(id)).share().size()).isEqualTo(20);

        ApiException notBigger = refusal(() -> admin.call(admin.manila().shareAction(id, Actions.extend(5))));
        assertThat(notBigger.status()).isEqualTo(400);
        assertThat(notBigger.detail().field()).isEqualTo("new_size");

        admin.call(admin.manila().shareAction(id, Actions.shrink(19)));
        awaitStatus(id, "available");
        admin.call(admin.manila().shareAction(id, Actions.extend(900)));
        awaitStatus(id, "available");
        admin.call(admin.manila().shareAction(id, Actions.extend(5000))); // past the driver's capacity
        awaitStatus(id, "extending_error");
    }

    @Test
    void resetStatusAndForceDeleteAreAdminTransitions() {
        String id = availableShare(1);
        admin.call(admin.manila().shareAction(id, Actions.resetStatus("error")));
        assertThat(admin.call(admin.manila().share(id)).share().status()).isEqualTo("error");
        ApiException transitional = refusal(() -> admin.call(admin.manila().shareAction(id,
                Actions.resetStatus("deleting"))));
        assertThat(transitional.status()).isEqualTo(400);
        assertThat(transitional.detail().allowed()).contains("available", "error").doesNotContain("deleting");

        try (LockstepClient operator = LockstepClient.connect(node.uri(), OPERATOR)) {
            assertThat(refusal(() -> operator.call(operator.manila().shareAction(id, Actions.forceDelete()))).status())
                    .isEqualTo(403);
        }
        admin.call(admin.manila().shareAction(id, Actions.forceDelete()));
        await().atMost(Duration.ofSeconds(20)).until(() -> refusal(() -> admin.call(admin.manila().share(id)))
                .status() == 404);
        List<Event> history = admin.call(admin.lockstep().events(0, 100, "share", id)).events();
        assertThat(history).extracting(Event::operation)
                .containsSubsequence("create", "reset_status", "force_delete", "force_delete");
        assertThat(history.get(history.size() - 1).to()).isEqualTo("deleted");
    }

    @Test
    void deleteIsRefusedWhileSnapshotsLiveAndNamesThem() {
        String share = availableShare(1);
        String snap = admin.call(admin.manila().createSnapshot(CreateSnapshot.of(share, "keep"))).snapshot().id();
        awaitStatus(share, "available");
        ApiException e = refusal(() -> admin.call(admin.manila().deleteShare(share)));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.detail().blockers()).containsExactly(snap);
        assertThat(e.detail().message()).contains(snap);
    }

    @Test
    void staleScreensAreRefused() {
        String id = availableShare(1);
        LockstepClient stale = admin.expecting("error");
        ApiException e = refusal(() -> stale.call(stale.manila().deleteShare(id)));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.detail().actual()).isEqualTo("available");
        assertThat(e.detail().message()).contains("you saw 'error'");
        LockstepClient current = admin.expecting("available");
        current.call(current.manila().deleteShare(id));
        awaitGone(id);
    }

    @Test
    void viewersReadButCannotChange() {
        assertThat(viewer.call(viewer.manila().shares(Map.of())).shares()).isNotNull();
        ApiException e = refusal(() -> viewer.call(viewer.manila().createShare(CreateShare.of("x", 1, "NFS"))));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.detail().message()).contains("operator");
    }

    @Test
    void badInputIsA4xxNamingTheField() throws Exception {
        String url = node.uri() + "/v2/p1/shares";
        assertError(post(url, "{\"share\":{\"share_proto\":\"NFS\",\"size\":1,\"colour\":\"red\"}}"), 400, "colour");
        assertError(post(url, "{\"share\":{\"share_proto\":\"NFS\",\"size\":\"big\"}}"), 400, "share.size");
        assertError(post(url, "{\"share\":{\"share_proto\":\"NFS\",\"size\":1.5}}"), 400, "share.size");
        assertError(post(url, "{\"share\":{\"share_proto\":\"NFS\",\"size\":-3}}"), 400, "size");
        assertError(post(url, "{\"share\":{\"share_proto\":\"NFS\",\"size\":99999999999}}"), 400, "size");
        assertError(post(url, "{\"share\":{\"share_proto\":\"FTP\",\"size\":1}}"), 400, "share_proto");
        assertError(post(url, "this is not json"), 400, "not valid JSON");
        assertError(post(url, "{\"share\":{\"size\":1,\"share_proto\":\"NFS\"," + "\"name\":\"" + "x".repeat(70_000)
                + "\"}}"), 413, "limit");
        String id = availableShare(1);
        assertError(post(url + "/" + id + "/action", "{\"grow\":{}}"), 400, "extend");
        assertError(post(url + "/" + id + "/action", "{\"extend\":{\"new_size\":\"ten\"}}"), 400, "new_size");
        assertError(get(url + "/not-a-uuid", ADMIN, null), 404, "UUID");
        assertError(get(url + "?sort_key=colour", ADMIN, null), 400, "sort_key");
        assertError(get(url + "?colour=red", ADMIN, null), 400, "colour");
        assertError(get(url, null, null), 401, "X-Auth-Token");
        assertError(get(url, "wrong-token-123", null), 401, "not valid");
        assertError(get(url, ADMIN, "3.0"), 406, "maximum is 2.80");
        assertError(get(url, ADMIN, "two"), 400, "MAJOR.MINOR");
        assertError(get(node.uri() + "/v2/shares", ADMIN, "2.59"), 404, "2.60");
        assertThat(get(node.uri() + "/v2/shares", ADMIN, "2.60").statusCode()).isEqualTo(200);
        assertThat(admin.call(admin.manila().share(id)).share().status()).isEqualTo("available");
    }

    @Test
    void eventStreamResumesFromTheLastIdWithoutGapsOrRepeats() {
        List<Event> seen = new CopyOnWriteArrayList<>();
        String first = availableShare(1);
        long start = admin.call(admin.lockstep().events(0, 1, null, null)).lastId();
        EventStream stream = admin.events(start, seen::add);
        String second = availableShare(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> second.equals(e.resourceId())
                && "available".equals(e.to())));
        stream.close();
        admin.call(admin.manila().deleteShare(first)); // happens while nobody listens
        EventStream resumed = admin.events(stream.lastEventId(), seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> first.equals(e.resourceId())
                && "deleted".equals(e.to())));
        resumed.close();
        List<Long> ids = seen.stream().map(Event::id).toList();
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(ids.get(i - 1) + 1);
        }
        assertThat(ids.get(0)).isEqualTo(start + 1);
    }

    @Test
    void stateMachinesAreServedFromTheDefinitions() {
        var machines = admin.call(admin.lockstep().stateMachines()).stateMachines();
        assertThat(machines).extracting(m -> m.resource()).containsExactly("share", "snapshot", "backup", "access_rule",
                "share_instance", "snapshot_instance", "share_replica", "share_replica_state", "share_network",
                "share_server", "job");
        var share = machines.get(0);
        assertThat(share.states()).extracting(s -> s.name()).contains("snapshotting",
                "shrinking_possible_data_loss_error");
        assertThat(share.operations()).filteredOn(o -> o.name().equals("delete")).singleElement()
                .satisfies(o -> assertThat(o.guards()).extracting(g -> g.kind() + " " + g.resource())
                        .containsExactly("no_live_children snapshot", "no_live_children backup",
                                "no_live_children share_replica"));
        assertThat(share.operations()).filteredOn(o -> o.name().equals("extend")).singleElement()
                .satisfies(o -> assertThat(o.trigger().path() + " " + o.trigger().action())
                        .isEqualTo("/shares/{id}/action extend"));
        assertThat(machines.get(machines.size() - 1).operations()).extracting(o -> o.trigger().kind())
                .containsOnly("internal");
        var instance = machines.get(4);
        assertThat(instance.follows()).isEqualTo("share");
        assertThat(instance.operations()).filteredOn(o -> !o.trigger().kind().equals("internal"))
                .extracting(o -> o.trigger().path() + " " + o.trigger().action())
                .containsExactly("/share_instances/{id}/action reset_status", "/share_instances/{id}/action force_delete");
        var replicaState = machines.get(7);
        assertThat(replicaState.parent()).isEqualTo("share_replica");
        assertThat(replicaState.column()).isEqualTo("replica_state");
        assertThat(replicaState.operations()).filteredOn(o -> o.style().equals("create"))
                .extracting(o -> o.trigger().kind() + " " + o.trigger().action())
                .containsExactly("made_by share_replica.create", "made_by share_replica.adopt");
        var server = machines.get(9);
        assertThat(server.parent()).isEqualTo("share_network");
        assertThat(server.operations()).filteredOn(o -> o.style().equals("create")).singleElement()
                .satisfies(o -> assertThat(o.trigger().kind() + " " + o.trigger().action())
                        .isEqualTo("made_by share.create_on_server"));
        var conflicts = admin.call(admin.lockstep().conflicts()).cells();
        assertThat(conflicts).isNotEmpty().noneMatch(c -> c.verdict().equals("unsafe"))
                .anyMatch(c -> c.a().equals("share.delete") && c.b().equals("backup.delete")
                        && c.verdict().equals("guarded"));
    }

    @Test
    void driverSettingsAreReadableAndChangeableAtRuntime() {
        var status = admin.call(admin.lockstep().updateDriver(new DriverSettings(null, null, 0.0, 2000L, null)));
        assertThat(status.settings().capacityGb()).isEqualTo(2000L);
        ApiException bad = refusal(() -> admin.call(admin.lockstep().updateDriver(
                new DriverSettings(null, null, 1.5, null, null))));
        assertThat(bad.detail().field()).isEqualTo("failure_rate");
        assertThat(refusal(() -> viewer.call(viewer.lockstep().updateDriver(
                new DriverSettings(null, null, 0.5, null, null)))).status()).isEqualTo(403);
        assertThat(admin.call(admin.lockstep().driver()).settings().failureRate()).isEqualTo(0.0);
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return raw.send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token, String version) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        if (version != null) {
            b.header("X-OpenStack-Manila-API-Version", version);
        }
        return raw.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String mention) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).startsWith("{\"").contains("\"code\":" + status).contains(mention)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
