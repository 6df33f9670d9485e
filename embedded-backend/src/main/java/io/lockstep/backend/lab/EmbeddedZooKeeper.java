package io.lockstep.backend.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A real ZooKeeper server inside the lab's process, on 127.0.0.1 and an ephemeral port, so offline
 * demos use the real coordination service. Its data lives in a temporary folder removed on close.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private final Path dir;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;

    public EmbeddedZooKeeper() {
        try {
            dir = Files.createTempDirectory("lockstep-zookeeper");
            server = new ZooKeeperServer(dir.resolve("snap").toFile(), dir.resolve("log").toFile(), 500);
            factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 200);
            factory.startup(server);
        } catch (IOException e) {
            throw new UncheckedIOException("the lab's ZooKeeper could not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting ZooKeeper", e);
        }
    }

    public String connectString() {
        return "127.0.0.1:" + factory.getLocalPort();
    }

    @Override
    public void close() {
        factory.shutdown();
        server.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the OS cleans it eventually
        }
    }
}
