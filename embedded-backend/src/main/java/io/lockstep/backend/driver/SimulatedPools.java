package io.lockstep.backend.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated storage's pools, declared once: two in the default zone (a thick one with every
 * snapshot capability, a thin, deduplicating one without snapshots) and a smaller thick one in a
 * second zone. Shares go where a type's extra specs and a requested zone allow; migrations move
 * between them.
 */
public final class SimulatedPools {

    public static final String HOST = "lockstep";
    public static final String BACKEND = "simulated";
    /** The zone services report and the first two pools are in (Manila's default name). */
    public static final String DEFAULT_ZONE = "nova";
    public static final String SECOND_ZONE = "zone-b";

    private SimulatedPools() {
    }

    /** The pools, for storage of {@code capacityGb} in all: 40 %, 40 % and 20 % of it. */
    public static List<StoragePool> of(long capacityGb) {
        long big = capacityGb * 2 / 5;
        return List.of(
                pool("pool1", DEFAULT_ZONE, big, false, 1.0, true, true, true, false, false),
                pool("pool2", DEFAULT_ZONE, big, true, 4.0, false, false, false, true, true),
                pool("pool3", SECOND_ZONE, capacityGb - 2 * big, false, 1.0, true, true, false, false, false));
    }

    /** The pools' short names ({@code pool1}), for settings that name one. */
    public static List<String> names() {
        return of(1).stream().map(StoragePool::pool).toList();
    }

    /** The zone of the pool a host string ends in ({@code ...#pool3}), or the default zone. */
    public static String zoneOf(String host) {
        return of(1).stream().filter(p -> host != null && host.endsWith("#" + p.pool())).map(StoragePool::zone)
                .findFirst().orElse(DEFAULT_ZONE);
    }

    private static StoragePool pool(String name, String zone, long totalGb, boolean thin, double ratio,
                                    boolean snapshots, boolean fromSnapshot, boolean revert, boolean dedupe,
                                    boolean compression) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("pool_name", name);
        c.put("share_backend_name", "SIMULATED");
        c.put("storage_protocol", "NFS_CIFS");
        c.put("vendor_name", "Lockstep");
        c.put("driver_version", "1.0");
        c.put("reserved_percentage", 0);
        c.put("reserved_snapshot_percentage", 0);
        c.put("reserved_share_extend_percentage", 0);
        // the simulated driver runs in both modes: on the pool itself, or on share servers it sets up
        c.put("driver_handles_share_servers", List.of(false, true));
        c.put("snapshot_support", snapshots);
        c.put("create_share_from_snapshot_support", fromSnapshot);
        c.put("revert_to_snapshot_support", revert);
        c.put("mount_snapshot_support", false);
        c.put("thin_provisioning", thin);
        c.put("max_over_subscription_ratio", ratio);
        c.put("dedupe", dedupe);
        c.put("compression", compression);
        c.put("qos", false);
        // every pool replicates to the others, in each of Manila's styles
        c.put("replication_type", List.of("dr", "readable", "writable"));
        c.put("replication_domain", "lockstep");
        c.put("sg_consistent_snapshot_support", null);
        c.put("ipv4_support", true);
        c.put("ipv6_support", false);
        c.put("security_service_update_support", false);
        c.put("share_server_multiple_subnet_support", false);
        c.put("network_allocation_update_support", false);
        c.put("share_replicas_migration_support", false);
        c.put("encryption_support", null);
        return new StoragePool(HOST, BACKEND, name, zone, totalGb, thin, ratio, c);
    }
}
