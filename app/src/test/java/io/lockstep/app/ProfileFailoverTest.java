package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.app.profile.ConnectionProfile;
import io.lockstep.app.profile.ProfileStore;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.lab.EmbeddedZooKeeper;
import io.lockstep.backend.node.NodeRole;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.tls.ServerTls;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.live.ConnectionState;
import io.lockstep.views.live.ConsoleSession;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import io.lockstep.views.live.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's way into a cluster, without a window: a saved profile (two HTTPS nodes, a token file,
 * the certificate's fingerprint pinned) opened as {@code --profile} opens it, then the node in use is
 * killed. The session carries on through the other node: the console's model keeps following, and
 * it sees every event exactly once.
 */
class ProfileFailoverTest {

    private static final String TOKEN = "profile-failover-token";
    private final LiveModel model = new LiveModel(Clock.systemUTC());

    @TempDir
    Path dir;

    @Test
    void aSavedProfileOverTlsKeepsTheSessionWhenTheNodeInUseIsKilled() throws Exception {
        ServerTls tls = ServerTls.pkcs12(selfSignedKeystore(), "changeit".toCharArray());
        String db = "jdbc:h2:mem:profile-failover-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        TokenStore tokens = TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "ops")));
        SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 20L, 0.0, 1_000_000L, 1L));
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper();
             ServiceNode a = node("a", Set.of(NodeRole.API), db, zk, tokens, tls, storage);
             ServiceNode b = node("b", NodeRole.ALL, db, zk, tokens, tls, storage)) {
            Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
            Path config = Files.createDirectories(dir.resolve("config"));
            ProfileStore.load(config).put(new ConnectionProfile("cluster", List.of(a.uri(), b.uri()), null,
                    tokenFile, "pin", null, tls.fingerprint(), false));

            ConsoleOptions opts = new ConsoleOptions();
            opts.profile = "cluster";
            opts.configDir = config;
            Backend backend = Backends.open(opts);
            assertThat(backend.mode()).isEqualTo("profile cluster");
            List<Long> seen = new CopyOnWriteArrayList<>();
            try (LockstepClient client = LockstepClient.connect(backend.endpoints(), backend.token(), backend.trust());
                 ConsoleSession session = ConsoleSession.open(client, model, u -> {
                     if (u instanceof Update.EventArrived arrived) {
                         seen.add(arrived.event().id());
                     }
                     synchronized (model) {
                         model.apply(List.of(u));
                     }
                 })) {
                assertThat(client.baseUri()).isEqualTo(a.uri());
                assertThat(client.call(client.lockstep().session()).node()).isEqualTo("a");
                client.call(client.manila().createShare(CreateShare.of("before", 1, "NFS")));
                await().atMost(Duration.ofSeconds(30)).until(() -> "available".equals(status("before")));

                a.kill();
                client.call(client.manila().createShare(CreateShare.of("after", 1, "NFS")));
                await().atMost(Duration.ofSeconds(30)).until(() -> "available".equals(status("after")));
                assertThat(client.baseUri()).isEqualTo(b.uri());
                assertThat(client.call(client.lockstep().session()).node()).isEqualTo("b");
                await().atMost(Duration.ofSeconds(30)).until(() -> read(() -> model.connectionProperty().get())
                        == ConnectionState.LIVE);

                long last = client.call(client.lockstep().events(0, 1, null, null)).lastId();
                await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty() && seen.get(seen.size() - 1) == last);
                assertThat(seen).doesNotHaveDuplicates().isSorted();
                assertThat(seen.get(seen.size() - 1) - seen.get(0) + 1).as("no gap across the move").isEqualTo(seen.size());
                session.close();
            }
        }
    }

    private static ServiceNode node(String id, Set<NodeRole> roles, String db, EmbeddedZooKeeper zk, TokenStore tokens,
                                    ServerTls tls, SimulatedDriver storage) {
        return ServiceNode.builder().nodeId(id).roles(roles).sharedDatabase(db).tokens(tokens).tls(tls).driver(storage)
                .coordinator(ZooKeeperCoordinator.connect(zk.connectString(), id, Duration.ofSeconds(5))).start();
    }

    private String status(String name) throws Exception {
        return read(() -> model.shares().stream().filter(s -> name.equals(s.name())).map(ResourceItem::status)
                .findFirst().orElse(null));
    }

    private <T> T read(Callable<T> c) throws Exception {
        synchronized (model) {
            return c.call();
        }
    }

    /** A certificate for 127.0.0.1 made by the JDK's keytool, as an operator would for a lab. */
    private Path selfSignedKeystore() throws Exception {
        Path keystore = dir.resolve("node.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return keystore;
    }
}
