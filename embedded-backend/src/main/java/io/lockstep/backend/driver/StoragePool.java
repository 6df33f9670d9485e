package io.lockstep.backend.driver;

import java.util.Map;

/**
 * A pool the storage reports, as Manila's scheduler sees one: its name ({@code host@backend#pool}), its
 * zone, its size, whether it is thin-provisioned (and how far it may be oversubscribed), and the
 * capabilities a share type's extra specs are matched against.
 */
public record StoragePool(String host, String backend, String pool, String zone, long totalGb, boolean thin,
                          double overSubscription, Map<String, Object> capabilities) {

    public StoragePool {
        capabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(capabilities)); // Manila reports nulls
    }

    /** {@code host@backend#pool}, as shares' {@code host} and migration destinations name it. */
    public String name() {
        return host + "@" + backend + "#" + pool;
    }

    /** What a scheduler may place on it: its size, or for a thin pool its size times the ratio. */
    public long placeableGb() {
        return thin ? (long) Math.floor(totalGb * overSubscription) : totalGb;
    }
}
