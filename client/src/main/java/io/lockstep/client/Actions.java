package io.lockstep.client;

import java.util.Collections;
import java.util.Map;

/** Manila action bodies: {@code {"extend": {"new_size": 5}}} and friends. */
public final class Actions {

    private Actions() {
    }

    public static Map<String, Object> extend(int newSize) {
        return Map.of("extend", Map.of("new_size", newSize));
    }

    public static Map<String, Object> shrink(int newSize) {
        return Map.of("shrink", Map.of("new_size", newSize));
    }

    public static Map<String, Object> resetStatus(String status) {
        return Map.of("reset_status", Map.of("status", status));
    }

    /** Host-assisted migration to {@code pool} (e.g. {@code pool2}): a data service copies the bytes. */
    public static Map<String, Object> migrationStart(String pool) {
        return migrationStart(pool, true);
    }

    /**
     * Migration to {@code pool}: host-assisted (a data service copies a read-only source) or
     * driver-assisted (the driver moves the share inside its backend, keeping it writable).
     */
    public static Map<String, Object> migrationStart(String pool, boolean hostAssisted) {
        return Map.of("migration_start", Map.of("host", pool, "force_host_assisted_migration", hostAssisted,
                "writable", !hostAssisted, "nondisruptive", false, "preserve_metadata", !hostAssisted,
                "preserve_snapshots", !hostAssisted));
    }

    public static Map<String, Object> migrationComplete() {
        return Map.of("migration_complete", Map.of());
    }

    public static Map<String, Object> migrationCancel() {
        return Map.of("migration_cancel", Map.of());
    }

    /** A share backup's restore into its share. */
    public static Map<String, Object> restore() {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("restore", null);
        return m;
    }

    public static Map<String, Object> forceDelete() {
        return Collections.singletonMap("force_delete", null);
    }
}
