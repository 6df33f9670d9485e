package io.lockstep.backend.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.service.ServiceSwitch;
import io.lockstep.api.service.ServiceView;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Heartbeats, up/down, and disabling a service, through the real HTTP API on one shared database. */
class ServicesTest {

    private static final String ADMIN = "services-admin-token";
    private static final String VIEWER = "services-viewer-token";

    private static ServiceNode node(String id, String db) {
        return ServiceNode.builder().nodeId(id).database(db, null, null)
                .tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(VIEWER, Role.VIEWER, "p1"))))
                .driver(new DriverSettings(1L, 5L, 0.0, 10_000L, 1L))
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(1500))
                .cleanup(Duration.ofMillis(200), Duration.ofMillis(500))
                .start();
    }

    private static ServiceView service(LockstepClient c, String binary, String node) {
        return c.call(c.lockstep().services()).services().stream()
                .filter(s -> s.binary().equals(binary) && s.node().equals(node)).findFirst().orElse(null);
    }

    @Test
    void servicesBeatGoDownWhenStoppedAndTakeNoWorkWhenDisabled() throws Exception {
        // One in-memory database for two nodes, kept alive by the test's own connection: closing a node
        // must not take the database with it, as closing a node of a real cluster does not.
        String db = "jdbc:h2:mem:services-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
        try (Connection keeper = DriverManager.getConnection(db);
             ServiceNode a = node("node-a", db);
             LockstepClient admin = LockstepClient.connect(a.uri(), ADMIN);
             LockstepClient viewer = LockstepClient.connect(a.uri(), VIEWER)) {
            ServiceView share = service(admin, "lockstep-share", "node-a");
            assertThat(share.host()).isEqualTo("node-a@simulated");
            assertThat(share.state()).isEqualTo("up");
            assertThat(share.status()).isEqualTo("enabled");
            assertThat(share.inGroup()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    service(admin, "lockstep-share", "node-a").reportCount() > share.reportCount());
            assertThat(viewer.call(viewer.lockstep().services()).serviceDownTimeSeconds()).isEqualTo(1);
            assertThat(admin.call(admin.manila().services()).services())
                    .anyMatch(s -> s.binary().equals("lockstep-api") && s.host().equals("node-a") && s.state().equals("up"));
            assertThatThrownBy(() -> viewer.call(viewer.manila().services()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

            // Disabled: accepted requests wait in the queue, nothing claims them.
            admin.call(admin.manila().disableService(new ServiceSwitch("node-a@simulated", "lockstep-share",
                    "maintenance")));
            assertThat(service(admin, "lockstep-share", "node-a").status()).isEqualTo("disabled");
            await().atMost(Duration.ofSeconds(5)).until(() -> a.workQueue().pendingCount() == 0);
            String id = admin.call(admin.manila().createShare(CreateShare.of("waits", 1, "NFS"))).share().id();
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() ->
                    admin.call(admin.manila().share(id)).share().status().equals("creating"));
            admin.call(admin.manila().enableService(new ServiceSwitch("node-a@simulated", "lockstep-share", null)));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    admin.call(admin.manila().share(id)).share().status().equals("available"));

            // Another node on the same database: listed while it beats, down once it stops.
            ServiceNode b = node("node-b", db);
            assertThat(service(admin, "lockstep-share", "node-b").state()).isEqualTo("up");
            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    service(admin, "lockstep-share", "node-b").state().equals("down"));
            assertThat(service(admin, "lockstep-share", "node-a").state()).isEqualTo("up");

            // Both nodes lead their own in-process cleanup here, so both try: still one event per change.
            long downId = service(admin, "lockstep-share", "node-b").id();
            await().atMost(Duration.ofSeconds(10)).until(() -> serviceEvents(admin, downId).size() == 1);
            Event down = serviceEvents(admin, downId).get(0);
            assertThat(down.from()).isEqualTo("up");
            assertThat(down.to()).isEqualTo("down");
            assertThat(down.message()).startsWith("lockstep-share@node-b@simulated: last heartbeat");
        }
    }

    private static List<Event> serviceEvents(LockstepClient c, long serviceId) {
        return c.call(c.lockstep().events(0, 5000, "service", String.valueOf(serviceId))).events().stream()
                .filter(e -> e.kind() == EventKind.SERVICE).toList();
    }

    @Test
    void switchingNeedsHostAndBinaryAndAKnownService() {
        String db = "jdbc:h2:mem:services-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        try (ServiceNode a = node("node-a", db); LockstepClient admin = LockstepClient.connect(a.uri(), ADMIN)) {
            assertThatThrownBy(() -> admin.call(admin.manila().disableService(new ServiceSwitch(null, "x", null))))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.detail().message()).contains("'host' and 'binary' are both required")
                                .contains("lockstep-share on node-a@simulated");
                    });
            assertThatThrownBy(() -> admin.call(admin.manila().disableService(
                    new ServiceSwitch("nowhere", "lockstep-share", null))))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }
}
