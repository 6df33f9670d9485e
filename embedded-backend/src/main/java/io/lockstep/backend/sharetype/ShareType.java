package io.lockstep.backend.sharetype;

import java.util.Map;
import java.util.Set;

/** A share type as stored: its extra specs, and the projects given access when it is private. */
public record ShareType(String id, String name, String description, boolean isPublic, Map<String, String> extraSpecs,
                        Set<String> projects) {
}
