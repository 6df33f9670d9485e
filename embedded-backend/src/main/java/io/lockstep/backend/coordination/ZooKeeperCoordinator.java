package io.lockstep.backend.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks over ZooKeeper through Curator's {@link InterProcessMutex}, one per lock name under
 * {@code /lockstep/locks}. Each lock node carries its holder (node, service, purpose) as JSON, so any
 * node can say who holds a lock and who waits, not only the holder itself. The fencing token is the
 * lock node's creation zxid: ZooKeeper orders all writes, so tokens grow across every lock and node.
 * A SUSPENDED connection is logged as "locks may be lost" and shown by {@link #connectionState()}.
 * Thread-safe; a lease must be released by the thread that took it (Curator's rule).
 */
public final class ZooKeeperCoordinator implements Coordinator {

    static final String LOCKS = "/lockstep/locks";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperCoordinator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final String nodeId;
    /** Mutexes of names someone holds or waits for right now; counted so the map stays small. */
    private final Map<String, HolderMutex> mutexes = new ConcurrentHashMap<>();
    private final LockMeters meters = new LockMeters();
    private final ThreadLocal<int[]> heldByThread = ThreadLocal.withInitial(() -> new int[1]);
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.CONNECTED);
    private final ZooKeeperElections elections;

    /** Uses a started client that the caller owns and closes. */
    public ZooKeeperCoordinator(CuratorFramework client, String nodeId) {
        this(client, nodeId, false);
    }

    private ZooKeeperCoordinator(CuratorFramework client, String nodeId, boolean ownsClient) {
        this.client = client;
        this.nodeId = nodeId;
        this.ownsClient = ownsClient;
        this.elections = new ZooKeeperElections(client);
        client.getConnectionStateListenable().addListener((c, s) -> {
            state.set(s);
            if (s == ConnectionState.SUSPENDED || s == ConnectionState.LOST) {
                LOG.warn("{}: ZooKeeper connection {}: locks and leadership may be lost", nodeId, s);
            }
        });
    }

    /** Connects its own client with an explicit session timeout and waits for the connection. */
    public static ZooKeeperCoordinator connect(String connectString, String nodeId, Duration sessionTimeout) {
        return connect(connectString, null, nodeId, sessionTimeout);
    }

    /**
     * As {@link #connect(String, String, Duration)}, with every znode under {@code namespace} (so one
     * ensemble can serve several clusters); null for the root.
     */
    public static ZooKeeperCoordinator connect(String connectString, String namespace, String nodeId,
                                               Duration sessionTimeout) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .namespace(namespace)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 5))
                .build();
        client.start();
        try {
            if (!client.blockUntilConnected(15, TimeUnit.SECONDS)) {
                client.close();
                throw new CoordinationException("ZooKeeper at " + connectString + " did not answer within 15 s", null);
            }
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while connecting to ZooKeeper", e);
        }
        return new ZooKeeperCoordinator(client, nodeId, true);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    public CuratorFramework client() {
        return client;
    }

    /**
     * What the server does to a client that stopped answering (a crashed process, a long GC pause):
     * after the negotiated session timeout the session expires, and its locks, leaderships and
     * memberships go. The client's own threads keep running here, so the expiry is injected at the
     * time the server would have decided it.
     *
     * @return when the session will be expired
     */
    public Duration expireSessionAfterTimeout() {
        Duration timeout;
        try {
            timeout = Duration.ofMillis(client.getZookeeperClient().getZooKeeper().getSessionTimeout());
        } catch (Exception e) {
            throw new CoordinationException("the session of " + nodeId + " is not available: " + e.getMessage(), e);
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            try {
                client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            } catch (Exception e) {
                LOG.warn("session of {} could not be expired: {}", nodeId, e.toString());
            }
        });
        return timeout;
    }

    /** The connection as Curator last reported it (CONNECTED, SUSPENDED, LOST, RECONNECTED...). */
    public ConnectionState connectionState() {
        return state.get();
    }

    @Override
    public LockLease acquire(String name, Holder holder, Duration timeout) {
        HolderMutex mutex = mutexes.compute(name, (n, m) -> {
            HolderMutex live = m == null ? new HolderMutex(client, LOCKS + "/" + encode(n)) : m;
            live.refs++;
            return live;
        });
        LockMeters.Family family = meters.family(name);
        long start = System.nanoTime();
        boolean granted;
        try {
            // A zero-wait try first, so that contention is counted only when there was some.
            granted = mutex.acquire(bytes(holder), Duration.ZERO);
            if (!granted) {
                family.contended.incrementAndGet();
                granted = mutex.acquire(bytes(holder), timeout);
            }
        } catch (Exception e) {
            unref(name);
            throw new CoordinationException("lock " + name + " could not be taken: " + e.getMessage(), e);
        }
        if (!granted) {
            unref(name);
            family.timeouts.incrementAndGet();
            throw new LockTimeoutException(name, timeout, holderOf(name));
        }
        family.acquired((System.nanoTime() - start) / 1000, holder);
        long token;
        try {
            Stat stat = client.checkExists().forPath(mutex.ownNode());
            token = stat == null ? 0 : stat.getCzxid();
        } catch (Exception e) {
            release(mutex);
            unref(name);
            throw new CoordinationException("lock " + name + " was granted but cannot be read: " + e.getMessage(), e);
        }
        heldByThread.get()[0]++;
        return new Lease(name, mutex, family, holder, token, System.nanoTime());
    }

    private void unref(String name) {
        mutexes.computeIfPresent(name, (n, m) -> --m.refs == 0 ? null : m);
    }

    private Holder holderOf(String name) {
        return heldLocks().stream().filter(l -> l.name().equals(name)).map(LockInfo::holder).findFirst().orElse(null);
    }

    @Override
    public List<LockInfo> heldLocks() {
        List<LockInfo> held = new ArrayList<>();
        try {
            if (client.checkExists().forPath(LOCKS) == null) {
                return held;
            }
            for (String lock : client.getChildren().forPath(LOCKS)) {
                String path = LOCKS + "/" + lock;
                List<String> nodes;
                try {
                    nodes = new ArrayList<>(client.getChildren().forPath(path));
                } catch (KeeperException.NoNodeException gone) {
                    continue;
                }
                nodes.sort(Comparator.comparing(ZooKeeperCoordinator::sequence));
                List<Holder> queue = new ArrayList<>();
                Stat holderStat = null;
                for (String node : nodes) {
                    Stat stat = new Stat();
                    try {
                        byte[] data = client.getData().storingStatIn(stat).forPath(path + "/" + node);
                        queue.add(holder(data));
                        if (holderStat == null) {
                            holderStat = stat;
                        }
                    } catch (KeeperException.NoNodeException released) {
                        // gone between the listing and the read
                    }
                }
                if (!queue.isEmpty()) {
                    held.add(new LockInfo(decode(lock), queue.get(0), Instant.ofEpochMilli(holderStat.getCtime()),
                            holderStat.getCzxid(), List.copyOf(queue.subList(1, queue.size()))));
                }
            }
        } catch (Exception e) {
            throw new CoordinationException("locks could not be listed: " + e.getMessage(), e);
        }
        held.sort(Comparator.comparing(LockInfo::since));
        return held;
    }

    /** Deletes the holder's lock node if it still carries {@code fencingToken}; the next waiter gets the lock. */
    @Override
    public boolean breakLock(String name, long fencingToken) {
        String path = LOCKS + "/" + encode(name);
        try {
            List<String> nodes = new ArrayList<>(client.getChildren().forPath(path));
            nodes.sort(Comparator.comparing(ZooKeeperCoordinator::sequence));
            for (String node : nodes) {
                Stat stat = client.checkExists().forPath(path + "/" + node);
                if (stat == null) {
                    continue; // released meanwhile: the next one is the holder
                }
                if (stat.getCzxid() != fencingToken) {
                    return false;
                }
                client.delete().withVersion(stat.getVersion()).forPath(path + "/" + node);
                return true;
            }
            return false;
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
            return false;
        } catch (Exception e) {
            throw new CoordinationException("lock " + name + " could not be broken: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LockStats> lockStats() {
        return meters.stats();
    }

    @Override
    public int locksHeldByCurrentThread() {
        return heldByThread.get()[0];
    }

    @Override
    public ElectionService electionService() {
        return elections;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close(); // the session ends, so ZooKeeper removes every lock node it still had
        }
    }

    private static void release(HolderMutex mutex) {
        try {
            mutex.release();
        } catch (Exception e) {
            // The session is gone: ZooKeeper has removed the node already.
            LOG.warn("lock release failed: {}", e.toString());
        }
    }

    /** Lock nodes end in a ten-digit sequence number; the lowest holds the lock. */
    private static String sequence(String node) {
        return node.length() >= 10 ? node.substring(node.length() - 10) : node;
    }

    private static byte[] bytes(Holder h) {
        try {
            return JSON.writeValueAsBytes(h);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Holder holder(byte[] data) {
        try {
            return data == null || data.length == 0 ? new Holder("?", "?", "?") : JSON.readValue(data, Holder.class);
        } catch (IOException e) {
            return new Holder("?", "?", new String(data, StandardCharsets.UTF_8));
        }
    }

    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static String decode(String node) {
        return URLDecoder.decode(node, StandardCharsets.UTF_8);
    }

    /** An InterProcessMutex whose lock node carries the holder of the acquiring thread. */
    private static final class HolderMutex extends InterProcessMutex {
        private final ThreadLocal<byte[]> nodeData = new ThreadLocal<>();
        int refs; // guarded by the map's compute on this name

        HolderMutex(CuratorFramework client, String path) {
            super(client, path);
        }

        boolean acquire(byte[] holder, Duration timeout) throws Exception {
            nodeData.set(holder);
            try {
                return acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                nodeData.remove();
            }
        }

        @Override
        protected byte[] getLockNodeBytes() {
            return nodeData.get();
        }

        String ownNode() {
            return getLockPath();
        }
    }

    private final class Lease implements LockLease {
        private final String name;
        private final HolderMutex mutex;
        private final LockMeters.Family family;
        private final Holder holder;
        private final long token;
        private final long acquiredNanos;
        private boolean released;

        Lease(String name, HolderMutex mutex, LockMeters.Family family, Holder holder, long token, long acquiredNanos) {
            this.name = name;
            this.mutex = mutex;
            this.family = family;
            this.holder = holder;
            this.token = token;
            this.acquiredNanos = acquiredNanos;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            family.holds.record((System.nanoTime() - acquiredNanos) / 1000, holder.toString());
            heldByThread.get()[0]--;
            release(mutex);
            unref(name);
        }
    }
}
