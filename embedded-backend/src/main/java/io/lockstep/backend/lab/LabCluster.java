package io.lockstep.backend.lab;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real cluster in one process: an embedded ZooKeeper server and N service nodes, each with its own
 * Curator client, sharing one database and one simulated storage backend. Node 1 serves the lab's
 * API on the lab's port (so the console keeps its connection); the others can be stopped, killed,
 * paused, have their sessions expired and be restarted. Thread-safe (operations are serialised).
 */
public final class LabCluster implements AutoCloseable {

    /** What the lab runs; {@code dataDir} null means an in-memory database. */
    public record Config(int nodes, String host, int port, Path dataDir, TokenStore tokens, Duration sessionTimeout,
                         Duration lease, Duration reportInterval, Duration serviceDownTime, DriverSettings driver) {

        public static Config defaults(int port, Path dataDir, TokenStore tokens) {
            return new Config(3, "127.0.0.1", port, dataDir, tokens, ZooKeeperCoordinator.DEFAULT_SESSION_TIMEOUT,
                    Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(10), DriverSettings.DEFAULTS);
        }
    }

    private enum NodeState { RUNNING, STOPPED, KILLED }

    private static final class Slot {
        final String id;
        final boolean servesLab;
        int port;
        ServiceNode node;
        NodeState state = NodeState.STOPPED;

        Slot(String id, boolean servesLab, int port) {
            this.id = id;
            this.servesLab = servesLab;
            this.port = port;
        }
    }

    private final Config config;
    private final EmbeddedZooKeeper zk;
    private final String dbUrl;
    private final Database keeper;
    private final SimulatedDriver storage;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private LabCluster(Config config) {
        if (config.nodes() < 1 || config.nodes() > 9) {
            throw new IllegalArgumentException("a lab has from 1 to 9 nodes");
        }
        this.config = config;
        this.zk = new EmbeddedZooKeeper();
        this.dbUrl = config.dataDir() != null ? Database.h2FileUrl(config.dataDir())
                : "jdbc:h2:mem:lab-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        // The lab's own connection migrates the schema and keeps the database open while nodes come and go.
        this.keeper = Database.open(dbUrl, null, null);
        this.storage = new SimulatedDriver(config.driver());
        for (int i = 1; i <= config.nodes(); i++) {
            slots.put("node-" + i, new Slot("node-" + i, i == 1, i == 1 ? config.port() : 0));
        }
    }

    public static LabCluster start(Config config) {
        LabCluster lab = new LabCluster(config);
        try {
            for (Slot s : lab.slots.values()) {
                lab.startNode(s);
            }
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void startNode(Slot s) {
        ServiceNode.Builder b = ServiceNode.builder().nodeId(s.id)
                .sharedDatabase(dbUrl)
                .tokens(config.tokens())
                .driver(storage)
                .coordinator(ZooKeeperCoordinator.connect(zk.connectString(), s.id, config.sessionTimeout()))
                .workers(4, config.lease(), 5)
                .heartbeat(config.reportInterval(), config.serviceDownTime())
                .bind(config.host(), s.port);
        if (s.servesLab) {
            b.extraRoutes(app -> new LabRoutes(this).register(app));
        }
        s.node = b.start();
        s.port = s.node.uri().getPort(); // a restart comes back on the same address
        s.state = NodeState.RUNNING;
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
        if (s.servesLab) {
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

    public synchronized void restart(String id) {
        Slot s = slot(id);
        if (s.state == NodeState.RUNNING) {
            throw new LabNodeException(409, id + " is running; stop or kill it first.");
        }
        startNode(s);
    }

    public synchronized LabNodes nodes() {
        List<LabNode> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            String state = s.state == NodeState.RUNNING && s.node.pausedNow() ? "paused"
                    : s.state.name().toLowerCase();
            out.add(new LabNode(s.id, state, s.node == null ? null : s.node.uri().toString(), s.servesLab,
                    s.state == NodeState.RUNNING ? s.node.workersBusy() : 0));
        }
        return new LabNodes(zk.connectString(), out);
    }

    /** The lab's API: node 1. */
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
