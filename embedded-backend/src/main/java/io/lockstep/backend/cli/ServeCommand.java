package io.lockstep.backend.cli;

import io.lockstep.backend.node.PlainHttp;
import io.lockstep.backend.node.NodeBuilder;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.tls.ServerTls;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep-backend serve}: one service node until SIGTERM or Ctrl-C. Every option may also
 * come from the environment ({@code LOCKSTEP_DB_USER}) or a config file ({@code --config F},
 * {@code db-user = ...}); {@code --check} validates all of it and reaches the database and ZooKeeper
 * without serving.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a Lockstep service node: the Manila-compatible API, the share service and the data "
                + "service, or any of them.",
                "Every option can also be set as LOCKSTEP_<OPTION> in the environment (LOCKSTEP_DB_USER) or as "
                        + "'<option> = value' in the --config file; the command line wins, then the environment, "
                        + "then the file."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "Properties file with settings (node-id = n1, db = jdbc:..., ...).")
    Path config;

    @Option(names = "--check", description = "Validate the settings, reach the database and ZooKeeper, then exit "
            + "(0 when all is well).")
    boolean check;

    @Option(names = "--node-id", defaultValue = "node-1", description = "This node's name in events, lock holders and "
            + "service lists; unique in the cluster (default: ${DEFAULT-VALUE}).")
    String nodeId;

    @Option(names = "--services", defaultValue = "api,share,data", description = "What this node runs, comma-separated: "
            + "api, share or share@POOL (pool1..pool3), data (default: ${DEFAULT-VALUE}).")
    String services;

    @Option(names = "--coordination", defaultValue = "in-process", description = "'in-process' (a single node) or "
            + "zookeeper://HOST:PORT[,HOST:PORT...]/NAMESPACE (default: ${DEFAULT-VALUE}).")
    String coordination;

    @Option(names = "--session-timeout", defaultValue = "10", description = "ZooKeeper session timeout in seconds: "
            + "how long a silent node keeps its locks and leadership (default: ${DEFAULT-VALUE}).")
    int sessionTimeoutSeconds;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "8786", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", description = "Folder for the H2 database and the generated admin token (default: the user's data folder).")
    Path dataDir;

    @Option(names = "--token-file", description = "Tokens file: one 'token role project' per line; roles viewer, operator, admin. Re-read when it changes. Without it an admin token is generated into DATA_DIR/admin-token.")
    Path tokenFile;

    @Option(names = "--db", description = "'mem' for an in-memory database, or a JDBC URL (jdbc:h2:..., jdbc:postgresql:...). Default: H2 in the data folder.")
    String db;

    @Option(names = "--db-user", description = "Database user (PostgreSQL).")
    String dbUser;

    @Option(names = "--db-password-file", description = "File holding the database password.")
    Path dbPasswordFile;

    @Option(names = "--tls-cert", description = "PEM file with the server certificate (then any intermediates).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM file with the certificate's PKCS#8 private key.")
    Path tlsKey;

    @Option(names = "--tls-keystore", description = "PKCS12 file with the certificate and key (instead of the PEM files).")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", description = "File holding the PKCS12 file's password.")
    Path tlsKeystorePasswordFile;

    @Option(names = "--insecure-http", description = "Serve plain HTTP on an address other than loopback (behind a "
            + "TLS-terminating proxy, or on an isolated lab network).")
    boolean insecureHttp;

    @Option(names = "--work-lease", defaultValue = "30", description = "Seconds a share service holds a work item "
            + "without renewing it; a dead node's work is taken over after this (default: ${DEFAULT-VALUE}).")
    int workLeaseSeconds;

    @Option(names = "--job-lease", defaultValue = "10", description = "Seconds a data service holds a job without "
            + "renewing it; a dead node's job resumes elsewhere after this (default: ${DEFAULT-VALUE}).")
    int jobLeaseSeconds;

    @Option(names = "--service-down-time", defaultValue = "10", description = "Seconds without a heartbeat after which "
            + "a service counts as down (Manila's service_down_time; default: ${DEFAULT-VALUE}).")
    int serviceDownTimeSeconds;

    @Option(names = "--storage-dir", description = "Folder holding the simulated backend's copies (migrations, "
            + "backups). Nodes of one cluster share it as they would share a storage backend; without it copies stay "
            + "in this process's memory and a copy cannot be resumed by another node.")
    Path storageDir;

    @Option(names = "--allow-shared-secret-files", description = "Start even when the tokens file or a password or "
            + "key file may be read by group or others (by default that is refused, naming the chmod to run).")
    boolean allowSharedSecretFiles;

    @Option(names = "--max-streams", defaultValue = "4096", description = "Event streams this node serves at once; "
            + "more are refused with 429 (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(names = "--max-streams-per-token", defaultValue = "256", description = "Event streams one token may hold "
            + "open on this node; more are refused with 429 (default: ${DEFAULT-VALUE}).")
    int maxStreamsPerToken;

    @Option(names = "--stream-buffer-kb", defaultValue = "1024", description = "What an event stream's reader may "
            + "fall behind, in KiB; past it the stream is closed with its position and the client resumes from there "
            + "(default: ${DEFAULT-VALUE}).")
    int streamBufferKb;

    @Option(names = "--workers", defaultValue = "4", description = "Share service worker threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("--workers must be from 1 to 256");
        }
        if (workLeaseSeconds < 1 || workLeaseSeconds > 3600 || jobLeaseSeconds < 1 || jobLeaseSeconds > 3600) {
            throw new IllegalArgumentException("--work-lease and --job-lease must be from 1 to 3600 seconds");
        }
        if (serviceDownTimeSeconds < 3 || serviceDownTimeSeconds > 3600) {
            throw new IllegalArgumentException("--service-down-time must be from 3 to 3600 seconds");
        }
        if (sessionTimeoutSeconds < 2 || sessionTimeoutSeconds > 120) {
            throw new IllegalArgumentException("--session-timeout must be from 2 to 120 seconds");
        }
        if (nodeId.isBlank() || !nodeId.matches("[\\w.\\-]{1,48}")) {
            throw new IllegalArgumentException("--node-id must be 1 to 48 letters, digits, '.', '-' or '_'");
        }
        NodeSpec.Services svc = NodeSpec.services(services);
        NodeSpec.Coordination coord = NodeSpec.coordination(coordination);
        if (!coord.inProcess() && (db == null || !db.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("a cluster (--coordination zookeeper://...) needs a shared database: "
                    + "--db jdbc:postgresql://HOST:PORT/DB");
        }
        checkSecretFiles();
        String password = dbPasswordFile == null ? null : Files.readString(dbPasswordFile).strip();
        ServerTls tls = tls();
        if (tls != null) {
            tls.checkPolicy(java.time.Instant.now());
        }
        if (svc.roles().contains(io.lockstep.backend.node.NodeRole.API)) {
            PlainHttp.check(bind, tls != null, insecureHttp);
        }
        var limits = streamLimits();
        if (tokenFile != null) {
            TokenStore.load(tokenFile);
        }
        if (check) {
            return check(svc, coord, password, tls);
        }
        Path dir = dataDir != null ? dataDir : DataDirs.defaultDataDir();
        io.lockstep.backend.files.OwnerOnly.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("the data folder " + dir + " is not writable");
        }
        io.lockstep.backend.driver.SimulatedDriver storage = new io.lockstep.backend.driver.SimulatedDriver(
                io.lockstep.api.lab.DriverSettings.DEFAULTS);
        if (storageDir != null) {
            storage.content().storeIn(storageDir);
        }
        NodeBuilder builder = ServiceNode.builder()
                .driver(storage)
                .nodeId(nodeId)
                .roles(svc.roles())
                .sharePool(svc.pool())
                .dataDir(dir)
                .database(db, dbUser, password)
                .bind(bind, port)
                .tls(tls)
                .allowPlainHttp(insecureHttp)
                .workers(workers, Duration.ofSeconds(workLeaseSeconds), 5)
                .jobs(Duration.ofSeconds(jobLeaseSeconds), 5, 2)
                .streams(limits)
                .heartbeat(Duration.ofMillis(serviceDownTimeSeconds * 1000L / 5), Duration.ofSeconds(serviceDownTimeSeconds));
        if (!coord.inProcess()) {
            builder.coordinator(ZooKeeperCoordinator.connect(coord.zooKeeperHosts(), coord.namespace(), nodeId,
                    Duration.ofSeconds(sessionTimeoutSeconds)));
        }
        if (tokenFile != null) {
            builder.tokens(TokenStore.watching(tokenFile));
        }
        ServiceNode node = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "lockstep-shutdown"));
        System.out.println("Lockstep node " + nodeId + " (" + services + ") is serving at " + node.uri() + "/v2/"
                + (tokenFile == null ? " (admin token in " + dir.resolve(TokenStore.GENERATED_FILE) + ")" : ""));
        stopped.await();
        return 0;
    }

    /** Secret files readable by others are refused unless the operator says otherwise. */
    private void checkSecretFiles() throws java.io.IOException {
        if (allowSharedSecretFiles) {
            return;
        }
        String[] names = {"--token-file", "--db-password-file", "--tls-key", "--tls-keystore",
                "--tls-keystore-password-file"};
        Path[] files = {tokenFile, dbPasswordFile, tlsKey, tlsKeystore, tlsKeystorePasswordFile};
        for (int i = 0; i < files.length; i++) {
            if (files[i] != null) {
                io.lockstep.backend.files.OwnerOnly.checkSecret(files[i], names[i]);
            }
        }
    }

    private io.lockstep.backend.event.EventBroadcaster.Limits streamLimits() {
        if (maxStreams < 1 || maxStreams > 100_000 || maxStreamsPerToken < 1 || maxStreamsPerToken > 100_000) {
            throw new IllegalArgumentException("--max-streams and --max-streams-per-token must be from 1 to 100000");
        }
        if (streamBufferKb < 4 || streamBufferKb > 65_536) {
            throw new IllegalArgumentException("--stream-buffer-kb must be from 4 to 65536");
        }
        var d = io.lockstep.backend.event.EventBroadcaster.Limits.DEFAULTS;
        return new io.lockstep.backend.event.EventBroadcaster.Limits(maxStreams, maxStreamsPerToken,
                streamBufferKb * 1024L, d.keepAliveMs(), d.tokenCheckMs());
    }

    /** The TLS identity the options name, or null for plain HTTP. */
    private ServerTls tls() throws java.io.IOException {
        if (tlsKeystore != null && (tlsCert != null || tlsKey != null)) {
            throw new IllegalArgumentException("give either --tls-keystore or --tls-cert with --tls-key, not both");
        }
        if (tlsKeystore != null) {
            char[] pw = tlsKeystorePasswordFile == null ? new char[0]
                    : Files.readString(tlsKeystorePasswordFile).strip().toCharArray();
            return ServerTls.pkcs12(tlsKeystore, pw);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return tlsCert == null ? null : ServerTls.pem(tlsCert, tlsKey);
    }

    /** One line per check, "ok" or what failed; exit code 1 if anything failed. */
    private int check(NodeSpec.Services svc, NodeSpec.Coordination coord, String password, ServerTls tls) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> failed = new ArrayList<>();
        out.println("settings: ok (node " + nodeId + ", services " + svc.roles() + ", share pool " + svc.pool() + ")");
        if (tls != null) {
            out.println("tls: ok (" + tls.certificate().getSubjectX500Principal().getName() + ", SHA-256 "
                    + tls.fingerprint() + ", " + tls.keyDescription() + ", valid until "
                    + tls.certificate().getNotAfter().toInstant() + "; TLS 1.3, and 1.2 with AEAD suites only)");
        } else if (svc.roles().contains(io.lockstep.backend.node.NodeRole.API)) {
            out.println("tls: none (plain HTTP" + (insecureHttp ? ", allowed by --insecure-http)" : "; allowed on "
                    + "loopback only)"));
        }
        if (tokenFile != null) {
            step(out, failed, "tokens", () -> {
                TokenStore.load(tokenFile);
                return tokenFile.toString();
            });
        }
        if (db != null && !db.equals("mem")) {
            step(out, failed, "database", () -> database(password));
        }
        if (!coord.inProcess()) {
            step(out, failed, "zookeeper", () -> {
                try (ZooKeeperCoordinator zk = ZooKeeperCoordinator.connect(coord.zooKeeperHosts(),
                        coord.namespace(), nodeId + "-check", Duration.ofSeconds(sessionTimeoutSeconds))) {
                    return coord.zooKeeperHosts() + " (namespace /" + coord.namespace() + ")";
                }
            });
        }
        if (svc.roles().contains(io.lockstep.backend.node.NodeRole.API)) {
            step(out, failed, "listen", () -> {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
                }
                return bind + ":" + port;
            });
        }
        out.println(failed.isEmpty() ? "all checks passed" : "FAILED: " + String.join(", ", failed));
        out.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    private String database(String password) throws Exception {
        try (Connection c = DriverManager.getConnection(db, dbUser, password)) {
            String product = c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion();
            java.util.OptionalInt applied = io.lockstep.backend.db.Database.appliedVersion(c);
            return product + ", " + (applied.isPresent() ? "schema at V" + applied.getAsInt()
                    : "no complete schema yet: the first node to start migrates it");
        }
    }

    private interface Step {
        String run() throws Exception;
    }

    private static void step(PrintWriter out, List<String> failed, String name, Step s) {
        try {
            out.println(name + ": ok (" + s.run() + ")");
        } catch (Exception e) {
            failed.add(name);
            out.println(name + ": FAILED: " + Main.rootMessage(e));
        }
    }
}
