package io.lockstep.backend.cli;

import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep-backend serve}: one service node until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a Lockstep service node: the Manila-compatible API, the share service and its workers.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "8786", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", description = "Folder for the H2 database and the generated admin token (default: the user's data folder).")
    Path dataDir;

    @Option(names = "--token-file", description = "Tokens file: one 'token role project' per line; roles viewer, operator, admin. Without it an admin token is generated into DATA_DIR/admin-token.")
    Path tokenFile;

    @Option(names = "--db", description = "'mem' for an in-memory database, or a JDBC URL (jdbc:h2:..., jdbc:postgresql:...). Default: H2 in the data folder.")
    String db;

    @Option(names = "--db-user", description = "Database user (PostgreSQL).")
    String dbUser;

    @Option(names = "--db-password-file", description = "File holding the database password.")
    Path dbPasswordFile;

    @Option(names = "--workers", defaultValue = "4", description = "Share service worker threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--node-id", defaultValue = "node-1", description = "This node's name in events and lock holders (default: ${DEFAULT-VALUE}).")
    String nodeId;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : DataDirs.defaultDataDir();
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("the data folder " + dir + " is not writable");
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("--workers must be from 1 to 256");
        }
        String password = dbPasswordFile == null ? null : Files.readString(dbPasswordFile).strip();
        ServiceNode.Builder builder = ServiceNode.builder()
                .nodeId(nodeId)
                .dataDir(dir)
                .database(db, dbUser, password)
                .bind(bind, port)
                .workers(workers, java.time.Duration.ofSeconds(30), 5);
        if (tokenFile != null) {
            builder.tokens(TokenStore.load(tokenFile));
        }
        ServiceNode node = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "lockstep-shutdown"));
        System.out.println("Lockstep is serving at " + node.uri() + "/v2/"
                + (tokenFile == null ? " (admin token in " + dir.resolve(TokenStore.GENERATED_FILE) + ")" : ""));
        stopped.await();
        return 0;
    }
}
