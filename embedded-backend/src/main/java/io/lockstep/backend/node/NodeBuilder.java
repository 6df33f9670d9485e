package io.lockstep.backend.node;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.event.EventBroadcaster;
import io.lockstep.backend.transition.ConditionalStatusWriter;
import io.lockstep.backend.transition.StatusWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/** Configuration with working defaults: in-memory H2, ephemeral port on loopback. */
public final class NodeBuilder {

    String nodeId = "node-1";
    Set<NodeRole> roles = NodeRole.ALL;
    String sharePool = "pool1";
    io.lockstep.backend.tls.ServerTls tls;
    boolean allowPlainHttp;
    Supplier<Database> database = Database::h2Memory;
    Path dataDir;
    TokenStore tokens;
    String host = "127.0.0.1";
    int port;
    DriverSettings driverSettings = DriverSettings.DEFAULTS;
    SimulatedDriver sharedDriver;
    java.util.function.Consumer<io.javalin.Javalin> extraRoutes = app -> { };
    Duration reportInterval = Duration.ofSeconds(5);
    Duration cleanupInterval = Duration.ofSeconds(5);
    Duration cleanupGrace = Duration.ofSeconds(5);
    Duration serviceDownTime = Duration.ofSeconds(30);
    Duration recycleRetention = io.lockstep.backend.share.ShareRoutes.DEFAULT_RETENTION;
    Duration longHold = Duration.ofSeconds(30);
    /** Manila's unused_share_server_cleanup_interval (10 minutes by default). */
    Duration unusedServerInterval = Duration.ofMinutes(10);
    Duration jobLease = Duration.ofSeconds(10);
    int jobAttempts = 5;
    int dataThreads = 2;
    long progressIntervalMs = 250;
    int workerThreads = 4;
    Duration lease = Duration.ofSeconds(30);
    int maxAttempts = 5;
    Duration lockTimeout = Duration.ofSeconds(10);
    Coordinator coordinator;
    StatusWriter statusWriter = new ConditionalStatusWriter();
    EventBroadcaster.Limits streamLimits = EventBroadcaster.Limits.DEFAULTS;

    public NodeBuilder nodeId(String id) {
        this.nodeId = id;
        return this;
    }

    /** The pool the share service's new shares land in (the simulated backend has pool1..pool3). */
    public NodeBuilder sharePool(String pool) {
        this.sharePool = pool;
        return this;
    }

    /** What this node runs (default: everything). Without {@link NodeRole#API} it serves no HTTP. */
    public NodeBuilder roles(Set<NodeRole> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a node runs at least one role");
        }
        this.roles = Set.copyOf(roles);
        return this;
    }

    /** {@code null} or {@code "file"}: H2 in the data folder; {@code "mem"}: in-memory H2; else a JDBC URL. */
    public NodeBuilder database(String spec, String user, String password) {
        if (spec == null || spec.equals("file")) {
            this.database = () -> Database.h2File(Objects.requireNonNull(dataDir, "--data-dir"));
        } else if (spec.equals("mem")) {
            this.database = Database::h2Memory;
        } else {
            this.database = () -> Database.open(spec, user, password);
        }
        return this;
    }

    /** A database other nodes in this JVM share (the lab): closing this node leaves it open. */
    public NodeBuilder sharedDatabase(String jdbcUrl) {
        this.database = () -> Database.openShared(jdbcUrl, false);
        return this;
    }

    /** As {@link #sharedDatabase}, its schema migrated already by whoever keeps it open (the lab). */
    public NodeBuilder sharedMigratedDatabase(String jdbcUrl) {
        this.database = () -> Database.openShared(jdbcUrl, true);
        return this;
    }

    /** Routes only this node serves (the lab's node controls), added before the server starts. */
    public NodeBuilder extraRoutes(java.util.function.Consumer<io.javalin.Javalin> routes) {
        this.extraRoutes = routes;
        return this;
    }

    public NodeBuilder dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    public NodeBuilder tokens(TokenStore store) {
        this.tokens = store;
        return this;
    }

    public NodeBuilder bind(String host, int port) {
        this.host = host;
        this.port = port;
        return this;
    }

    /** Serves HTTPS with this identity; without it a non-loopback address is refused unless plain HTTP is allowed. */
    public NodeBuilder tls(io.lockstep.backend.tls.ServerTls identity) {
        this.tls = identity;
        return this;
    }

    /** Allows plain HTTP on an address other than loopback (a lab network, a TLS-terminating proxy). */
    public NodeBuilder allowPlainHttp(boolean allow) {
        this.allowPlainHttp = allow;
        return this;
    }

    /**
     * One simulated storage backend for several nodes, as real storage is shared by a cluster's
     * share services: a share created through one node can be extended or deleted through another.
     */
    public NodeBuilder driver(SimulatedDriver shared) {
        this.sharedDriver = shared;
        return this;
    }

    public NodeBuilder driver(DriverSettings settings) {
        this.driverSettings = settings;
        return this;
    }

    public NodeBuilder workers(int threads, Duration lease, int maxAttempts) {
        this.workerThreads = threads;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * How often services write their heartbeat, and how old a heartbeat may be before the service
     * counts as down (Manila's report_interval and service_down_time).
     */
    public NodeBuilder heartbeat(Duration reportInterval, Duration serviceDownTime) {
        if (serviceDownTime.compareTo(reportInterval.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("service_down_time must exceed twice the report interval");
        }
        this.reportInterval = reportInterval;
        this.serviceDownTime = serviceDownTime;
        return this;
    }

    /** How long a soft-deleted share stays in the recycle bin before the cleanup leader purges it. */
    public NodeBuilder recycleBin(Duration retention) {
        this.recycleRetention = retention;
        return this;
    }

    /** How long a share server must have had no share before the cleanup leader deletes it. */
    public NodeBuilder unusedServerInterval(Duration interval) {
        this.unusedServerInterval = interval;
        return this;
    }

    /** How often the cleanup leader sweeps, and how long a resource must sit before it counts as stuck. */
    public NodeBuilder cleanup(Duration interval, Duration grace) {
        this.cleanupInterval = interval;
        this.cleanupGrace = grace;
        return this;
    }

    /**
     * The data service's jobs: how long a claim lasts without renewal (a dead service's job is
     * resumed elsewhere after this), how many attempts a job gets, and how many run at once.
     */
    public NodeBuilder jobs(Duration lease, int maxAttempts, int threads) {
        this.jobLease = lease;
        this.jobAttempts = maxAttempts;
        this.dataThreads = threads;
        return this;
    }

    /** How often a running job writes its progress and checkpoint at most (default 250 ms; the bench varies it). */
    public NodeBuilder progressInterval(Duration interval) {
        this.progressIntervalMs = interval.toMillis();
        return this;
    }

    /** How long a lock may be held before the cleanup leader flags it (default 30 s). */
    public NodeBuilder longHold(Duration threshold) {
        this.longHold = threshold;
        return this;
    }

    public NodeBuilder lockTimeout(Duration timeout) {
        this.lockTimeout = timeout;
        return this;
    }

    /** Replaces the coordinator (the race bench's lock-free variant). */
    public NodeBuilder coordinator(Coordinator c) {
        this.coordinator = c;
        return this;
    }

    /** Replaces the test-and-set (only the race bench's naive variant does). */
    public NodeBuilder statusWriter(StatusWriter w) {
        this.statusWriter = w;
        return this;
    }

    /** Caps, reader buffer and keep-alive of the node's event streams. */
    public NodeBuilder streams(EventBroadcaster.Limits limits) {
        this.streamLimits = limits;
        return this;
    }

    /** Builds and starts the node; on failure whatever had started is closed again. */
    public ServiceNode start() {
        return ServiceNode.start(this);
    }
}
