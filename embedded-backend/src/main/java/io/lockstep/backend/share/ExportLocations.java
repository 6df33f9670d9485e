package io.lockstep.backend.share;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A share's one export location has an id of its own, derived from the share and the pool it is on: it
 * never changes while the share stays there, and a migrated share's location is a new one.
 */
public final class ExportLocations {

    private ExportLocations() {
    }

    public static String idOf(String shareId, String host) {
        return UUID.nameUUIDFromBytes(("export-location/" + shareId + "/" + host).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
