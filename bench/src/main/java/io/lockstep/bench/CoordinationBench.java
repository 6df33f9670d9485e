package io.lockstep.bench;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Election;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.InProcessCoordinator;
import io.lockstep.backend.coordination.LockLease;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.LockstepClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;

/**
 * Coordination costs, side by side on one embedded ZooKeeper server: lock acquire+release for the
 * in-process coordinator, Lockstep's ZooKeeper coordinator and a bare Curator InterProcessMutex;
 * leader failover after a kill (session closed without cleanup) and after a graceful stop; and how
 * long a killed node's work item takes to be finished by another node. Usage:
 * {@code CoordinationBench [lockIterations=2000] [failovers=10]}.
 */
public final class CoordinationBench {

    private static final Holder HOLDER = new Holder("bench", "bench", "measure");

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int failovers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (TestingServer zk = new TestingServer(true)) {
            System.out.printf("%-40s %10s %10s %10s%n", "lock acquire+release", "p50", "p99", "max");
            try (InProcessCoordinator local = new InProcessCoordinator("bench", Clock.systemUTC())) {
                print("in-process coordinator", locks(local, iterations));
            }
            try (ZooKeeperCoordinator c = ZooKeeperCoordinator.connect(zk.getConnectString(), "bench",
                    Duration.ofSeconds(10))) {
                print("Lockstep ZooKeeper coordinator", locks(c, iterations));
            }
            print("bare Curator InterProcessMutex", bareCurator(zk.getConnectString(), iterations));

            System.out.printf("%n%-40s %10s %10s %10s%n", "leader failover", "p50", "p99", "max");
            print("after a kill (session closed)", failover(zk, failovers, Ending.KILL));
            print("after a graceful stop (step down)", failover(zk, failovers, Ending.STOP));
            long[] crash = failover(zk, Math.min(failovers, 5), Ending.CRASH);
            print("after a crash (session expires, " + negotiated.toMillis() / 1000.0 + " s)", crash);

            System.out.printf("%n%-40s %10s %10s %10s%n", "killed node's work finished elsewhere", "p50", "p99", "max");
            print("lease 1 s, driver 300-400 ms", takeovers(zk, Math.max(3, failovers / 2)));
        }
    }

    private static long[] locks(Coordinator c, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n + 200; i++) {
            long s = System.nanoTime();
            try (LockLease ignored = c.acquire("share/bench-" + (i % 50), HOLDER, Duration.ofSeconds(10))) {
                // measured: the grant and the release only
            }
            if (i >= 200) { // the first 200 warm up
                t[i - 200] = System.nanoTime() - s;
            }
        }
        return t;
    }

    private static long[] bareCurator(String connect, int n) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, 10_000, 5_000,
                new ExponentialBackoffRetry(100, 5))) {
            client.start();
            client.blockUntilConnected(15, TimeUnit.SECONDS);
            long[] t = new long[n];
            for (int i = 0; i < n + 200; i++) {
                InterProcessMutex m = new InterProcessMutex(client, "/bare/share-bench-" + (i % 50));
                long s = System.nanoTime();
                m.acquire(10, TimeUnit.SECONDS);
                m.release();
                if (i >= 200) {
                    t[i - 200] = System.nanoTime() - s;
                }
            }
            return t;
        }
    }

    /** From the leader's end to the follower knowing it leads. */
    private static long[] failover(TestingServer zk, int n, Ending ending) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            String name = "bench-" + ending + "-" + i;
            ZooKeeperCoordinator a = ZooKeeperCoordinator.connect(zk.getConnectString(), "a",
                    ending == Ending.CRASH ? CRASH_SESSION : Duration.ofSeconds(10));
            try (ZooKeeperCoordinator b = ZooKeeperCoordinator.connect(zk.getConnectString(), "b", Duration.ofSeconds(10))) {
                Election ea = a.join(name, HOLDER);
                while (!ea.isLeader()) {
                    Thread.onSpinWait();
                }
                Election eb = b.join(name, HOLDER);
                while (b.elections().stream().noneMatch(e -> e.name().equals(name) && e.participants().size() == 2)) {
                    Thread.onSpinWait();
                }
                long s = System.nanoTime();
                switch (ending) {
                    case KILL -> a.close(); // the session ends without the latch being closed first
                    case STOP -> ea.close();
                    case CRASH -> negotiated = a.expireSessionAfterTimeout(); // silent until the server expires it
                    default -> throw new IllegalStateException();
                }
                while (!eb.isLeader()) {
                    Thread.onSpinWait();
                }
                t[i] = System.nanoTime() - s;
                eb.close();
            } finally {
                a.close();
            }
        }
        return t;
    }

    /** How the leader goes: session closed, latch closed, or silence until the session expires. */
    private enum Ending { KILL, STOP, CRASH }

    private static final Duration CRASH_SESSION = Duration.ofSeconds(4);
    private static Duration negotiated = CRASH_SESSION;

    /** From a node's kill (mid-work) to its item being finished by the other node. */
    private static long[] takeovers(TestingServer zk, int n) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            String db = "jdbc:h2:mem:bench-kill-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
            SimulatedDriver storage = new SimulatedDriver(new DriverSettings(300L, 400L, 0.0, 100_000L, 1L));
            try (Connection keeper = DriverManager.getConnection(db);
                 ServiceNode a = node(zk, "a", db, storage, 1);
                 LockstepClient viaA = LockstepClient.connect(a.uri(), "bench-token-0123")) {
                String id = viaA.call(viaA.manila().createShare(CreateShare.of("k", 1, "NFS"))).share().id();
                while (storage.calls("create_share", id) == 0) {
                    Thread.onSpinWait();
                }
                try (ServiceNode b = node(zk, "b", db, storage, 1);
                     LockstepClient viaB = LockstepClient.connect(b.uri(), "bench-token-0123")) {
                    long s = System.nanoTime();
                    a.kill();
                    while (!viaB.call(viaB.manila().share(id)).share().status().equals("available")) {
                        Thread.sleep(5); // polling the API at 200 Hz: the figure is seconds
                    }
                    t[i] = System.nanoTime() - s;
                }
            }
        }
        return t;
    }

    private static ServiceNode node(TestingServer zk, String id, String db, SimulatedDriver storage, int leaseSeconds) {
        return ServiceNode.builder().nodeId(id).database(db, null, null)
                .tokens(TokenStore.of(List.of(new TokenStore.Token("bench-token-0123", Role.ADMIN, "p1"))))
                .driver(storage)
                .coordinator(ZooKeeperCoordinator.connect(zk.getConnectString(), id, Duration.ofSeconds(2)))
                .workers(2, Duration.ofSeconds(leaseSeconds), 5)
                .start();
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-40s %8.2fms %8.2fms %8.2fms%n", what, s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }
}
