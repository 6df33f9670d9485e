package io.lockstep.backend.node;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a service node runs. A single node ({@code serve}) runs all three; the lab spreads them over
 * nodes as a deployment would, so that work recorded by the API node is done by share nodes it only
 * reaches through the database.
 */
public enum NodeRole {
    /** The HTTP API (Manila's and Lockstep's) and the {@code lockstep-api} service. */
    API,
    /** The share service: workers that claim and run work items ({@code lockstep-share}). */
    SHARE,
    /** The data service ({@code lockstep-data}): long-running jobs. */
    DATA;

    public static final Set<NodeRole> ALL = EnumSet.allOf(NodeRole.class);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
