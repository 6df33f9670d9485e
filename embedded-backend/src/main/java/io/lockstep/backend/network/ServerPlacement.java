package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER;

import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.State;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Finds the share server a new share goes on, in the share create's transaction and under the share
 * network's family lock: a live server of the subnet and pool is reused (an active one, or one being set
 * up, which the share then waits for); otherwise a new one is inserted in {@code creating} with the work
 * item that starts its setup. Two creates that need a new server on one network therefore serialise on
 * the network's lock, and the second reuses the first's server. Stateless.
 */
public final class ServerPlacement {

    /** The server chosen: {@code active} when the share's own work may start now. */
    public record Placed(String serverId, String subnetId, boolean active) {
    }

    private ServerPlacement() {
    }

    /** The states a share may be placed on a server in: those its create's source guard allows. */
    private static final List<String> USABLE = SHARE.operation("create_on_server").guards().stream()
            .filter(Guard.SourceIn.class::isInstance).map(g -> ((Guard.SourceIn) g).states()).findFirst()
            .map(states -> SHARE_SERVER.states().stream().map(State::name).filter(states::contains).toList())
            .orElseThrow();

    public static Placed place(Handle h, TransitionStore transitions, WorkQueue queue, String networkId,
                               String zone, String host, String projectId, String actor) {
        String subnetId = subnetFor(h, networkId, zone).orElseThrow(() -> new InvalidRequest("share_network_id",
                "Share network " + networkId + " has no subnet in availability zone " + zone
                        + " and no default subnet: add one (openstack share network subnet create)."));
        Operation create = SHARE_SERVER.createOperation().orElseThrow();
        String active = create.successState();
        List<Map<String, Object>> live = h.createQuery("SELECT id, status FROM " + SHARE_SERVER.table()
                        + " WHERE share_network_subnet_id = :subnet AND host = :host AND status IN (<usable>)"
                        + " ORDER BY created_at")
                .bind("subnet", subnetId).bind("host", host).bindList("usable", USABLE).mapToMap().list();
        Optional<Map<String, Object>> reuse = live.stream().filter(r -> active.equals(r.get("status"))).findFirst()
                .or(() -> live.stream().findFirst());
        if (reuse.isPresent()) {
            return new Placed((String) reuse.get().get("id"), subnetId, active.equals(reuse.get().get("status")));
        }
        String serverId = UUID.randomUUID().toString();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("share_network_id", networkId);
        columns.put("share_network_subnet_id", subnetId);
        columns.put("host", host);
        transitions.create(h, SHARE_SERVER, serverId, projectId, columns, actor);
        queue.enqueue(h, SHARE_SERVER.resource(), serverId, create.name(), Map.of("share_network_id", networkId));
        return new Placed(serverId, subnetId, false);
    }

    /** The network's subnet for {@code zone}, else its default subnet (no zone). */
    public static Optional<String> subnetFor(Handle h, String networkId, String zone) {
        return h.createQuery("SELECT id FROM share_network_subnets WHERE share_network_id = :n AND deleted_at IS NULL"
                        + " AND (availability_zone = :zone OR availability_zone IS NULL)"
                        + " ORDER BY CASE WHEN availability_zone IS NULL THEN 1 ELSE 0 END, created_at")
                .bind("n", networkId).bind("zone", zone).mapTo(String.class).findFirst();
    }
}
