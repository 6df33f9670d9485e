package io.lockstep.app;

import io.lockstep.api.auth.Role;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.views.lab.LabControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The service running in the console's own process, on 127.0.0.1 with an ephemeral port and a fresh
 * random token, reached over HTTP like any other. It can be restarted on the same port and database
 * (the lab's restart button). Thread-safe.
 */
final class EmbeddedLab implements Backend, LabControl {

    private final String token;
    private final String jdbcUrl;
    private final Path dataDir;
    private final Connection keeper;
    private final FileLock folderLock;
    private ServiceNode node;
    private int port;

    private EmbeddedLab(String jdbcUrl, Path dataDir, Connection keeper, FileLock folderLock) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        this.jdbcUrl = jdbcUrl;
        this.dataDir = dataDir;
        this.keeper = keeper;
        this.folderLock = folderLock;
    }

    /** H2 in {@code dataDir}; fails if another console holds the database. */
    static EmbeddedLab onDisk(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("The data folder " + dataDir + " cannot be created: " + e.getMessage()
                    + ". Choose another with --data-dir DIR, or use --scratch.", e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new StartupException("The data folder " + dataDir + " is not writable. Choose another with "
                    + "--data-dir DIR, or use --scratch.", null);
        }
        FileLock lock = lockFolder(dataDir);
        EmbeddedLab lab = new EmbeddedLab(null, dataDir, null, lock);
        try {
            lab.start();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** An in-memory database kept alive by one connection of the lab's own, so it survives restarts. */
    static EmbeddedLab scratch() {
        String url = "jdbc:h2:mem:lockstep-scratch-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
        try {
            EmbeddedLab lab = new EmbeddedLab(url, null, DriverManager.getConnection(url), null);
            lab.start();
            return lab;
        } catch (SQLException e) {
            throw new StartupException("The in-memory database could not be created: " + e.getMessage(), e);
        }
    }

    /**
     * One console per data folder, said plainly before the database would refuse with its own words.
     * The lock file is released by the OS if the process dies.
     */
    private static FileLock lockFolder(Path dataDir) {
        try {
            FileChannel channel = FileChannel.open(dataDir.resolve("console.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StartupException("The lab's database in " + dataDir + " is in use by another Lockstep "
                        + "console. Close that one, or start this one with --scratch or --data-dir DIR.", null);
            }
            return lock;
        } catch (IOException e) {
            throw new StartupException("The data folder " + dataDir + " cannot be used: " + e.getMessage()
                    + ". Choose another with --data-dir DIR, or use --scratch.", e);
        }
    }

    private synchronized void start() {
        ServiceNode.Builder b = ServiceNode.builder()
                .nodeId("lab-node-1")
                .bind("127.0.0.1", port)
                .tokens(TokenStore.of(List.of(new TokenStore.Token(token, Role.ADMIN, "admin"))))
                .workers(4, Duration.ofSeconds(30), 5);
        if (dataDir != null) {
            b.dataDir(dataDir).database("file", null, null);
        } else {
            b.database(jdbcUrl, null, null);
        }
        node = b.start();
        port = node.uri().getPort();
    }

    @Override
    public synchronized void restartService() {
        if (node != null) {
            node.close();
            node = null;
        }
        start();
    }

    @Override
    public synchronized URI uri() {
        return node.uri();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String mode() {
        return dataDir != null ? "embedded lab · " + dataDir : "embedded lab · scratch (in memory)";
    }

    @Override
    public Optional<LabControl> labControl() {
        return Optional.of(this);
    }

    @Override
    public synchronized void close() {
        if (node != null) {
            node.close();
            node = null;
        }
        try {
            if (keeper != null) {
                keeper.close();
            }
            if (folderLock != null) {
                folderLock.channel().close();
            }
        } catch (SQLException | IOException e) {
            throw new UncheckedIOException(new IOException("closing the lab: " + e.getMessage(), e));
        }
    }
}
