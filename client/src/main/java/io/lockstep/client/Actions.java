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

    public static Map<String, Object> forceDelete() {
        return Collections.singletonMap("force_delete", null);
    }
}
