package io.lockstep.backend.node;

import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.http.ApiServer;
import io.lockstep.backend.leader.CleanupDuties;
import io.lockstep.backend.leader.CleanupLeader;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service node: its core (database, coordinator, event log), then the roles it runs (share service,
 * data service, cleanup leader, API), started in that order and closed or killed in reverse. The CLI,
 * the lab, tests and the bench all start the service through this. Its lifecycle is LATENT, STARTED,
 * then CLOSED or KILLED; close and kill are idempotent. Thread-safe.
 */
public final class ServiceNode implements AutoCloseable {

    /** Where a node is in its life. */
    public enum State { LATENT, STARTED, CLOSED, KILLED }

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNode.class);
    /** The election whose leader runs the cleanup duties. */
    public static final String CLEANUP_ELECTION = CleanupLeader.ELECTION;
    private static final String VERSION = io.lockstep.api.version.BuildVersion.read(ServiceNode.class,
            "/io/lockstep/backend/version.properties");

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final NodeAssembly parts;
    private final NodeCore core;
    private final Set<NodeRole> roles;

    private ServiceNode(NodeAssembly parts) {
        this.parts = parts;
        this.core = parts.core;
        this.roles = Set.copyOf(core.settings.roles);
    }

    /** Starts a node as {@code b} says; on failure whatever had started is closed again. */
    static ServiceNode start(NodeBuilder b) {
        ServiceNode node = new ServiceNode(NodeAssembly.start(b));
        node.state.set(State.STARTED);
        LOG.info("Lockstep {} node {} running {}{} (database {})", version(), b.nodeId, node.roles,
                node.uri() == null ? "" : ", Manila API at " + node.uri() + "/v2/", node.core.database.url());
        return node;
    }

    public State state() {
        return state.get();
    }

    /**
     * Simulates a stop-the-world pause (a long GC pause): for {@code d} the node renews no lease, writes
     * no heartbeat and its driver calls do not return. With ZooKeeper, a pause longer than the session
     * timeout costs the session when the server would notice (after the timeout), not at once: until
     * then the node still holds its locks and leaderships while doing nothing, as a paused process
     * would. Work it had begun is taken over by others; what it writes afterwards is fenced off.
     */
    public void pause(Duration d) {
        core.pause(d);
    }

    /** Runs one cleanup sweep now if this node leads the cleanup election (tests, the lab). */
    public Optional<CleanupDuties.Sweep> sweepIfLeader() {
        return parts.cleanup == null ? Optional.empty() : parts.cleanup.sweepIfLeader();
    }

    /** Runs one replication poll now if this node leads the replication election (tests, the lab). */
    public Optional<io.lockstep.backend.replica.ReplicationPoll.Round> pollReplicationIfLeader() {
        return parts.replication == null ? Optional.empty() : parts.replication.pollIfLeader();
    }

    /** How many work items and jobs this node's share and data services are working on now. */
    public int workersBusy() {
        return (parts.share == null ? 0 : parts.share.busy()) + (parts.data == null ? 0 : parts.data.busy());
    }

    public Set<NodeRole> roles() {
        return roles;
    }

    /** Whether a simulated pause is in effect now. */
    public boolean pausedNow() {
        return core.pause.paused();
    }

    public static NodeBuilder builder() {
        return new NodeBuilder();
    }

    /** The service's version, from the POM (filtered into {@code version.properties}); "dev" if absent. */
    public static String version() {
        return VERSION;
    }

    /** The API's address, or null for a node without the API role. */
    public URI uri() {
        return parts.api == null ? null : parts.api.uri();
    }

    public TokenStore tokens() {
        return core.tokens;
    }

    public String adminToken() {
        return core.tokens.firstAdmin().orElseThrow().secret();
    }

    public SimulatedDriver driver() {
        return core.driver;
    }

    public Database database() {
        return core.database;
    }

    public Coordinator coordinator() {
        return core.coordinator;
    }

    public TransitionStore transitions() {
        return core.transitions;
    }

    public WorkQueue workQueue() {
        return core.queue;
    }

    public EventLog events() {
        return core.events;
    }

    /** Every HTTP route this node serves, as declared. */
    public List<ApiServer.Route> routes() {
        return parts.api == null ? List.of() : parts.api.routes();
    }

    /** How many event streams this node serves now. */
    public int eventStreams() {
        return parts.api == null ? 0 : parts.api.streams();
    }

    /**
     * Stops the node as a crash would (the lab's "kill"): threads stopped, nothing handed back, the
     * coordination session closed without leaving anything tidy. Other nodes take its work over once
     * the leases run out, and see its services go down once the heartbeats age.
     */
    public void kill() {
        if (end(State.KILLED)) {
            parts.started.forEach(Component::kill);
            LOG.info("Lockstep at {} killed", uri());
        }
    }

    /** Stops accepting requests, ends event streams, lets workers finish or hand back, closes the database. */
    @Override
    public void close() {
        if (end(State.CLOSED)) {
            parts.started.forEach(Component::close);
            LOG.info("Lockstep at {} stopped", uri());
        }
    }

    /** Moves to {@code end} once; false if the node had ended already. The parts run newest first. */
    private boolean end(State end) {
        State was = state.getAndUpdate(s -> s == State.CLOSED || s == State.KILLED ? s : end);
        return was != State.CLOSED && was != State.KILLED;
    }
}
