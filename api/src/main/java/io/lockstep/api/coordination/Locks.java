package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code GET /lockstep/v1/locks}: the locks held in the whole cluster (any node can see them
 * in ZooKeeper) and the answering node's measurements.
 *
 * @param coordinator {@code in-process} or {@code zookeeper}
 * @param node        the node that answered (the statistics are its own)
 */
public record Locks(
        @JsonProperty("coordinator") String coordinator,
        @JsonProperty("node") String node,
        @JsonProperty("held") List<LockHolding> held,
        @JsonProperty("stats") List<LockFamilyStats> stats) {
}
