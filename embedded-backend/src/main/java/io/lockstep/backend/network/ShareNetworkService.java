package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_NETWORK;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.http.ApiError;

import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.driver.SimulatedNetwork;
import io.lockstep.backend.transition.TransitionStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Share network commands as the API runs them. A network's create and delete are immediate, as in
 * Manila: the create's and the delete's transitional states are entered and left in one transaction
 * under the network's family lock, which every share server and every share create on the network also
 * takes. Subnets and the security-service links are plain rows changed under that lock. Thread-safe.
 */
public final class ShareNetworkService {

    /** A subnet as asked for. */
    public record NewSubnet(String zone, String neutronNetId, String neutronSubnetId, String cidr) {
    }

    private final TransitionStore transitions;
    private final Clock clock;
    private final String nodeId;
    private final SimulatedNetwork plugin;

    public ShareNetworkService(TransitionStore transitions, SimulatedNetwork plugin, Clock clock, String nodeId) {
        this.transitions = transitions;
        this.plugin = plugin;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    public String create(OperationRequest r, String name, String description, NewSubnet subnet) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("user_id", r.actor());
        columns.put("name", name);
        columns.put("description", description);
        transitions.locked(transitions.lockOfNew(SHARE_NETWORK, id, null), r.holder(nodeId), h -> {
            transitions.create(h, SHARE_NETWORK, id, r.caller().projectId(), columns, r.actor());
            insertSubnet(h, id, subnet);
            return transitions.finish(h, SHARE_NETWORK, id, r.operation().name(), Outcome.ok(), r.actor(), Map.of());
        });
        return id;
    }

    public void delete(OperationRequest r) {
        transitions.locked(SHARE_NETWORK, r.id(), r.holder(nodeId), h -> {
            visible(h, r.caller(), r.id());
            transitions.begin(h, r, Map.of());
            long now = clock.millis();
            h.createUpdate("UPDATE share_network_subnets SET deleted_at = :now WHERE share_network_id = :id AND "
                    + "deleted_at IS NULL").bind("now", now).bind("id", r.id()).execute();
            h.createUpdate("DELETE FROM share_network_security_services WHERE share_network_id = :id")
                    .bind("id", r.id()).execute();
            return transitions.finish(h, SHARE_NETWORK, r.id(), r.operation().name(), Outcome.ok(), r.actor(),
                    Map.of("deleted_at", now));
        });
    }

    /** Renames or re-describes it: a change event, no transition. */
    public void update(Caller c, String id, Map<String, Object> fields) {
        transitions.locked(SHARE_NETWORK, id, new Holder(nodeId, "api",
                "api:share_network.update"), h -> {
            visible(h, c, id);
            if (!fields.isEmpty()) {
                var u = h.createUpdate("UPDATE share_networks SET " + String.join(", ", fields.keySet().stream()
                        .map(k -> k + " = :" + k).toList()) + ", updated_at = :now WHERE id = :id");
                fields.forEach(u::bind);
                u.bind("now", clock.millis()).bind("id", id).execute();
                transitions.changed(h, SHARE_NETWORK, id, "update", c.actor(), "changed " + fields.keySet());
            }
            return null;
        });
    }

    /** add_security_service or remove_security_service: the declared guard refuses while a server uses it. */
    public void securityService(OperationRequest r, String serviceId, boolean add) {
        transitions.locked(SHARE_NETWORK, r.id(), r.holder(nodeId), h -> {
            visible(h, r.caller(), r.id());
            // the service's row is locked as its delete locks it: never linked while it is being deleted
            Map<String, Object> service = SecurityServiceStore.lockLive(h, serviceId, r.scope())
                    .orElseThrow(() -> new ResourceNotFound("security service", serviceId));
            boolean linked = h.createQuery("SELECT COUNT(*) FROM share_network_security_services WHERE "
                            + "share_network_id = :n AND security_service_id = :s").bind("n", r.id()).bind("s", serviceId)
                    .mapTo(Integer.class).one() > 0;
            if (add && linked) {
                throw new InvalidRequest("security_service_id", "Security service " + serviceId
                        + " is already added to share network " + r.id() + ".");
            }
            if (!add && !linked) {
                throw new InvalidRequest("security_service_id", "Security service " + serviceId
                        + " is not added to share network " + r.id() + ".");
            }
            if (add) {
                int sameType = h.createQuery("SELECT COUNT(*) FROM share_network_security_services l JOIN "
                                + "security_services s ON s.id = l.security_service_id WHERE l.share_network_id = :n "
                                + "AND s.type = :t").bind("n", r.id()).bind("t", service.get("type"))
                        .mapTo(Integer.class).one();
                if (sameType > 0) {
                    throw new InvalidRequest("security_service_id", "Share network " + r.id() + " already has a "
                            + "security service of type " + service.get("type") + " (one of each type).");
                }
                h.createUpdate("INSERT INTO share_network_security_services (share_network_id, security_service_id, "
                        + "created_at) VALUES (:n, :s, :now)").bind("n", r.id()).bind("s", serviceId)
                        .bind("now", clock.millis()).execute();
            } else {
                h.createUpdate("DELETE FROM share_network_security_services WHERE share_network_id = :n AND "
                        + "security_service_id = :s").bind("n", r.id()).bind("s", serviceId).execute();
            }
            String status = h.createQuery("SELECT status FROM share_networks WHERE id = :id").bind("id", r.id())
                    .mapTo(String.class).one();
            return transitions.set(h, SHARE_NETWORK, r.id(), r.operation().name(), status, r.actor(), r.seen());
        });
    }

    public void resetStatus(OperationRequest r, String status) {
        transitions.set(r, status, r.holder(nodeId), h -> visible(h, r.caller(), r.id()));
    }

    public String addSubnet(Caller c, String networkId, NewSubnet subnet) {
        return transitions.locked(SHARE_NETWORK, networkId, new Holder(nodeId, "api",
                "api:share_network.subnet_create"), h -> {
            visible(h, c, networkId);
            int same = h.createQuery("SELECT COUNT(*) FROM share_network_subnets WHERE share_network_id = :n AND "
                            + "deleted_at IS NULL AND " + (subnet.zone() == null ? "availability_zone IS NULL"
                            : "availability_zone = :z")).bind("n", networkId).bind("z", subnet.zone())
                    .mapTo(Integer.class).one();
            if (same > 0) {
                throw new ApiError(409, "Share network " + networkId + " already has a "
                        + (subnet.zone() == null ? "default subnet" : "subnet in availability zone " + subnet.zone())
                        + ".");
            }
            String id = insertSubnet(h, networkId, subnet);
            transitions.changed(h, SHARE_NETWORK, networkId, "subnet_create", c.actor(), "subnet " + id + " added");
            return id;
        });
    }

    public void deleteSubnet(Caller c, String networkId, String subnetId) {
        transitions.locked(SHARE_NETWORK, networkId, new Holder(nodeId, "api",
                "api:share_network.subnet_delete"), h -> {
            visible(h, c, networkId);
            int found = h.createQuery("SELECT COUNT(*) FROM share_network_subnets WHERE id = :id AND share_network_id = :n"
                    + " AND deleted_at IS NULL").bind("id", subnetId).bind("n", networkId).mapTo(Integer.class).one();
            if (found == 0) {
                throw new ResourceNotFound("share network subnet", subnetId);
            }
            List<String> servers = h.createQuery("SELECT id FROM " + SHARE_SERVER.table() + " WHERE "
                            + "share_network_subnet_id = :s AND status <> :t")
                    .bind("s", subnetId).bind("t", SHARE_SERVER.terminalState()).mapTo(String.class).list();
            if (!servers.isEmpty()) {
                throw new ApiError(409, "Subnet " + subnetId + " has share servers " + servers
                        + "; delete them first.");
            }
            h.createUpdate("UPDATE share_network_subnets SET deleted_at = :now WHERE id = :id").bind("now", clock.millis())
                    .bind("id", subnetId).execute();
            transitions.changed(h, SHARE_NETWORK, networkId, "subnet_delete", c.actor(), "subnet " + subnetId
                    + " deleted");
            return null;
        });
    }

    private String insertSubnet(Handle h, String networkId, NewSubnet s) {
        String id = UUID.randomUUID().toString();
        String cidr = s.cidr() != null ? s.cidr() : plugin.settings().defaultCidr();
        long now = clock.millis();
        h.createUpdate("INSERT INTO share_network_subnets (id, share_network_id, availability_zone, neutron_net_id, "
                        + "neutron_subnet_id, cidr, gateway, ip_version, mtu, network_type, segmentation_id, metadata, "
                        + "created_at, updated_at) VALUES (:id, :n, :z, :net, :sub, :cidr, :gw, 4, 1500, 'flat', NULL, "
                        + "'{}', :now, :now)")
                .bind("id", id).bind("n", networkId).bind("z", s.zone()).bind("net", s.neutronNetId())
                .bind("sub", s.neutronSubnetId()).bind("cidr", cidr).bind("gw", SimulatedNetwork.gateway(cidr)).bind("now", now)
                .execute();
        return id;
    }

    static void visible(Handle h, Caller c, String id) {
        ShareNetworkRoutes.find(h, id, c.scope()).orElseThrow(() -> new ResourceNotFound("share network", id));
    }
}
