package io.lockstep.backend.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.api.conflict.RaceRun;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exclusive cells raced on storage that answers at once. A request that reaches the service after the
 * other one's work has finished finds the resource stable again and is rightly accepted; the racer
 * must not count that as a double success. It holds the family's driver answers until both requests
 * are answered, so the first one's transitional state lasts whatever the skew between the two.
 */
class InstantDriverRaceTest {

    private static final String TOKEN = "instant-race-admin-token-000001";
    private static final int TRIALS = 25;

    @Test
    void aLateSecondRequestIsNoDoubleSuccess() throws Exception {
        try (ServiceNode node = ServiceNode.builder()
                .tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                .driver(new DriverSettings(0L, 0L, 0.0, 1_000_000L, 3L)).workers(4, Duration.ofSeconds(30), 5)
                .start()) {
            DescriptorClient d = new DescriptorClient(node.uri(), Map.of(Role.ADMIN, TOKEN), "p1");
            List<String[]> pairs = List.of(new String[] {"share.extend", "share.soft_delete"},
                    new String[] {"share.shrink", "share.extend"}, new String[] {"snapshot.delete", "snapshot.revert"});
            for (String[] p : pairs) {
                DescriptorClient.Answer started = d.send("POST", "/lockstep/v1/conflicts/races", d.mapper()
                        .valueToTree(new RaceRequest(null, p[0], p[1], null, TRIALS, 2)), Role.ADMIN, null);
                assertThat(started.code()).as(started.body().toString()).isEqualTo(202);
                RaceRun run = d.mapper().treeToValue(started.body(), RaceRun.class);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> !d.mapper()
                        .treeToValue(d.send("GET", "/lockstep/v1/conflicts/races/" + run.id(), null, Role.ADMIN, null)
                                .body(), RaceRun.class).running());
            }
            List<ConflictCell> raced = d.mapper().treeToValue(d.send("GET", "/lockstep/v1/conflicts", null, Role.ADMIN,
                    null).body(), ConflictMatrix.class).cells().stream()
                    .filter(c -> c.trials() != null && c.trials() > 0 && c.verdict().equals("exclusive")).toList();
            assertThat(raced).as("exclusive cells raced").hasSizeGreaterThanOrEqualTo(pairs.size());
            assertThat(raced).allSatisfy(c -> {
                assertThat(c.trials()).as("%s | %s", c.a(), c.b()).isEqualTo(TRIALS);
                assertThat(c.violations()).as("%s | %s from %s: %s", c.a(), c.b(), c.start(), c.example()).isZero();
            });
        }
    }
}
