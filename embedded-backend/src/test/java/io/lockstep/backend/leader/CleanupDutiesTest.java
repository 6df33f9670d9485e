package io.lockstep.backend.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cleanup leader finds a resource whose work was lost and ends it in its error state, with a reason. */
class CleanupDutiesTest {

    private static final String TOKEN = "cleanup-admin-token";

    @Test
    void aResourceWhoseWorkWasLostIsMovedToItsErrorStateByTheLeader() {
        try (ServiceNode node = ServiceNode.builder().nodeId("node-1")
                .tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                .driver(new DriverSettings(3000L, 3000L, 0.0, 10_000L, 1L))
                .cleanup(Duration.ofMillis(200), Duration.ofMillis(300))
                .start();
             LockstepClient client = LockstepClient.connect(node.uri(), TOKEN)) {
            String id = client.call(client.manila().createShare(CreateShare.of("orphan", 1, "NFS"))).share().id();
            assertThat(node.sweepIfLeader()).get().extracting(CleanupDuties.Sweep::movedToError)
                    .asList().isEmpty(); // work in progress: not stuck
            // The work is lost: its item is marked failed behind the service's back.
            node.database().jdbi().useHandle(h -> h.createUpdate(
                    "UPDATE work_items SET state = 'failed' WHERE resource_id = :id").bind("id", id).execute());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    client.call(client.manila().share(id)).share().status().equals("error"));
            Event last = client.call(client.lockstep().events(0, 100, "share", id)).events().stream()
                    .filter(e -> e.kind() == EventKind.TRANSITION).reduce((a, b) -> b).orElseThrow();
            assertThat(last.from()).isEqualTo("creating");
            assertThat(last.to()).isEqualTo("error");
            assertThat(last.actor()).contains("cleanup@node-1");
            assertThat(last.message()).startsWith("stuck in creating with no work in progress");
            assertThat(client.call(client.manila().messages(id, null)).messages()).singleElement().satisfies(m -> {
                assertThat(m.resourceType()).isEqualTo("SHARE");
                assertThat(m.actionId()).isEqualTo("002");
                assertThat(m.messageLevel()).isEqualTo("ERROR");
                assertThat(m.projectId()).isEqualTo("p1");
                assertThat(m.userMessage()).contains("moved to error");
            });
            List<Event> elected = client.call(client.lockstep().events(0, 100, "election", "cleanup")).events();
            assertThat(elected).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.LEADER);
                assertThat(e.to()).isEqualTo("node-1");
                assertThat(e.message()).isEqualTo("term 1");
            });
        }
    }
}
