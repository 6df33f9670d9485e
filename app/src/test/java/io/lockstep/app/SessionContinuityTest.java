package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.live.ConnectionState;
import io.lockstep.views.live.ConsoleSession;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The console's session against a service that goes away and comes back, without a window: the model
 * is fed on the test's side under a lock instead of once per pulse.
 */
class SessionContinuityTest {

    private static final String TOKEN = "continuity-admin-token";
    private final LiveModel model = new LiveModel(Clock.systemUTC());

    private ServiceNode node(int port) {
        return ServiceNode.builder().bind("127.0.0.1", port)
                .tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "admin"))))
                .driver(new DriverSettings(5L, 20L, 0.0, 1_000_000L, 1L)).start();
    }

    private <T> T read(Callable<T> c) throws Exception {
        synchronized (model) {
            return c.call();
        }
    }

    private Map<String, String> shown() throws Exception {
        return read(() -> model.shares().stream().collect(Collectors.toMap(ResourceItem::id, ResourceItem::status)));
    }

    private static Map<String, String> fresh(LockstepClient client) {
        return Listings.allShares(client).stream().collect(Collectors.toMap(Share::id, Share::status));
    }

    @Test
    void aServiceBackOnAFreshDatabaseIsReloadedNotWaitedFor() throws Exception {
        ServiceNode first = node(0);
        int port = first.uri().getPort();
        try (LockstepClient client = LockstepClient.connect(first.uri(), TOKEN)) {
            for (int i = 0; i < 5; i++) {
                client.call(client.manila().createShare(CreateShare.of("old-" + i, 1, "NFS")));
            }
            ConsoleSession session = ConsoleSession.open(client, model, u -> {
                synchronized (model) {
                    model.apply(List.of(u));
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> shown().equals(fresh(client))
                    && fresh(client).values().stream().allMatch("available"::equals));
            first.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> read(() -> model.connectionProperty().get())
                    == ConnectionState.RECONNECTING);

            ServiceNode second = node(port); // same address, empty database: event ids start again at 1
            try {
                client.call(client.manila().createShare(CreateShare.of("new-0", 1, "NFS")));
                // the reload shows the new history at once; the new stream opens a moment later
                await().atMost(Duration.ofSeconds(30)).until(() -> fresh(client).values().stream()
                        .allMatch("available"::equals) && shown().equals(fresh(client))
                        && read(() -> model.connectionProperty().get()) == ConnectionState.LIVE);
                assertThat(read(() -> model.shares().stream().map(ResourceItem::name).toList()))
                        .containsExactly("new-0");
                assertThat(read(() -> model.connectionProperty().get())).isEqualTo(ConnectionState.LIVE);
                assertThat(read(() -> model.count("share", "available"))).isEqualTo(1);
            } finally {
                session.close();
                second.close();
            }
        }
    }
}
