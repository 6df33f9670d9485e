package io.lockstep.views.cluster;

import io.lockstep.api.work.WorkView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one node is doing now, as the Overview and the diagrams say it.
 *
 * @param state {@code running}, {@code paused}, {@code killed}, {@code stopped}, or {@code up}/{@code down}
 *              outside the lab (from its services' heartbeats)
 */
public record NodeActivity(String node, List<String> roles, String state, List<String> leads, int locksHeld,
                           List<WorkView> work) {

    /** {@code 2 × delete, 1 × create}, or {@code idle}. */
    public String workText() {
        if (work.isEmpty()) {
            return "idle";
        }
        Map<String, Long> byOp = new TreeMap<>(work.stream().collect(Collectors.groupingBy(
                w -> w.operation() + " " + w.resourceType(), Collectors.counting())));
        return byOp.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", "));
    }

    public boolean healthy() {
        return state.equals("running") || state.equals("up");
    }
}
