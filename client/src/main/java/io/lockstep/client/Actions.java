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

    /** Host-assisted migration to {@code pool} (e.g. {@code pool2}). */
    public static Map<String, Object> migrationStart(String pool) {
        return Map.of("migration_start", Map.of("host", pool, "force_host_assisted_migration", true,
                "writable", true, "nondisruptive", false, "preserve_metadata", true, "preserve_snapshots", false));
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
