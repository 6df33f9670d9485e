package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_NETWORK;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.backend.http.ActionBody;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's share networks ({@code /share-networks}, list, detail, show, create, update, delete, the
 * {@code add_security_service}, {@code remove_security_service} and {@code reset_status} actions) and
 * their subnets ({@code /share-networks/{id}/subnets}, 2.51), shown as Manila's view shows them at each
 * microversion. The writes are routed from the network's declaration. Thread-safe.
 */
public final class ShareNetworkRoutes {

    static final Microversion GATEWAY = new Microversion(2, 18);
    static final Microversion MTU = new Microversion(2, 20);
    static final Microversion SUBNETS = new Microversion(2, 51);
    static final Microversion STATUS = new Microversion(2, 63);
    static final Microversion ALLOCATION_UPDATE = new Microversion(2, 70);
    static final Microversion SUBNET_METADATA = new Microversion(2, 78);
    private static final List<String> CREATE_FIELDS = List.of("name", "description", "neutron_net_id",
            "neutron_subnet_id", "availability_zone", "nova_net_id");
    private static final List<String> SUBNET_FIELDS = List.of("neutron_net_id", "neutron_subnet_id",
            "availability_zone", "metadata");

    private final ShareNetworkService service;
    private final Jdbi jdbi;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ShareNetworkRoutes(ShareNetworkService service, Jdbi jdbi, Bodies bodies, JsonRenderer json) {
        this.service = service;
        this.jdbi = jdbi;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        String collection = "/" + SHARE_NETWORK.wire().collection();
        r.get(collection, ctx -> list(ctx, false));
        r.get(collection + "/detail", ctx -> list(ctx, true));
        r.get(collection + "/{id}", ctx -> {
            Caller c = Requests.caller(ctx);
            String id = Requests.id(ctx, "id", SHARE_NETWORK.noun());
            json.render(ctx, 200, Map.of("share_network", view(get(id, c.scope()), Requests.version(ctx), true)));
        });
        r.put(collection + "/{id}", this::update);
        r.get(collection + "/{id}/subnets", this::subnets);
        r.post(collection + "/{id}/subnets", this::createSubnet);
        r.get(collection + "/{id}/subnets/{subnet}", this::subnet);
        r.delete(collection + "/{id}/subnets/{subnet}", ctx -> {
            Requests.requireVersion(ctx, SUBNETS, "Share network subnets");
            Caller c = Requests.caller(ctx);
            service.deleteSubnet(c, Requests.id(ctx, "id", SHARE_NETWORK.noun()),
                    Requests.id(ctx, "subnet", "share network subnet"));
            ctx.status(202);
        });
        OperationRoutes.of(SHARE_NETWORK, bodies, json)
                .create(this::create)
                .on("delete", (req, body) -> service.delete(req))
                .replying("add_security_service", (req, body, v) -> securityService(req, body, v, true))
                .replying("remove_security_service", (req, body, v) -> securityService(req, body, v, false))
                .on("reset_status", (req, body, v) -> {
                    if (!v.atLeast(STATUS)) {
                        throw new ApiError(400, "A share network's reset_status needs API version " + STATUS
                                + " or later.");
                    }
                    service.resetStatus(req, body.resetStatus(bodies, SHARE_NETWORK));
                })
                .register(r);
    }

    /** Manila answers the network as it is now. */
    private OperationRoutes.Reply securityService(OperationRequest req, ActionBody body, Microversion v, boolean add) {
        service.securityService(req, serviceId(body), add);
        return new OperationRoutes.Reply(200, Map.of("share_network", view(get(req.id(), req.scope()), v, true)));
    }

    private static String serviceId(ActionBody body) {
        JsonNode args = body.args();
        if (args == null || !args.isObject() || !args.path("security_service_id").isTextual()) {
            throw ApiError.field("security_service_id", "'" + body.key() + ".security_service_id' is required: the "
                    + "id of a security service.");
        }
        String id = args.get("security_service_id").asText();
        if (!Requests.isUuid(id)) {
            throw new ResourceNotFound("security service", id);
        }
        return id;
    }

    private OperationRoutes.Reply create(OperationRequest req, Context ctx) {
        JsonNode body = NetworkFields.envelope(bodies.tree(ctx), "share_network");
        NetworkFields.only(body, "share network", CREATE_FIELDS);
        String name = NetworkFields.text(body, "name", 255);
        String description = NetworkFields.text(body, "description", 1024);
        ShareNetworkService.NewSubnet subnet = subnet(body);
        String id = service.create(req, name, description, subnet);
        return new OperationRoutes.Reply(200, Map.of("share_network", view(get(id, null), Requests.version(ctx),
                true)));
    }

    private static ShareNetworkService.NewSubnet subnet(JsonNode body) {
        if (body.hasNonNull("nova_net_id")) {
            throw ApiError.field("nova_net_id", "nova_net_id is no longer supported (Manila removed nova networking).");
        }
        String net = NetworkFields.uuid(body, "neutron_net_id");
        String sub = NetworkFields.uuid(body, "neutron_subnet_id");
        if ((net == null) != (sub == null)) {
            throw ApiError.field(net == null ? "neutron_net_id" : "neutron_subnet_id",
                    "neutron_net_id and neutron_subnet_id are given together or not at all.");
        }
        return new ShareNetworkService.NewSubnet(NetworkFields.text(body, "availability_zone", 255), net, sub, null);
    }

    private void update(Context ctx) {
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", SHARE_NETWORK.noun());
        JsonNode body = NetworkFields.envelope(bodies.tree(ctx), "share_network");
        NetworkFields.only(body, "share network update", List.of("name", "description"));
        Map<String, Object> fields = new LinkedHashMap<>();
        if (body.has("name")) {
            fields.put("name", NetworkFields.text(body, "name", 255));
        }
        if (body.has("description")) {
            fields.put("description", NetworkFields.text(body, "description", 1024));
        }
        service.update(c, id, fields);
        json.render(ctx, 200, Map.of("share_network", view(get(id, c.scope()), Requests.version(ctx), true)));
    }

    private void list(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        Requests.checkParams(ctx, List.of("all_tenants", "project_id", "name", "name~", "description", "description~",
                "security_service_id", "limit", "offset", "created_since", "created_before", "nova_net_id",
                "neutron_net_id", "neutron_subnet_id", "network_type", "segmentation_id", "cidr", "ip_version"));
        String project = c.projectFilter() == null ? ctx.queryParam("project_id") : c.projectFilter();
        StringBuilder where = new StringBuilder(" WHERE n.status <> :t");
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("t", SHARE_NETWORK.terminalState());
        if (project != null) {
            where.append(" AND n.project_id = :project");
            binds.put("project", project);
        }
        if (ctx.queryParam("name") != null) {
            where.append(" AND n.name = :name");
            binds.put("name", ctx.queryParam("name"));
        }
        if (ctx.queryParam("security_service_id") != null) {
            where.append(" AND EXISTS (SELECT 1 FROM share_network_security_services l WHERE l.share_network_id = n.id"
                    + " AND l.security_service_id = :ss)");
            binds.put("ss", ctx.queryParam("security_service_id"));
        }
        for (String f : List.of("neutron_net_id", "neutron_subnet_id")) {
            if (ctx.queryParam(f) != null) {
                where.append(" AND EXISTS (SELECT 1 FROM share_network_subnets s WHERE s.share_network_id = n.id AND "
                        + "s.deleted_at IS NULL AND s.").append(f).append(" = :").append(f).append(")");
                binds.put(f, ctx.queryParam(f));
            }
        }
        long limit = Requests.number(ctx, "limit", 1000, 1, 1000);
        long offset = Requests.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<Map<String, Object>> rows = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT n.* FROM share_networks n" + where + " ORDER BY n.created_at, n.id LIMIT "
                    + limit + " OFFSET " + offset);
            binds.forEach(q::bind);
            return q.mapToMap().list();
        });
        Microversion v = Requests.version(ctx);
        json.render(ctx, 200, Map.of("share_networks", rows.stream().map(row -> detail ? view(row, v, true)
                : Map.<String, Object>of("id", row.get("id"), "name", row.get("name") == null ? "" : row.get("name")))
                .toList()));
    }

    private Map<String, Object> get(String id, String scope) {
        return jdbi.withHandle(h -> find(h, id, scope)).orElseThrow(() -> new ResourceNotFound("share network", id));
    }

    /** A live network visible in {@code scope} (null: any project). */
    static Optional<Map<String, Object>> find(Handle h, String id, String scope) {
        return h.createQuery("SELECT * FROM share_networks WHERE id = :id AND status <> :t"
                        + (scope == null ? "" : " AND project_id = :p"))
                .bind("id", id).bind("t", SHARE_NETWORK.terminalState()).bind("p", scope).mapToMap().findOne();
    }

    private Map<String, Object> view(Map<String, Object> n, Microversion v, boolean detail) {
        String id = (String) n.get("id");
        List<Map<String, Object>> subnets = jdbi.withHandle(h -> h.createQuery("SELECT * FROM share_network_subnets "
                + "WHERE share_network_id = :n AND deleted_at IS NULL ORDER BY created_at").bind("n", id).mapToMap()
                .list());
        Map<String, Object> def = subnets.stream().filter(s -> s.get("availability_zone") == null).findFirst()
                .orElse(Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("name", n.get("name"));
        out.put("project_id", n.get("project_id"));
        out.put("created_at", ManilaTime.format(((Number) n.get("created_at")).longValue()));
        out.put("updated_at", ManilaTime.format(((Number) n.get("updated_at")).longValue()));
        out.put("description", n.get("description"));
        if (!v.atLeast(SUBNETS)) {
            for (String f : List.of("neutron_net_id", "neutron_subnet_id", "network_type", "segmentation_id", "cidr",
                    "ip_version")) {
                out.put(f, def.get(f));
            }
            if (v.atLeast(GATEWAY)) {
                out.put("gateway", def.get("gateway"));
            }
            if (v.atLeast(MTU)) {
                out.put("mtu", def.get("mtu"));
            }
        } else {
            out.put("share_network_subnets", subnets.stream().map(s -> subnetView(s, n, v, false)).toList());
        }
        if (v.atLeast(STATUS)) {
            out.put("status", n.get("status"));
            out.put("security_service_update_support", false);
        }
        if (v.atLeast(ALLOCATION_UPDATE)) {
            out.put("network_allocation_update_support", false);
        }
        return out;
    }

    static Map<String, Object> subnetView(Map<String, Object> s, Map<String, Object> network, Microversion v,
                                          boolean withNetwork) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.get("id"));
        out.put("availability_zone", s.get("availability_zone"));
        if (withNetwork) {
            out.put("share_network_id", network.get("id"));
            out.put("share_network_name", network.get("name"));
        }
        out.put("created_at", ManilaTime.format(((Number) s.get("created_at")).longValue()));
        out.put("updated_at", ManilaTime.format(((Number) s.get("updated_at")).longValue()));
        for (String f : List.of("segmentation_id", "neutron_net_id", "neutron_subnet_id", "ip_version", "cidr",
                "network_type", "mtu", "gateway")) {
            out.put(f, s.get(f));
        }
        if (v.atLeast(SUBNET_METADATA)) {
            out.put("metadata", io.lockstep.backend.metadata.Metadata.read((String) s.get("metadata")));
        }
        return out;
    }

    private void subnets(Context ctx) {
        Requests.requireVersion(ctx, SUBNETS, "Share network subnets");
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", SHARE_NETWORK.noun());
        Map<String, Object> n = get(id, c.scope());
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery("SELECT * FROM share_network_subnets WHERE "
                + "share_network_id = :n AND deleted_at IS NULL ORDER BY created_at").bind("n", id).mapToMap().list());
        Microversion v = Requests.version(ctx);
        json.render(ctx, 200, Map.of("share_network_subnets", rows.stream().map(s -> subnetView(s, n, v, true))
                .toList()));
    }

    private void subnet(Context ctx) {
        Requests.requireVersion(ctx, SUBNETS, "Share network subnets");
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", SHARE_NETWORK.noun());
        String subnetId = Requests.id(ctx, "subnet", "share network subnet");
        Map<String, Object> n = get(id, c.scope());
        Map<String, Object> s = jdbi.withHandle(h -> h.createQuery("SELECT * FROM share_network_subnets WHERE id = :id "
                        + "AND share_network_id = :n AND deleted_at IS NULL").bind("id", subnetId).bind("n", id)
                .mapToMap().findOne()).orElseThrow(() -> new ResourceNotFound("share network subnet", subnetId));
        json.render(ctx, 200, Map.of("share_network_subnet", subnetView(s, n, Requests.version(ctx), true)));
    }

    private void createSubnet(Context ctx) {
        Requests.requireVersion(ctx, SUBNETS, "Share network subnets");
        Caller c = Requests.caller(ctx);
        String id = Requests.id(ctx, "id", SHARE_NETWORK.noun());
        JsonNode body = NetworkFields.envelope(bodies.tree(ctx), "share-network-subnet");
        NetworkFields.only(body, "share network subnet", SUBNET_FIELDS);
        String subnetId = service.addSubnet(c, id, subnet(body));
        Map<String, Object> n = get(id, c.scope());
        Map<String, Object> s = jdbi.withHandle(h -> h.createQuery("SELECT * FROM share_network_subnets WHERE id = :id")
                .bind("id", subnetId).mapToMap().one());
        json.render(ctx, 200, Map.of("share_network_subnet", subnetView(s, n, Requests.version(ctx), true)));
    }
}
