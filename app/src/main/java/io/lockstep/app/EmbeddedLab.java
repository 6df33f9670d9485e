package io.lockstep.app;

import io.lockstep.api.auth.Role;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.lab.LabCluster;
import io.lockstep.views.lab.LabControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lab running in the console's own process: an embedded ZooKeeper and a small cluster (one API
 * node, two share nodes, two data nodes) on 127.0.0.1, with a fresh random token, reached over HTTP
 * like any other service. The API node starts first; the others once the window is up. Nodes are stopped, killed, paused and restarted through the lab's API; the
 * API node itself can be restarted on the same port (the lab page's restart button). Thread-safe.
 */
final class EmbeddedLab implements Backend, LabControl {

    private final String token;
    private final Path dataDir;
    private final FileLock folderLock;
    private static final Duration OTHERS_AT_LATEST = Duration.ofSeconds(5);
    private LabCluster cluster;

    private EmbeddedLab(Path dataDir, FileLock folderLock) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        this.dataDir = dataDir;
        this.folderLock = folderLock;
    }

    /** H2 in {@code dataDir}, every node running; fails if another console holds the database. */
    static EmbeddedLab onDisk(Path dataDir) {
        return onDisk(dataDir, false);
    }

    /**
     * H2 in {@code dataDir}; fails if another console holds the database.
     *
     * @param windowFirst return once the API node serves; the other nodes start at {@link #windowShown()}
     */
    static EmbeddedLab onDisk(Path dataDir, boolean windowFirst) {
        try {
            io.lockstep.backend.files.OwnerOnly.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("The data folder " + dataDir + " cannot be created: " + e.getMessage()
                    + ". Choose another with --data-dir DIR, or use --scratch.", e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new StartupException("The data folder " + dataDir + " is not writable. Choose another with "
                    + "--data-dir DIR, or use --scratch.", null);
        }
        FileLock lock = lockFolder(dataDir);
        EmbeddedLab lab = new EmbeddedLab(dataDir, lock);
        try {
            lab.start(windowFirst);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** An in-memory database, kept by the lab for as long as the console runs; every node running. */
    static EmbeddedLab scratch() {
        return scratch(false);
    }

    /** An in-memory database; {@code windowFirst} as for {@link #onDisk(Path, boolean)}. */
    static EmbeddedLab scratch(boolean windowFirst) {
        EmbeddedLab lab = new EmbeddedLab(null, null);
        lab.start(windowFirst);
        return lab;
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

    private synchronized void start(boolean windowFirst) {
        TokenStore tokens = TokenStore.of(List.of(new TokenStore.Token(token, Role.ADMIN, "admin")));
        LabCluster.Config config = LabCluster.Config.defaults(0, dataDir, tokens);
        if (!windowFirst) {
            cluster = LabCluster.start(config);
            return;
        }
        cluster = LabCluster.startServing(config);
        // The other nodes start once the window is up, or in a few seconds if it never comes.
        LabCluster started = cluster;
        CompletableFuture.runAsync(started::startOthers, CompletableFuture.delayedExecutor(OTHERS_AT_LATEST.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void windowShown() {
        if (cluster != null) {
            CompletableFuture.runAsync(cluster::startOthers); // off the FX thread: the lab's lock may be held
        }
    }

    @Override
    public synchronized void restartService() {
        cluster.restartApiNode();
    }

    @Override
    public synchronized URI uri() {
        return cluster.uri();
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
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        try {
            if (folderLock != null) {
                folderLock.channel().close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
