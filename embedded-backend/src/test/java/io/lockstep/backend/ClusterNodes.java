package io.lockstep.backend;

import io.lockstep.backend.node.NodeBuilder;
import io.lockstep.api.auth.Role;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.curator.test.TestingServer;

/** Nodes of a small test cluster: one database, one storage backend, one real ZooKeeper. */
public final class ClusterNodes {

    private ClusterNodes() {
    }

    /**
     * An in-memory database URL that nodes share and that outlives any one of them, as long as the test
     * holds a connection of its own (a closing node must not take the database with it).
     */
    public static String sharedDatabase(String name) {
        return "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
    }

    /** A node on that cluster with an admin token for project p1; the caller sets workers and starts it. */
    public static NodeBuilder node(TestingServer zk, String id, String db, SimulatedDriver storage,
                                          String adminToken, Duration sessionTimeout) {
        return ServiceNode.builder().nodeId(id).database(db, null, null)
                .tokens(TokenStore.of(List.of(new TokenStore.Token(adminToken, Role.ADMIN, "p1"))))
                .driver(storage)
                .coordinator(ZooKeeperCoordinator.connect(zk.getConnectString(), id, sessionTimeout));
    }
}
