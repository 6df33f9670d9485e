package io.lockstep.backend.node;

import io.lockstep.backend.zone.AvailabilityZones;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.InProcessCoordinator;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.driver.LockFreeDriver;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.job.JobStore;
import io.lockstep.backend.service.ServiceHeartbeat;
import io.lockstep.backend.service.ServiceStore;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every role of a node shares: the database, the coordinator, the event log, the transition
 * primitive, the work queue and jobs table, the driver and the pause gate. Built first, closed last
 * (coordinator, then database). Thread-safe once built.
 */
final class NodeCore implements Component {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCore.class);

    final NodeBuilder settings;
    final Clock clock = Clock.systemUTC();
    final String nodeId;
    final Database database;
    final Coordinator coordinator;
    final TokenStore tokens;
    final SimulatedDriver driver;
    final Jdbi jdbi;
    final EventLog events;
    final TransitionStore transitions;
    final WorkQueue queue;
    final JobStore jobs;
    final ServiceStore services;
    final PauseGate pause;
    /** The driver as services call it: paused with the node, never called under a family lock. */
    final ShareDriver guardedDriver;

    NodeCore(NodeBuilder b, Database database) throws IOException {
        this.settings = b;
        this.nodeId = b.nodeId;
        this.database = database;
        this.coordinator = b.coordinator != null ? b.coordinator : new InProcessCoordinator(nodeId, clock);
        this.tokens = b.tokens != null ? b.tokens
                : b.dataDir != null ? TokenStore.generatedAdmin(b.dataDir) : TokenStore.randomAdmin();
        this.driver = b.sharedDriver != null ? b.sharedDriver : new SimulatedDriver(b.driverSettings);
        this.jdbi = database.jdbi();
        this.events = new EventLog(jdbi, clock);
        long behind = events.repairCounter();
        if (behind > 0) {
            LOG.warn("the event counter was {} behind the newest event (a crash?); moved up to it", behind);
        }
        this.transitions = new TransitionStore(jdbi, coordinator, events, b.statusWriter, clock, b.lockTimeout);
        this.queue = new WorkQueue(jdbi, database.dialect(), clock);
        this.jobs = new JobStore(jdbi, database.dialect(), events, clock);
        this.services = new ServiceStore(jdbi);
        this.pause = new PauseGate(clock);
        this.guardedDriver = new LockFreeDriver(new PausableDriver(driver, pause), coordinator);
    }

    /** A service's heartbeat, started; it skips beats while the node is paused. */
    ServiceHeartbeat heartbeat(String host, String binary) {
        ServiceHeartbeat h = new ServiceHeartbeat(services, coordinator, clock, host, binary, AvailabilityZones.NAME,
                settings.reportInterval);
        h.beatWhile(() -> !pause.paused());
        h.start();
        return h;
    }

    /** See {@link ServiceNode#pause}: the gate closes; past the session timeout the session goes too. */
    void pause(Duration d) {
        pause.pauseFor(d);
        if (coordinator instanceof ZooKeeperCoordinator zk) {
            try {
                Duration timeout = Duration.ofMillis(zk.client().getZookeeperClient().getZooKeeper()
                        .getSessionTimeout());
                if (d.compareTo(timeout) > 0) {
                    zk.expireSessionAfterTimeout();
                }
            } catch (Exception e) {
                LOG.warn("session of {} could not be expired: {}", coordinator.nodeId(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        coordinator.close();
        database.close();
    }
}
