package io.lockstep.backend.lab;

import io.lockstep.backend.node.NodeBuilder;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.api.lab.LabResetReport;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.NodeRole;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.scenario.ScenarioRoutes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real cluster in one process: an embedded ZooKeeper server and service nodes laid out as a
 * deployment would be (one API node, share nodes, data nodes), each with its own Curator client,
 * sharing one database and one simulated storage backend. The API node {@code api-1} serves the lab's
 * API on the lab's port (so the console keeps its connection); the others can be stopped, killed,
 * paused, have their sessions expired and be restarted. Thread-safe (operations are serialised).
 */
public final class LabCluster implements AutoCloseable {

    /** What the lab runs; {@code dataDir} null means an in-memory database. */
    public record Config(int shareNodes, int dataNodes, String host, int port, Path dataDir, TokenStore tokens,
                         Duration sessionTimeout, Duration lease, Duration reportInterval, Duration serviceDownTime,
                         DriverSettings driver) {

        public Config {
            if (shareNodes < 0 || dataNodes < 0 || shareNodes + dataNodes > 8) {
                throw new IllegalArgumentException("a lab has 0 to 8 share and data nodes besides its API node");
            }
        }

        /** One API node, two share nodes, two data nodes; 10 s sessions and service_down_time. */
        public static Config defaults(int port, Path dataDir, TokenStore tokens) {
            return new Config(2, 2, "127.0.0.1", port, dataDir, tokens, ZooKeeperCoordinator.DEFAULT_SESSION_TIMEOUT,
                    Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(10), DriverSettings.DEFAULTS);
        }

        public Config withNodes(int share, int data) {
            return new Config(share, data, host, port, dataDir, tokens, sessionTimeout, lease, reportInterval,
                    serviceDownTime, driver);
        }
    }

    private enum NodeState { STARTING, RUNNING, STOPPED, KILLED }

    private static final String API_NODE = "api-1";
    private static final System.Logger LOG = System.getLogger(LabCluster.class.getName());

    private static final class Slot {
        final String id;
        final Set<NodeRole> roles;
        int port;
        ServiceNode node;
        NodeState state = NodeState.STOPPED;
        RuntimeException failure;

        Slot(String id, Set<NodeRole> roles, int port) {
            this.id = id;
            this.roles = roles;
            this.port = port;
        }

        boolean servesLab() {
            return roles.contains(NodeRole.API);
        }
    }

    private final Config config;
    private final EmbeddedZooKeeper zk;
    private final String dbUrl;
    private final Database keeper;
    private final SimulatedDriver storage;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    /** Holds stray locks for demonstrations: a process that is no service of the cluster. */
    private ZooKeeperCoordinator stray;
    private final CountDownLatch closing = new CountDownLatch(1);
    private java.util.concurrent.CompletableFuture<Void> others;
    private int strays;
    /** Scenarios played on this lab for the console's guided panel, against the API node. */
    private final ScenarioRoutes scenarios = new ScenarioRoutes(this::uri, ScenarioPlayer::naive);

    private LabCluster(Config config) {
        this.config = config;
        // ZooKeeper starts while the database opens: neither needs the other, and each is about a third
        // of the lab's start.
        var zkStart = new java.util.concurrent.FutureTask<>(EmbeddedZooKeeper::new);
        Thread zkStarter = new Thread(zkStart, "lab-zookeeper-start");
        zkStarter.setDaemon(true);
        zkStarter.start();
        this.dbUrl = config.dataDir() != null ? Database.h2FileUrl(config.dataDir())
                : "jdbc:h2:mem:lab-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        try {
            // The lab's own connection migrates the schema and keeps the database open while nodes come and go.
            this.keeper = config.dataDir() != null ? Database.h2File(config.dataDir()) : Database.open(dbUrl, null, null);
        } catch (RuntimeException e) {
            started(zkStart).close();
            throw e;
        }
        try {
            this.zk = started(zkStart);
        } catch (RuntimeException e) {
            keeper.close();
            throw e;
        }
        this.storage = new SimulatedDriver(config.driver());
        // Slow enough to watch and to kill a data node mid-copy: a 20 GiB share copies in about 40 s.
        storage.content().configure(1 << 20, 512L << 10);
        slots.put(API_NODE, new Slot(API_NODE, Set.of(NodeRole.API), config.port()));
        for (int i = 1; i <= config.shareNodes(); i++) {
            slots.put("share-" + i, new Slot("share-" + i, Set.of(NodeRole.SHARE), 0));
        }
        for (int i = 1; i <= config.dataNodes(); i++) {
            slots.put("data-" + i, new Slot("data-" + i, Set.of(NodeRole.DATA), 0));
        }
    }

    /** Starts the lab and all its nodes; returns once every node runs. */
    public static LabCluster start(Config config) {
        LabCluster lab = startServing(config);
        try {
            lab.startOthers().join(); // a failure is kept on its slot, thrown below
            lab.throwIfAnyFailedToStart();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /**
     * Starts the lab with its API node serving; the other nodes are shown starting and start on
     * {@link #startOthers()}. The console opens its window on the API node alone: starting the other
     * four is a quarter of a second of a cold start that nothing on the first screen waits for.
     */
    public static LabCluster startServing(Config config) {
        LabCluster lab = new LabCluster(config);
        try {
            lab.startNode(lab.slots.get(API_NODE));
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        synchronized (lab) {
            lab.slots.values().stream().filter(s -> !s.servesLab()).forEach(s -> s.state = NodeState.STARTING);
        }
        return lab;
    }

    /** Starts every node but the API node, once; completes when each has started or failed (kept on its slot). */
    public synchronized java.util.concurrent.CompletableFuture<Void> startOthers() {
        if (others == null) {
            others = closing.getCount() == 0 ? java.util.concurrent.CompletableFuture.completedFuture(null)
                    : startRest();
        }
        return others;
    }

    private static EmbeddedZooKeeper started(java.util.concurrent.FutureTask<EmbeddedZooKeeper> start) {
        try {
            return start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the lab's ZooKeeper starts", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Starts every node but the API node, each on its own thread: once the API node has loaded the
     * classes they share, the rest mostly wait on ZooKeeper and H2 (five in a row took 3.1 s on two
     * cores, side by side 2.3 s).
     */
    private synchronized java.util.concurrent.CompletableFuture<Void> startRest() {
        List<java.util.concurrent.CompletableFuture<Void>> starts = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.servesLab()) {
                continue;
            }
            s.state = NodeState.STARTING; // GET /lab/nodes may ask while they start
            var done = new java.util.concurrent.CompletableFuture<Void>();
            Thread t = new Thread(() -> {
                try {
                    startNode(s);
                    done.complete(null);
                } catch (RuntimeException e) {
                    synchronized (this) {
                        s.state = NodeState.STOPPED;
                        s.failure = e;
                    }
                    LOG.log(System.Logger.Level.WARNING, "lab node " + s.id + " did not start: " + e.getMessage(), e);
                    done.complete(null);
                }
            }, "lab-start-" + s.id);
            t.setDaemon(true);
            t.start();
            starts.add(done);
        }
        return java.util.concurrent.CompletableFuture.allOf(starts.toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    private synchronized void throwIfAnyFailedToStart() {
        for (Slot s : slots.values()) {
            if (s.failure != null) {
                throw s.failure;
            }
        }
    }

    private void startNode(Slot s) {
        NodeBuilder b = ServiceNode.builder().nodeId(s.id).roles(s.roles)
                .sharedMigratedDatabase(dbUrl)
                .tokens(config.tokens())
                .driver(storage)
                .coordinator(ZooKeeperCoordinator.connect(zk.connectString(), s.id, config.sessionTimeout()))
                .workers(4, config.lease(), 5)
                .jobs(config.lease(), 5, 2)
                .heartbeat(config.reportInterval(), config.serviceDownTime())
                .bind(config.host(), s.port);
        if (s.servesLab()) {
            b.extraRoutes(app -> {
                new LabRoutes(this).register(app);
                scenarios.register(app);
            });
        }
        ServiceNode node = b.start();
        synchronized (this) {
            if (closing.getCount() == 0) {
                node.close(); // the lab closed while this node started
                s.state = NodeState.STOPPED;
                return;
            }
            s.node = node;
            if (node.uri() != null) {
                s.port = node.uri().getPort(); // a restart comes back on the same address
            }
            s.state = NodeState.RUNNING;
        }
    }

    private Slot slot(String id) {
        Slot s = slots.get(id);
        if (s == null) {
            throw new LabNodeException(404, "No lab node '" + id + "'; nodes: " + slots.keySet() + ".");
        }
        return s;
    }

    private Slot running(String id, String action) {
        Slot s = slot(id);
        if (s.servesLab()) {
            throw new LabNodeException(409, id + " serves the lab's API (and this console's connection); "
                    + action + " another node.");
        }
        if (s.state != NodeState.RUNNING) {
            throw new LabNodeException(409, id + " is " + s.state.name().toLowerCase() + "; only a running node can be "
                    + action.replace("stop", "stopp") + "ed.");
        }
        return s;
    }

    /** Graceful stop: running work finishes or is handed back, the session is closed cleanly. */
    public synchronized void stop(String id) {
        Slot s = running(id, "stop");
        s.node.close();
        s.state = NodeState.STOPPED;
    }

    /** As a crash: threads stopped, nothing handed back, session closed without cleanup. */
    public synchronized void kill(String id) {
        Slot s = running(id, "kill");
        s.node.kill();
        s.state = NodeState.KILLED;
    }

    /**
     * Kills the share service that is inside a share server's setup phase (as a crash), so that another
     * resumes the phase once the lease runs out.
     *
     * @return the node killed and the server it was setting up
     * @throws LabNodeException 409 when no share server is being set up right now
     */
    public synchronized Map<String, String> killSetup() {
        var phase = keeper.jdbi().withHandle(h -> h.createQuery("SELECT owner, resource_id FROM work_items WHERE "
                        + "state = 'pending' AND resource_type = :kind AND owner IS NOT NULL ORDER BY updated_at")
                .bind("kind", io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER.resource()).mapToMap()
                .findFirst());
        if (phase.isEmpty()) {
            throw new LabNodeException(409, "No share server is being set up right now: create a share on a share "
                    + "network (with the network plugin slow enough to catch a phase).");
        }
        String owner = (String) phase.get().get("owner");
        // a share service names its workers share@<node>/<instance> (ShareRole)
        String node = owner.substring(owner.indexOf('@') + 1, owner.contains("/") ? owner.indexOf('/') : owner.length());
        kill(node);
        record(node, "kill", "lab", " in the middle of share server " + phase.get().get("resource_id") + "'s setup");
        return Map.of("killed", node, "share_server", (String) phase.get().get("resource_id"));
    }

    /** A stop-the-world pause longer than the session timeout (leases run out, the session expires). */
    public synchronized void pause(String id, Duration d) {
        running(id, "pause").node.pause(d);
    }

    /** Expires the node's ZooKeeper session now (its locks, leaderships and memberships go). */
    public synchronized void expireSession(String id) {
        Slot s = running(id, "expire the session of");
        try {
            ((ZooKeeperCoordinator) s.node.coordinator()).client().getZookeeperClient().getZooKeeper().getTestable()
                    .injectSessionExpiration();
        } catch (Exception e) {
            throw new LabNodeException(409, "the session of " + id + " could not be expired: " + e.getMessage());
        }
    }

    /**
     * Stops the API node and starts it again on the same port (the console's "restart the embedded
     * service"): clients see their connection drop and come back; the rest of the cluster runs on.
     */
    public synchronized void restartApiNode() {
        Slot s = slots.get(API_NODE);
        if (s.state == NodeState.RUNNING) {
            s.node.close();
            s.state = NodeState.STOPPED;
        }
        startNode(s);
    }

    public synchronized void restart(String id) {
        Slot s = slot(id);
        if (s.state == NodeState.RUNNING || s.state == NodeState.STARTING) {
            throw new LabNodeException(409, id + " is " + s.state.name().toLowerCase() + "; stop or kill it first.");
        }
        startNode(s);
    }

    /**
     * Takes a lock as a process outside the cluster's services would (a hung script) and keeps it for
     * {@code d}: the Locks page shows it growing old and flagged, its holder gone, and breakable.
     *
     * @return the lock's name
     */
    public synchronized String holdStrayLock(Duration d) {
        if (stray == null) {
            stray = ZooKeeperCoordinator.connect(zk.connectString(), "lab-script", config.sessionTimeout());
        }
        String name = "share:stray-" + (++strays);
        ZooKeeperCoordinator holder = stray;
        CountDownLatch taken = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (var lease = holder.acquire(name, new Holder("lab-script", "script", "stray lock held by the lab"),
                    Duration.ofSeconds(5))) {
                taken.countDown();
                closing.await(d.toMillis(), TimeUnit.MILLISECONDS); // the stray holder doing nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                taken.countDown();
            }
        }, "lab-stray-lock-" + strays);
        t.setDaemon(true);
        t.start();
        try {
            taken.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return name;
    }

    /**
     * Loses the pending work for one resource, as a service that died between writing the status and
     * recording or sending its work would (Manila's lost RPC cast): the resource stays in its
     * transitional state with nothing working on it, until the cleanup leader's stuck sweep moves it
     * to error. A worker still holding the item finds it gone at its finish and writes nothing.
     *
     * @return how many work items were lost
     * @throws LabNodeException 409 when the resource has no pending work
     */
    public synchronized int loseWork(String resourceType, String resourceId) {
        int lost = keeper.jdbi().withHandle(h -> h.createUpdate("DELETE FROM work_items WHERE state = 'pending' "
                + "AND resource_type = :type AND resource_id = :id").bind("type", resourceType).bind("id", resourceId)
                .execute());
        if (lost == 0) {
            throw new LabNodeException(409, "The " + resourceType + " " + resourceId + " has no pending work to lose: "
                    + "start an operation on it first (with the driver slow enough to catch it).");
        }
        return lost;
    }

    /** Runs every stopped or killed node again (a lab reset), each with its {@code node} event. */
    public List<String> restartDownNodes(String actor) {
        List<String> restarted = new ArrayList<>();
        for (String id : List.copyOf(slots.keySet())) {
            synchronized (this) {
                Slot s = slots.get(id);
                if (s.state == NodeState.STOPPED || s.state == NodeState.KILLED) {
                    startNode(s);
                    record(id, "restart", actor, " by the lab's reset");
                    restarted.add(id);
                }
            }
        }
        return restarted;
    }

    /** Lets go of every stray lock the lab holds for demonstrations (its holder's session ends). */
    public synchronized void releaseStrayLocks() {
        if (stray != null) {
            stray.close();
            stray = null;
        }
    }

    /** The lab's own connection to its database. */
    org.jdbi.v3.core.Jdbi jdbi() {
        return keeper.jdbi();
    }

    /** The simulated storage's settings this lab started with. */
    public DriverSettings defaultDriver() {
        return config.driver();
    }

    /** The {@code node} event of a reset, on the lab as a whole. */
    synchronized void recordReset(String actor, int ended, List<String> restarted, int remaining) {
        slots.get(API_NODE).node.events().appendAlone(new NewEvent(EventKind.NODE, "node",
                LabResetReport.EVENT_RESOURCE, null, LabResetReport.EVENT_OPERATION, null,
                remaining == 0 ? LabResetReport.EVENT_CLEAN : LabResetReport.EVENT_INCOMPLETE, actor, "lab reset: " + ended + " resource(s) ended, "
                + (restarted.isEmpty() ? "no node" : String.join(", ", restarted)) + " restarted, settings back to the "
                + "lab's" + (remaining == 0 ? "" : "; " + remaining + " resource(s) could not be ended")));
    }

    /** A {@code node} event for an operator's action on a node, written through the API node. */
    synchronized void record(String id, String action, String actor, String detail) {
        String past = switch (action) {
            case "stop" -> "stopped";
            case "pause" -> "paused";
            case "expire-session" -> "had its session expired";
            default -> action + "ed";
        };
        slots.get(API_NODE).node.events().appendAlone(new NewEvent(EventKind.NODE, "node", id, null, action, null,
                action.equals("pause") ? "paused" : slot(id).state.name().toLowerCase(), actor, id + " " + past + detail));
    }

    public synchronized LabNodes nodes() {
        List<LabNode> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            String state = s.state == NodeState.RUNNING && s.node.pausedNow() ? "paused"
                    : s.state.name().toLowerCase();
            URI u = s.node == null ? null : s.node.uri();
            out.add(new LabNode(s.id, state, u == null ? null : u.toString(), s.servesLab(),
                    s.state == NodeState.RUNNING ? s.node.workersBusy() : 0,
                    s.roles.stream().sorted().map(NodeRole::wireName).toList()));
        }
        return new LabNodes(zk.connectString(), out);
    }

    /** The lab's API: the API node's. */
    public synchronized URI uri() {
        return slots.values().iterator().next().node.uri();
    }

    public synchronized ServiceNode node(String id) {
        return slot(id).node;
    }

    public SimulatedDriver storage() {
        return storage;
    }

    @Override
    public synchronized void close() {
        closing.countDown();
        scenarios.close();
        if (stray != null) {
            stray.close();
        }
        for (Slot s : slots.values()) {
            if (s.state == NodeState.RUNNING) {
                s.node.close();
                s.state = NodeState.STOPPED;
            }
        }
        keeper.close();
        zk.close();
    }
}
