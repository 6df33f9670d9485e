package io.lockstep.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.api.service.ServiceView;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's cluster in one process, driven through its HTTP endpoints as the console will. */
class LabClusterTest {

    private static final String TOKEN = "lab-cluster-admin-token";

    private static String state(LockstepClient c, String node) {
        return nodes(c).nodes().stream().filter(n -> n.id().equals(node)).map(LabNode::state).findFirst().orElseThrow();
    }

    private static LabNodes nodes(LockstepClient c) {
        return c.call(c.lockstep().labNodes());
    }

    private static int post(URI lab, String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(lab.resolve(path)).header("X-Auth-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void nodesCanBeKilledPausedAndRestartedWhileTheLabKeepsServing() throws Exception {
        var config = new LabCluster.Config(2, 0, "127.0.0.1", 0, null,
                TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2),
                new DriverSettings(20L, 50L, 0.0, 100_000L, 1L));
        try (LabCluster lab = LabCluster.start(config); LockstepClient client = LockstepClient.connect(lab.uri(), TOKEN)) {
            assertThat(nodes(client).nodes()).extracting(LabNode::id, LabNode::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("api-1", "running"),
                    org.assertj.core.groups.Tuple.tuple("share-1", "running"),
                    org.assertj.core.groups.Tuple.tuple("share-2", "running"));
            assertThat(client.call(client.lockstep().locks()).coordinator()).isEqualTo("zookeeper");

            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-1/kill")).isEqualTo(202);
            assertThat(state(client, "share-1")).isEqualTo("killed");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.call(client.lockstep().services()).services()
                    .stream().filter(s -> s.node().equals("share-1")).allMatch(s -> s.state().equals("down")));
            String id = client.call(client.manila().createShare(CreateShare.of("while-down", 1, "NFS"))).share().id();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    client.call(client.manila().share(id)).share().status().equals("available"));

            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-1/restart")).isEqualTo(202);
            assertThat(state(client, "share-1")).isEqualTo("running");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.call(client.lockstep().services()).services()
                    .stream().filter(s -> s.node().equals("share-1")).allMatch(ServiceView::inGroup));

            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-2/pause?seconds=2")).isEqualTo(202);
            assertThat(state(client, "share-2")).isEqualTo("paused");
            await().atMost(Duration.ofSeconds(10)).until(() -> state(client, "share-2").equals("running"));

            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/api-1/kill")).isEqualTo(409);
            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/node-9/kill")).isEqualTo(404);
            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-2/explode")).isEqualTo(400);
            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-2/pause?seconds=9999")).isEqualTo(400);
            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-2/stop")).isEqualTo(202);
            assertThat(post(lab.uri(), "/lockstep/v1/lab/nodes/share-2/stop")).isEqualTo(409);
        }
    }

    @Test
    void viewersMayLookButNotAct() {
        var config = new LabCluster.Config(0, 0, "127.0.0.1", 0, null,
                TokenStore.of(List.of(new TokenStore.Token("lab-viewer-token", Role.VIEWER, "p1"))),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2),
                DriverSettings.DEFAULTS);
        try (LabCluster lab = LabCluster.start(config);
             LockstepClient viewer = LockstepClient.connect(lab.uri(), "lab-viewer-token")) {
            assertThat(nodes(viewer).nodes()).hasSize(1);
            assertThatThrownBy(() -> viewer.call(viewer.lockstep().labNodeAction("api-1", "stop", null)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
    }
}
