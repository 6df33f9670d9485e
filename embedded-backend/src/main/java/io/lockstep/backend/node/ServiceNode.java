package io.lockstep.backend.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.audit.AuditLog;
import io.lockstep.backend.audit.AuditRecorder;
import io.lockstep.backend.audit.AuditRoutes;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.backup.BackupJob;
import io.lockstep.backend.backup.BackupRoutes;
import io.lockstep.backend.backup.BackupService;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.InProcessCoordinator;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.driver.DriverRoutes;
import io.lockstep.backend.driver.LockFreeDriver;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.event.EventBroadcaster;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.EventRoutes;
import io.lockstep.backend.http.ApiServer;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.job.DataCopyJob;
import io.lockstep.backend.job.DataWorkers;
import io.lockstep.backend.job.JobRoutes;
import io.lockstep.backend.job.JobStore;
import io.lockstep.backend.job.MigrationJob;
import io.lockstep.backend.job.MigrationRoutes;
import io.lockstep.backend.job.MigrationService;
import io.lockstep.backend.job.ShareInstanceRoutes;
import io.lockstep.backend.leader.CleanupDuties;
import io.lockstep.backend.leader.CleanupLeader;
import io.lockstep.backend.lock.CoordinationRoutes;
import io.lockstep.backend.message.MessageRoutes;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.service.NodeLiveness;
import io.lockstep.backend.service.ServiceHeartbeat;
import io.lockstep.backend.service.ServiceRoutes;
import io.lockstep.backend.service.ServiceStore;
import io.lockstep.backend.share.ShareRoutes;
import io.lockstep.backend.share.ShareService;
import io.lockstep.backend.share.ShareStore;
import io.lockstep.backend.share.ShareTypes;
import io.lockstep.backend.share.ShareWork;
import io.lockstep.backend.snapshot.SnapshotRoutes;
import io.lockstep.backend.snapshot.SnapshotService;
import io.lockstep.backend.snapshot.SnapshotStore;
import io.lockstep.backend.snapshot.SnapshotWork;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.ConditionalStatusWriter;
import io.lockstep.backend.transition.StatusWriter;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.ShareWorkers;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkQueue;
import io.lockstep.backend.work.WorkRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service node: database, coordinator, share service workers and the HTTP API, wired and started
 * together and closed in reverse order. The CLI, the lab, tests and the bench all start the service
 * through this. Thread-safe.
 */
public final class ServiceNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNode.class);

    private final Database database;
    private final Coordinator coordinator;
    private final SimulatedDriver driver;
    private final ShareWorkers workers;
    private final ApiServer server;
    private final EventRoutes eventRoutes;
    private final EventBroadcaster broadcaster;
    private final TokenStore tokens;
    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final EventLog events;
    private final URI uri;
    /** The election whose leader runs the cleanup duties. */
    public static final String CLEANUP_ELECTION = CleanupLeader.ELECTION;
    private static final String VERSION = io.lockstep.api.version.BuildVersion.read(ServiceNode.class,
            "/io/lockstep/backend/version.properties");
    private final PauseGate pause;
    private final Set<NodeRole> roles;
    private CleanupLeader cleanup;
    private ServiceHeartbeat apiService;
    private ServiceHeartbeat shareService;
    private ServiceHeartbeat dataService;
    private DataWorkers dataWorkers;

    private ServiceNode(Builder b) throws IOException {
        Clock clock = Clock.systemUTC();
        String nodeId = b.nodeId;
        this.roles = Set.copyOf(b.roles);
        this.database = b.database.get();
        try {
            this.coordinator = b.coordinator != null ? b.coordinator : new InProcessCoordinator(nodeId, clock);
            this.tokens = b.tokens != null ? b.tokens
                    : b.dataDir != null ? TokenStore.generatedAdmin(b.dataDir) : TokenStore.randomAdmin();
            this.driver = b.sharedDriver != null ? b.sharedDriver : new SimulatedDriver(b.driverSettings);
            var jdbi = database.jdbi();
            this.events = new EventLog(jdbi, clock);
            this.transitions = new TransitionStore(jdbi, coordinator, events, b.statusWriter, clock, b.lockTimeout);
            this.queue = new WorkQueue(jdbi, database.dialect(), clock);
            this.pause = new PauseGate(clock);
            var guarded = new LockFreeDriver(new PausableDriver(driver, pause), coordinator);
            var completion = new Completion(transitions, queue, nodeId);
            var shareWork = new ShareWork(jdbi, transitions, completion, guarded, nodeId + "@simulated#" + b.sharePool);
            var snapshotWork = new SnapshotWork(jdbi, transitions, completion, guarded);
            Map<String, WorkHandler> handlers = new HashMap<>(shareWork.handlers());
            handlers.putAll(snapshotWork.handlers());
            this.workers = new ShareWorkers(queue, handlers, (item, owner) -> {
                if (item.resourceType().equals("share")) {
                    shareWork.giveUp(item, owner);
                } else {
                    snapshotWork.giveUp(item, owner);
                }
            }, "share@" + nodeId + "/" + UUID.randomUUID().toString().substring(0, 8), b.workerThreads, b.lease,
                    b.maxAttempts);

            ObjectMapper mapper = new ObjectMapper();
            Bodies bodies = new Bodies(mapper);
            var shareStore = new ShareStore(jdbi);
            var snapshotStore = new SnapshotStore(jdbi);
            this.broadcaster = new EventBroadcaster(events, mapper, tokens, clock, b.streamLimits);
            this.eventRoutes = new EventRoutes(events, mapper, broadcaster);
            var services = new ServiceStore(jdbi);
            var liveness = new NodeLiveness(services, coordinator, clock, b.serviceDownTime);
            ApiServer[] self = new ApiServer[1];
            JsonRenderer render = (ctx, status, body) -> self[0].render(ctx, status, body);
            this.server = new ApiServer(mapper, tokens, version(), b.tls, app -> {
                eventRoutes.register(app);
                new DriverRoutes(driver, bodies, render).register(app);
                new CoordinationRoutes(coordinator, liveness, events, bodies, clock, render, (lock, project) -> {
                    // a family lock is a project's if its root resource is
                    StateMachine root = ResourceMachines.SHARE.root();
                    return TransitionStore.rootOfLock(root, lock).map(id -> jdbi.withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM " + root.table() + " WHERE id = :id AND project_id = :project")
                            .bind("id", id).bind("project", project).mapTo(Integer.class).one()) > 0).orElse(false);
                }).register(app);
                new WorkRoutes(jdbi, render).register(app);
            });
            self[0] = server;
            server.node(nodeId);
            var manila = server.manila();
            var jobStore = new JobStore(jdbi, database.dialect(), events, clock);
            var migrations = new MigrationService(transitions, jobStore, shareStore, driver.content(), nodeId,
                    b.jobAttempts);
            var migrationRoutes = new MigrationRoutes(migrations, bodies, render);
            migrationRoutes.register(manila);
            new ShareRoutes(new ShareService(transitions, queue, shareStore, nodeId), shareStore, bodies, render,
                    List.of(migrationRoutes::contribute)).register(manila);
            server.configure(app -> new JobRoutes(jobStore, migrations, render).register(app));
            new BackupRoutes(new BackupService(jdbi, transitions, jobStore, shareStore, driver.content(), nodeId,
                    b.jobAttempts), bodies, render).register(manila);
            new ShareInstanceRoutes(jdbi, render).register(manila);
            AuditLog audit = new AuditLog(jdbi);
            server.configure(app -> {
                new AuditRoutes(audit, render).register(app);
                app.after(new AuditRecorder(audit, mapper, clock, nodeId)::record);
            });
            new SnapshotRoutes(new SnapshotService(transitions, queue, snapshotStore, nodeId), snapshotStore, bodies,
                    render).register(manila);
            new ShareTypes(render).register(manila);
            new MessageRoutes(new MessageStore(jdbi), clock, render).register(manila);

            server.configure(app -> new ServiceRoutes(services, coordinator, events, clock, b.serviceDownTime, bodies, render)
                    .register(app, manila));
            server.configure(b.extraRoutes);
            if (roles.contains(NodeRole.SHARE)) {
                this.shareService = heartbeat(services, clock, nodeId + "@simulated", "lockstep-share", b);
                workers.acceptWorkWhile(() -> shareService.enabled() && !pause.paused());
                workers.renewWhile(() -> !pause.paused());
                workers.start();
            }
            if (roles.contains(NodeRole.DATA)) {
                this.dataService = heartbeat(services, clock, nodeId, "lockstep-data", b);
                var migration = new MigrationJob(jobStore, transitions, driver.content(), pause::awaitOpen, nodeId);
                var backups = new BackupJob(jobStore, transitions, driver.content(), pause::awaitOpen, nodeId);
                var dataCopy = new DataCopyJob(jobStore, driver.content(), pause::awaitOpen);
                this.dataWorkers = new DataWorkers(jobStore, Map.of(MigrationJob.KIND, migration,
                        BackupJob.BACKUP_KIND, backups, BackupJob.RESTORE_KIND, backups, DataCopyJob.KIND, dataCopy),
                        "data@" + nodeId + "/" + UUID.randomUUID().toString().substring(0, 8), b.dataThreads,
                        b.jobLease, Duration.ofMillis(200), b.progressIntervalMs);
                dataWorkers.acceptWhile(() -> dataService.enabled() && !pause.paused());
                dataWorkers.renewWhile(() -> !pause.paused());
                dataWorkers.start();
            }
            if (roles.contains(NodeRole.SHARE) || roles.contains(NodeRole.DATA)) {
                // Background duties belong to the nodes doing background work, not to the API.
                this.cleanup = new CleanupLeader(coordinator, new CleanupDuties(jdbi, transitions, events, clock,
                        coordinator, b.cleanupGrace, b.serviceDownTime, b.longHold), events, b.cleanupInterval, () -> !pause.paused());
            }
            if (roles.contains(NodeRole.API)) {
                checkPlainHttp(b.host, b.tls != null, b.allowPlainHttp);
                this.apiService = heartbeat(services, clock, nodeId, "lockstep-api", b);
                broadcaster.start();
                server.start(b.host, b.port);
                this.uri = URI.create(server.scheme() + "://" + (b.host.contains(":") ? "[" + b.host + "]" : b.host) + ":"
                        + server.port());
            } else {
                this.uri = null;
            }
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
        LOG.info("Lockstep {} node {} running {}{} (database {})", version(), nodeId, roles,
                uri == null ? "" : ", Manila API at " + uri + "/v2/", database.url());
    }

    private ServiceHeartbeat heartbeat(ServiceStore services, Clock clock, String host, String binary, Builder b) {
        ServiceHeartbeat h = new ServiceHeartbeat(services, coordinator, clock, host, binary, "nova", b.reportInterval);
        h.beatWhile(() -> !pause.paused());
        h.start();
        return h;
    }

    /**
     * Simulates a stop-the-world pause (a long GC pause): for {@code d} the node renews no lease, writes
     * no heartbeat and its driver calls do not return. With ZooKeeper, a pause longer than the session
     * timeout costs the session when the server would notice (after the timeout), not at once: until
     * then the node still holds its locks and leaderships while doing nothing, as a paused process
     * would. Work it had begun is taken over by others; what it writes afterwards is fenced off.
     */
    public void pause(Duration d) {
        pause.pauseFor(d);
        if (coordinator instanceof ZooKeeperCoordinator zk) {
            try {
                Duration timeout = Duration.ofMillis(zk.client().getZookeeperClient().getZooKeeper().getSessionTimeout());
                if (d.compareTo(timeout) > 0) {
                    zk.expireSessionAfterTimeout();
                }
            } catch (Exception e) {
                LOG.warn("session of {} could not be expired: {}", coordinator.nodeId(), e.toString());
            }
        }
    }

    /** Runs one cleanup sweep now if this node leads the cleanup election (tests, the lab). */
    public Optional<CleanupDuties.Sweep> sweepIfLeader() {
        return cleanup == null ? Optional.empty() : cleanup.sweepIfLeader();
    }

    /** How many work items and jobs this node's share and data services are working on now. */
    public int workersBusy() {
        return (roles.contains(NodeRole.SHARE) ? workers.busy() : 0) + (dataWorkers == null ? 0 : dataWorkers.busy());
    }

    public Set<NodeRole> roles() {
        return roles;
    }

    /** Whether a simulated pause is in effect now. */
    public boolean pausedNow() {
        return pause.paused();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The service's version, from the POM (filtered into {@code version.properties}); "dev" if absent. */
    public static String version() {
        return VERSION;
    }

    /**
     * Plain HTTP only on loopback unless allowed: the one rule {@code serve} and {@code serve --check}
     * both apply.
     */
    public static void checkPlainHttp(String host, boolean tls, boolean allowPlainHttp) {
        if (!tls && !allowPlainHttp && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to serve plain HTTP on " + host + ": tokens would "
                    + "cross the network in clear. Give a certificate (--tls-cert and --tls-key, or "
                    + "--tls-keystore), bind 127.0.0.1, or allow it with --insecure-http");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the address to bind, " + host, e);
        }
    }

    public URI uri() {
        return uri;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public String adminToken() {
        return tokens.firstAdmin().orElseThrow().secret();
    }

    public SimulatedDriver driver() {
        return driver;
    }

    public Database database() {
        return database;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public TransitionStore transitions() {
        return transitions;
    }

    public WorkQueue workQueue() {
        return queue;
    }

    public EventLog events() {
        return events;
    }

    /** Every HTTP route this node serves, as declared. */
    public List<ApiServer.Route> routes() {
        return server.routes();
    }

    /** How many event streams this node serves now. */
    public int eventStreams() {
        return broadcaster.streams();
    }

    /**
     * Stops the node as a crash would (the lab's "kill"): threads stopped, nothing handed back, the
     * coordination session closed without leaving anything tidy. Other nodes take its work over once
     * the leases run out, and see its services go down once the heartbeats age.
     */
    public void kill() {
        if (cleanup != null) {
            cleanup.kill();
        }
        eventRoutes.closeStreams();
        if (uri != null) {
            server.close();
        }
        workers.kill();
        if (dataWorkers != null) {
            dataWorkers.kill();
        }
        for (ServiceHeartbeat h : heartbeats()) {
            h.stop();
        }
        coordinator.close();
        database.close();
        LOG.info("Lockstep at {} killed", uri);
    }

    private List<ServiceHeartbeat> heartbeats() {
        return java.util.stream.Stream.of(apiService, shareService, dataService).filter(Objects::nonNull).toList();
    }

    /** Stops accepting requests, ends event streams, lets workers finish or hand back, closes the database. */
    @Override
    public void close() {
        if (cleanup != null) {
            cleanup.close();
        }
        eventRoutes.closeStreams();
        if (uri != null) {
            server.close();
        }
        workers.close();
        if (dataWorkers != null) {
            dataWorkers.close();
        }
        for (ServiceHeartbeat h : heartbeats()) {
            h.close();
        }
        coordinator.close();
        database.close();
        LOG.info("Lockstep at {} stopped", uri);
    }

    /** Configuration with working defaults: in-memory H2, ephemeral port on loopback. */
    public static final class Builder {
        private String nodeId = "node-1";
        private Set<NodeRole> roles = NodeRole.ALL;
        private String sharePool = "pool1";
        private io.lockstep.backend.tls.ServerTls tls;
        private boolean allowPlainHttp;
        private Supplier<Database> database = Database::h2Memory;
        private Path dataDir;
        private TokenStore tokens;
        private String host = "127.0.0.1";
        private int port;
        private DriverSettings driverSettings = DriverSettings.DEFAULTS;
        private SimulatedDriver sharedDriver;
        private java.util.function.Consumer<io.javalin.Javalin> extraRoutes = app -> { };
        private Duration reportInterval = Duration.ofSeconds(5);
        private Duration cleanupInterval = Duration.ofSeconds(5);
        private Duration cleanupGrace = Duration.ofSeconds(5);
        private Duration serviceDownTime = Duration.ofSeconds(30);
        private Duration longHold = Duration.ofSeconds(30);
        private Duration jobLease = Duration.ofSeconds(10);
        private int jobAttempts = 5;
        private int dataThreads = 2;
        private long progressIntervalMs = 250;
        private int workerThreads = 4;
        private Duration lease = Duration.ofSeconds(30);
        private int maxAttempts = 5;
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Coordinator coordinator;
        private StatusWriter statusWriter = new ConditionalStatusWriter();
        private EventBroadcaster.Limits streamLimits = EventBroadcaster.Limits.DEFAULTS;

        public Builder nodeId(String id) {
            this.nodeId = id;
            return this;
        }

        /** What this node runs (default: everything). Without {@link NodeRole#API} it serves no HTTP. */
        /** The pool the share service's new shares land in (the simulated backend has pool1..pool3). */
        public Builder sharePool(String pool) {
            this.sharePool = pool;
            return this;
        }

        public Builder roles(Set<NodeRole> roles) {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("a node runs at least one role");
            }
            this.roles = Set.copyOf(roles);
            return this;
        }

        /** {@code null} or {@code "file"}: H2 in the data folder; {@code "mem"}: in-memory H2; else a JDBC URL. */
        public Builder database(String spec, String user, String password) {
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
        public Builder sharedDatabase(String jdbcUrl) {
            this.database = () -> Database.openShared(jdbcUrl);
            return this;
        }

        /** Routes only this node serves (the lab's node controls), added before the server starts. */
        public Builder extraRoutes(java.util.function.Consumer<io.javalin.Javalin> routes) {
            this.extraRoutes = routes;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder tokens(TokenStore store) {
            this.tokens = store;
            return this;
        }

        public Builder bind(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** Serves HTTPS with this identity; without it a non-loopback address is refused unless plain HTTP is allowed. */
        public Builder tls(io.lockstep.backend.tls.ServerTls identity) {
            this.tls = identity;
            return this;
        }

        /** Allows plain HTTP on an address other than loopback (a lab network, a TLS-terminating proxy). */
        public Builder allowPlainHttp(boolean allow) {
            this.allowPlainHttp = allow;
            return this;
        }

        /**
         * One simulated storage backend for several nodes, as real storage is shared by a cluster's
         * share services: a share created through one node can be extended or deleted through another.
         */
        public Builder driver(SimulatedDriver shared) {
            this.sharedDriver = shared;
            return this;
        }

        public Builder driver(DriverSettings settings) {
            this.driverSettings = settings;
            return this;
        }

        public Builder workers(int threads, Duration lease, int maxAttempts) {
            this.workerThreads = threads;
            this.lease = lease;
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * How often services write their heartbeat, and how old a heartbeat may be before the service
         * counts as down (Manila's report_interval and service_down_time).
         */
        public Builder heartbeat(Duration reportInterval, Duration serviceDownTime) {
            if (serviceDownTime.compareTo(reportInterval.multipliedBy(2)) <= 0) {
                throw new IllegalArgumentException("service_down_time must exceed twice the report interval");
            }
            this.reportInterval = reportInterval;
            this.serviceDownTime = serviceDownTime;
            return this;
        }

        /** How often the cleanup leader sweeps, and how long a resource must sit before it counts as stuck. */
        public Builder cleanup(Duration interval, Duration grace) {
            this.cleanupInterval = interval;
            this.cleanupGrace = grace;
            return this;
        }

        /**
         * The data service's jobs: how long a claim lasts without renewal (a dead service's job is
         * resumed elsewhere after this), how many attempts a job gets, and how many run at once.
         */
        public Builder jobs(Duration lease, int maxAttempts, int threads) {
            this.jobLease = lease;
            this.jobAttempts = maxAttempts;
            this.dataThreads = threads;
            return this;
        }

        /** How often a running job writes its progress and checkpoint at most (default 250 ms; the bench varies it). */
        public Builder progressInterval(Duration interval) {
            this.progressIntervalMs = interval.toMillis();
            return this;
        }

        /** How long a lock may be held before the cleanup leader flags it (default 30 s). */
        public Builder longHold(Duration threshold) {
            this.longHold = threshold;
            return this;
        }

        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = timeout;
            return this;
        }

        /** Replaces the coordinator (the race bench's lock-free variant). */
        public Builder coordinator(Coordinator c) {
            this.coordinator = c;
            return this;
        }

        /** Replaces the test-and-set (only the race bench's naive variant does). */
        public Builder statusWriter(StatusWriter w) {
            this.statusWriter = w;
            return this;
        }

        /** Caps, reader buffer and keep-alive of the node's event streams. */
        public Builder streams(EventBroadcaster.Limits limits) {
            this.streamLimits = limits;
            return this;
        }

        public ServiceNode start() {
            try {
                return new ServiceNode(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
