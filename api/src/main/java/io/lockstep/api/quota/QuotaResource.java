package io.lockstep.api.quota;

import java.util.Arrays;
import java.util.Optional;

/**
 * Manila's quota resources, with Manila's default limits, the microversion each appeared in, and the
 * names {@code /limits} gives them. {@code enforced} ones are counted by the service; the others are
 * listed (as Manila lists them) with nothing in use, because this service has no such resource yet.
 */
public enum QuotaResource {
    SHARES("shares", 50, 0, true, "maxTotalShares", "totalSharesUsed"),
    GIGABYTES("gigabytes", 1000, 0, true, "maxTotalShareGigabytes", "totalShareGigabytesUsed"),
    SNAPSHOTS("snapshots", 50, 0, true, "maxTotalShareSnapshots", "totalShareSnapshotsUsed"),
    SNAPSHOT_GIGABYTES("snapshot_gigabytes", 1000, 0, true, "maxTotalSnapshotGigabytes",
            "totalSnapshotGigabytesUsed"),
    SHARE_NETWORKS("share_networks", 10, 0, false, "maxTotalShareNetworks", "totalShareNetworksUsed"),
    SHARE_GROUPS("share_groups", 50, 40, false, "maxTotalShareGroups", "totalShareGroupsUsed"),
    SHARE_GROUP_SNAPSHOTS("share_group_snapshots", 50, 40, false, "maxTotalShareGroupSnapshots",
            "totalShareGroupSnapshotsUsed"),
    SHARE_REPLICAS("share_replicas", 100, 53, false, "maxTotalShareReplicas", "totalShareReplicasUsed"),
    REPLICA_GIGABYTES("replica_gigabytes", 1000, 53, false, "maxTotalReplicaGigabytes", "totalReplicaGigabytesUsed"),
    /** The largest single share; not a usage, so nothing is ever in use. */
    PER_SHARE_GIGABYTES("per_share_gigabytes", -1, 62, true, null, null),
    BACKUPS("backups", 10, 80, true, "maxTotalShareBackups", "totalShareBackupsUsed"),
    BACKUP_GIGABYTES("backup_gigabytes", 1000, 80, true, "maxTotalBackupGigabytes", "totalBackupGigabytesUsed");

    private final String wire;
    private final int defaultLimit;
    private final int sinceMinor;
    private final boolean enforced;
    private final String maxName;
    private final String usedName;

    QuotaResource(String wire, int defaultLimit, int sinceMinor, boolean enforced, String maxName, String usedName) {
        this.wire = wire;
        this.defaultLimit = defaultLimit;
        this.sinceMinor = sinceMinor;
        this.enforced = enforced;
        this.maxName = maxName;
        this.usedName = usedName;
    }

    /** The name in request and response bodies ({@code snapshot_gigabytes}). */
    public String wire() {
        return wire;
    }

    /** Manila's default (its {@code quota_*} options); -1 is unlimited. */
    public int defaultLimit() {
        return defaultLimit;
    }

    /** The 2.x microversion a client must ask for to see or set it. */
    public int sinceMinor() {
        return sinceMinor;
    }

    public boolean enforced() {
        return enforced;
    }

    /** Its name among {@code /limits}' absolute limits, or null when it has none. */
    public String maxName() {
        return maxName;
    }

    public String usedName() {
        return usedName;
    }

    /** Whether share-type quotas cover it (Manila: not share networks or share groups). */
    public boolean perShareType() {
        return this != SHARE_NETWORKS && this != SHARE_GROUPS && this != SHARE_GROUP_SNAPSHOTS;
    }

    /** A quota set lifting every enforced limit ({@code -1}): for labs, races and benches under load. */
    public static java.util.Map<String, Object> lifted() {
        java.util.Map<String, Object> set = new java.util.LinkedHashMap<>();
        for (QuotaResource r : values()) {
            if (r.enforced) {
                set.put(r.wire, -1);
            }
        }
        return set;
    }

    public static Optional<QuotaResource> byWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(name)).findFirst();
    }
}
