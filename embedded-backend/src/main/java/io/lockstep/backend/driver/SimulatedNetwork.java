package io.lockstep.backend.driver;

import io.lockstep.api.lab.NetworkPluginSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What lies outside the system for share servers, simulated: the network plugin that allocates
 * addresses (Neutron's part) and the driver's server setup, security-service configuration and
 * teardown. Each call waits a latency and may fail, as the lab sets them. Every call is idempotent:
 * a phase redone by another service after a crash gets the same answer. Addresses are chosen by the
 * caller in its finishing transaction ({@link #pick}), under the network's family lock, so no two
 * servers ever hold one. Thread-safe.
 */
public final class SimulatedNetwork {

    /** The phases' calls, counted for the lab. */
    private final AtomicLong calls = new AtomicLong();
    private NetworkPluginSettings settings; // guarded by this
    private final Random random = new Random(7);

    public SimulatedNetwork(NetworkPluginSettings settings) {
        this.settings = NetworkPluginSettings.DEFAULTS.merge(settings);
    }

    public synchronized NetworkPluginSettings settings() {
        return settings;
    }

    /** Replaces the given fields; the caller has validated them. */
    public synchronized void update(NetworkPluginSettings patch) {
        settings = settings.merge(patch);
    }

    public long calls() {
        return calls.get();
    }

    /** The plugin's side of an allocation (a port per address); the addresses are picked by {@link #pick}. */
    public void allocate(String serverId, String subnetId) throws DriverException {
        call("allocating addresses for share server " + serverId + " on subnet " + subnetId);
    }

    /** Sets the server up on its pool with its addresses; answers its backend details. */
    public Map<String, Object> setUp(String serverId, String host, List<String> addresses) throws DriverException {
        call("setting up share server " + serverId + " on " + host);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("instance_id", serverId);
        details.put("ip", addresses.isEmpty() ? null : addresses.get(0));
        details.put("host", host);
        details.put("simulated", "true");
        return details;
    }

    /** Joins the server to each security service (LDAP, Kerberos, Active Directory). */
    public void configure(String serverId, List<String> securityServices) throws DriverException {
        for (String s : securityServices) {
            call("configuring security service " + s + " on share server " + serverId);
        }
    }

    /** Tears the server down; tearing down what is gone succeeds. */
    public void tearDown(String serverId) throws DriverException {
        call("tearing down share server " + serverId);
    }

    private void call(String what) throws DriverException {
        calls.incrementAndGet();
        long latency;
        boolean fail;
        synchronized (this) {
            long spread = settings.maxLatencyMs() - settings.minLatencyMs();
            latency = settings.minLatencyMs() + (spread > 0 ? (long) (random.nextDouble() * spread) : 0);
            fail = random.nextDouble() < settings.failureRate();
        }
        if (latency > 0) {
            try {
                Thread.sleep(latency); // the simulated plugin's own latency
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkInterrupted(what + " was interrupted");
            }
        }
        if (fail) {
            throw new DriverException("simulated network failure while " + what);
        }
    }

    /**
     * The first {@code count} addresses of {@code cidr} (an IPv4 range; the network and first address,
     * the gateway, are skipped) that are not in {@code taken}.
     *
     * @throws DriverException when the range has fewer free addresses
     */
    public static List<String> pick(String cidr, Set<String> taken, int count) throws DriverException {
        String[] parts = cidr.split("/");
        long base = toLong(parts[0]);
        int bits = Integer.parseInt(parts[1]);
        long size = 1L << (32 - bits);
        base &= ~(size - 1);
        List<String> out = new ArrayList<>();
        for (long i = 2; i < size - 1 && out.size() < count; i++) {
            String ip = toIp(base + i);
            if (!taken.contains(ip)) {
                out.add(ip);
            }
        }
        if (out.size() < count) {
            throw new DriverException("no free address left in " + cidr);
        }
        return out;
    }

    /** The range's first host address, which Neutron gives a subnet's gateway by default. */
    public static String gateway(String cidr) {
        String[] parts = cidr.split("/");
        long size = 1L << (32 - Integer.parseInt(parts[1]));
        return toIp((toLong(parts[0]) & ~(size - 1)) + 1);
    }

    /** Whether {@code cidr} is an IPv4 range this plugin can allocate from (/8 to /30). */
    public static boolean isRange(String cidr) {
        if (cidr == null || !cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            return false;
        }
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        for (String octet : parts[0].split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return bits >= 8 && bits <= 30;
    }

    private static long toLong(String ip) {
        long v = 0;
        for (String o : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(o);
        }
        return v;
    }

    private static String toIp(long v) {
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }
}
