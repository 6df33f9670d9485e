package io.lockstep.backend.driver;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.DriverStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Storage that exists only in memory, with latency, failures and capacity set at runtime, so demos and
 * tests run without real storage. It also counts its calls per operation and per resource, which the
 * race tests use to prove that a double delete reached the driver once. Thread-safe.
 */
public final class SimulatedDriver implements ShareDriver {

    private record Allocation(int sizeGb, int usedGb) {
    }

    private volatile DriverSettings settings;
    private Random random; // guarded by this
    private final Map<String, Allocation> shares = new ConcurrentHashMap<>();
    private final Map<String, String> snapshots = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> callsByOperation = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> callsByResource = new ConcurrentHashMap<>();
    /** Bytes of shares and copies: 1 MiB stands for a GiB, copied at 4 MiB/s unless set otherwise. */
    private final SimulatedContent content = new SimulatedContent(1 << 20, 4L << 20);
    /** The network plugin and server setup beside this storage, shared by whoever shares the storage. */
    private final SimulatedNetwork network = new SimulatedNetwork(io.lockstep.api.lab.NetworkPluginSettings.DEFAULTS);
    private final HeldAnswers held = new HeldAnswers();
    /** Which pools and links are down, for replicas and the replication leader's polls. */
    private final SimulatedReplication replication = new SimulatedReplication(
            io.lockstep.api.lab.ReplicationSettings.DEFAULTS);
    /** The rules each share's storage serves, by rule id. */
    private final Map<String, Map<String, AccessChange>> access = new ConcurrentHashMap<>();
    /** The access types each protocol's simulated storage serves, as Manila's reference drivers do. */
    private static final Map<String, Set<String>> ACCESS_TYPES = Map.of(
            "NFS", Set.of("ip"), "CIFS", Set.of("ip", "user"), "CEPHFS", Set.of("cephx"),
            "GLUSTERFS", Set.of("cert", "ip"), "HDFS", Set.of("user"), "MAPRFS", Set.of("user"));

    public SimulatedDriver(DriverSettings settings) {
        this.settings = DriverSettings.DEFAULTS.merge(settings);
        this.random = new Random(this.settings.seed());
    }

    /** The pools this storage reports; their sizes split the configured capacity. */
    public List<StoragePool> pools() {
        return SimulatedPools.of(settings.capacityGb());
    }

    public SimulatedNetwork network() {
        return network;
    }

    public SimulatedContent content() {
        return content;
    }

    public SimulatedReplication replication() {
        return replication;
    }

    /** Answers the lab holds back for completion-phase races. */
    public HeldAnswers held() {
        return held;
    }

    public DriverSettings settings() {
        return settings;
    }

    /** Replaces the given fields; the caller has validated them. A new seed restarts the random sequence. */
    public synchronized DriverSettings update(DriverSettings patch) {
        DriverSettings merged = settings.merge(patch);
        if (patch.seed() != null) {
            random = new Random(merged.seed());
        }
        settings = merged;
        return merged;
    }

    public DriverStatus status() {
        Map<String, Long> calls = new TreeMap<>();
        callsByOperation.forEach((op, n) -> calls.put(op, n.sum()));
        return new DriverStatus(settings, allocatedGb(), shares.size(), snapshots.size(), calls);
    }

    /** How often {@code operation} was called for {@code resourceId}. */
    public long calls(String operation, String resourceId) {
        LongAdder n = callsByResource.get(operation + "/" + resourceId);
        return n == null ? 0 : n.sum();
    }

    public boolean hasShare(String shareId) {
        return shares.containsKey(shareId);
    }

    private long allocatedGb() {
        return shares.values().stream().mapToLong(Allocation::sizeGb).sum();
    }

    @Override
    public String createShare(String shareId, int sizeGb, String proto) throws DriverException {
        work("create_share", shareId);
        synchronized (this) {
            if (!shares.containsKey(shareId)) {
                if (allocatedGb() + sizeGb > settings.capacityGb()) {
                    throw new DriverException("not enough capacity: " + sizeGb + " GB asked, "
                            + (settings.capacityGb() - allocatedGb()) + " GB free");
                }
                int used = (int) Math.floor(sizeGb * ((shareId.hashCode() & 0x7fffffff) % 50) / 100.0);
                shares.put(shareId, new Allocation(sizeGb, used));
            }
        }
        return exportLocation(shareId, proto);
    }

    /** The address the pools export from; a share on a share server is exported from the server's. */
    public static final String EXPORT_HOST = "192.0.2.10";

    static String exportLocation(String shareId, String proto) {
        return "CIFS".equalsIgnoreCase(proto) ? "\\\\" + EXPORT_HOST + "\\share-" + shareId
                : EXPORT_HOST + ":/shares/share-" + shareId;
    }

    @Override
    public void deleteShare(String shareId) throws DriverException {
        work("delete_share", shareId);
        shares.remove(shareId);
        access.remove(shareId);
    }

    @Override
    public void extendShare(String shareId, int newSizeGb) throws DriverException {
        work("extend_share", shareId);
        synchronized (this) {
            Allocation a = existing(shareId);
            if (allocatedGb() - a.sizeGb() + newSizeGb > settings.capacityGb()) {
                throw new DriverException("not enough capacity to grow to " + newSizeGb + " GB");
            }
            shares.put(shareId, new Allocation(newSizeGb, a.usedGb()));
        }
    }

    @Override
    public void shrinkShare(String shareId, int newSizeGb) throws DriverException {
        work("shrink_share", shareId);
        synchronized (this) {
            Allocation a = existing(shareId);
            if (a.usedGb() > newSizeGb) {
                throw new PossibleDataLossException("share holds " + a.usedGb() + " GB; cannot shrink to "
                        + newSizeGb + " GB without losing data");
            }
            shares.put(shareId, new Allocation(newSizeGb, a.usedGb()));
        }
    }

    @Override
    public String createSnapshot(String snapshotId, String shareId) throws DriverException {
        work("create_snapshot", snapshotId, shareId);
        existing(shareId);
        snapshots.putIfAbsent(snapshotId, shareId);
        return "snap-" + snapshotId;
    }

    @Override
    public void deleteSnapshot(String snapshotId) throws DriverException {
        work("delete_snapshot", snapshotId);
        snapshots.remove(snapshotId);
    }

    @Override
    public Map<String, AccessChange.Result> updateAccess(String shareId, String proto, List<AccessChange> add,
                                                         List<AccessChange> delete) throws DriverException {
        // held by the share or by any rule in the call, for completion-phase races
        work("update_access", shareId, java.util.stream.Stream.concat(add.stream(), delete.stream())
                .map(AccessChange::id).toArray(String[]::new));
        existing(shareId);
        Map<String, AccessChange> served = access.computeIfAbsent(shareId, k -> new ConcurrentHashMap<>());
        delete.forEach(r -> served.remove(r.id()));
        Set<String> types = ACCESS_TYPES.getOrDefault(proto == null ? "" : proto.toUpperCase(java.util.Locale.ROOT),
                Set.of());
        Map<String, AccessChange.Result> results = new LinkedHashMap<>();
        for (AccessChange r : add) {
            if (!types.contains(r.accessType())) {
                results.put(r.id(), AccessChange.Result.refused("the " + proto + " storage serves " + new TreeSet<>(types)
                        + " access, not " + r.accessType()));
                continue;
            }
            served.put(r.id(), r);
            results.put(r.id(), AccessChange.Result.applied("cephx".equals(r.accessType())
                    ? java.util.Base64.getEncoder().encodeToString(("key-" + r.id()).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)) : null));
        }
        return results;
    }

    @Override
    public String createShareFromSnapshot(String shareId, int sizeGb, String proto, String snapshotId)
            throws DriverException {
        work("create_share_from_snapshot", shareId, snapshotId);
        if (!snapshots.containsKey(snapshotId)) {
            throw new DriverException("snapshot " + snapshotId + " does not exist on the backend");
        }
        synchronized (this) {
            if (!shares.containsKey(shareId)) {
                if (allocatedGb() + sizeGb > settings.capacityGb()) {
                    throw new DriverException("not enough capacity: " + sizeGb + " GB asked, "
                            + (settings.capacityGb() - allocatedGb()) + " GB free");
                }
                shares.put(shareId, new Allocation(sizeGb, existingOrEmpty(snapshots.get(snapshotId)).usedGb()));
            }
        }
        return exportLocation(shareId, proto);
    }

    private Allocation existingOrEmpty(String shareId) {
        return shares.getOrDefault(shareId, new Allocation(0, 0));
    }

    @Override
    public void revertToSnapshot(String shareId, String snapshotId) throws DriverException {
        work("revert_to_snapshot", shareId, snapshotId);
        existing(shareId);
        if (!shareId.equals(snapshots.get(snapshotId))) {
            throw new DriverException("snapshot " + snapshotId + " of share " + shareId + " does not exist on the backend");
        }
    }

    /** The rules the storage serves for a share, by id (for tests and the lab). */
    public Set<String> servedAccess(String shareId) {
        return Set.copyOf(access.getOrDefault(shareId, Map.of()).keySet());
    }

    private Allocation existing(String shareId) throws DriverException {
        Allocation a = shares.get(shareId);
        if (a == null) {
            throw new DriverException("share " + shareId + " does not exist on the backend");
        }
        return a;
    }

    /**
     * Counts the call, waits the simulated latency, holds the answer if the lab asked for it (for the
     * resource or, for a snapshot or a replica, its share) and fails at the configured rate.
     */
    private void work(String operation, String resourceId, String... alsoHeldBy) throws DriverException {
        callsByOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        callsByResource.computeIfAbsent(operation + "/" + resourceId, k -> new LongAdder()).increment();
        DriverSettings s = settings;
        long latency;
        boolean fail;
        synchronized (this) {
            long spread = s.maxLatencyMs() - s.minLatencyMs();
            latency = s.minLatencyMs() + (spread > 0 ? (long) (random.nextDouble() * spread) : 0);
            fail = random.nextDouble() < s.failureRate();
        }
        if (latency > 0) {
            try {
                Thread.sleep(latency); // the simulated storage's own latency
            } catch (InterruptedException e) {
                // The service is stopping: not a storage failure, so the resource must not go to error.
                Thread.currentThread().interrupt();
                throw new io.lockstep.backend.driver.WorkInterrupted(operation + " of " + resourceId
                        + " interrupted: the service is stopping");
            }
        }
        held.pass(operation, resourceId);
        held.pass(operation, alsoHeldBy);
        if (fail) {
            throw new DriverException("simulated " + operation.replace('_', ' ') + " failure");
        }
    }

    @Override
    public String createReplica(String replicaId, String shareId, String pool, int sizeGb, String proto)
            throws DriverException {
        work("create_replica", replicaId, shareId); // held by its share's id too, as a snapshot's create is
        replication.requireReachable("create_replica", pool);
        copyInto(replicaId, shareId, sizeGb);
        return exportLocation(replicaId, proto);
    }

    @Override
    public void deleteReplica(String replicaId) throws DriverException {
        work("delete_replica", replicaId);
        content.discard(SimulatedReplication.copyOf(replicaId));
    }

    @Override
    public void resyncReplica(String replicaId, String shareId, String pool, int sizeGb) throws DriverException {
        work("resync_replica", replicaId);
        replication.requireReachable("resync_replica", pool);
        copyInto(replicaId, shareId, sizeGb);
    }

    @Override
    public void promoteReplica(String replicaId, String pool) throws DriverException {
        work("promote_replica", replicaId);
        replication.requireUp("promote_replica", pool);
    }

    @Override
    public ReplicaHealth replicaHealth(String replicaId, String pool, String activePool) {
        callsByOperation.computeIfAbsent("replica_health", k -> new LongAdder()).increment();
        return replication.health(pool, activePool);
    }

    /** Copies the share's bytes into the replica's copy at the content's rate, then checks them. */
    private void copyInto(String replicaId, String shareId, int sizeGb) throws DriverException {
        String copy = SimulatedReplication.copyOf(replicaId);
        long size = content.sizeOf(sizeGb);
        content.prepare(copy, size);
        byte[] chunk = new byte[64 * 1024];
        long rate = Math.max(1, content.rateBytesPerSecond());
        long started = System.nanoTime();
        try {
            for (long off = 0; off < size; off += chunk.length) {
                int n = (int) Math.min(chunk.length, size - off);
                SimulatedContent.read(shareId, off, chunk, n);
                content.write(copy, off, chunk, n);
                long due = started + (off + n) * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the simulated link's speed
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkInterrupted("copying replica " + replicaId + " interrupted: the service is stopping");
        } catch (IllegalStateException e) {
            throw new DriverException("copying replica " + replicaId + " failed: " + e.getMessage());
        }
        if (!SimulatedContent.checksumOf(shareId, size).equals(content.checksumOfCopy(copy))) {
            throw new DriverException("replica " + replicaId + " does not match its share after the copy");
        }
    }

    /** Whether a replica's copy holds exactly its share's bytes (tests, the lab). */
    public boolean replicaMatches(String replicaId, String shareId, int sizeGb) {
        return SimulatedContent.checksumOf(shareId, content.sizeOf(sizeGb))
                .equals(content.checksumOfCopy(SimulatedReplication.copyOf(replicaId)));
    }
}
