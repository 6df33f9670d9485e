package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.statemachine.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's share servers (admin): {@code GET /share-servers} (by host, status, share network, project),
 * {@code GET /share-servers/{id}}, {@code GET /share-servers/{id}/details}, {@code DELETE} and the
 * {@code reset_status} action (2.49), the writes routed from the server's declaration. Manila's clients
 * know a server's setup as {@code creating}: a phase is shown so, with the phase itself in
 * {@code task_state}; a phase's error is {@code error} with the phase in {@code task_state}. The
 * allocations are served with the show ({@code network_allocations}, Lockstep's). Thread-safe.
 */
public final class ShareServerRoutes {

    private static final Microversion AUTO_DELETABLE = new Microversion(2, 49);
    private static final Microversion TASK_STATE = new Microversion(2, 57);
    private static final Microversion SECURITY_UPDATE = new Microversion(2, 63);
    private static final Microversion SUBNET_IDS = new Microversion(2, 70);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The setup's phases, read from the server's machine. */
    private static final List<Operation> PHASES = ServerSetupWork.phases();
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final ShareServerService service;
    private final Jdbi jdbi;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ShareServerRoutes(ShareServerService service, Jdbi jdbi, Bodies bodies, JsonRenderer json) {
        this.service = service;
        this.jdbi = jdbi;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        String collection = "/" + SHARE_SERVER.wire().collection();
        r.get(collection, this::list);
        r.get(collection + "/detail", this::list);
        r.get(collection + "/{id}", ctx -> {
            Map<String, Object> row = one(ctx);
            json.render(ctx, 200, Map.of("share_server", view(row, Requests.version(ctx), true,
                    related(List.of((String) row.get("id"))))));
        });
        r.get(collection + "/{id}/details", ctx -> json.render(ctx, 200, Map.of("details",
                details(one(ctx)))));
        OperationRoutes.of(SHARE_SERVER, bodies, json)
                .on("delete", (req, body) -> service.delete(req))
                .on("reset_status", (req, body, v) -> {
                    if (!v.atLeast(AUTO_DELETABLE)) {
                        throw new ApiError(400, "A share server's reset_status needs API version " + AUTO_DELETABLE
                                + " or later.");
                    }
                    service.resetStatus(req, body.resetStatus(bodies, SHARE_SERVER));
                })
                .register(r);
    }

    private Map<String, Object> one(Context ctx) {
        Requests.authorize(ctx, Privileged.READ_SHARE_SERVERS);
        String id = Requests.id(ctx, "id", SHARE_SERVER.noun());
        return rows(" AND s.id = :id", Map.of("id", id)).stream().findFirst()
                .orElseThrow(() -> new ApiError(404, "Share server " + id + " could not be found."));
    }

    private void list(Context ctx) {
        Requests.authorize(ctx, Privileged.READ_SHARE_SERVERS);
        Requests.checkParams(ctx, List.of("all_tenants", "host", "status", "share_network", "share_network_id",
                "project_id", "source_share_server_id", "identifier", "share_network_subnet_id"));
        StringBuilder where = new StringBuilder();
        Map<String, Object> binds = new LinkedHashMap<>();
        String host = ctx.queryParam("host");
        if (host != null) {
            where.append(" AND s.host = :host");
            binds.put("host", host);
        }
        String network = ctx.queryParam("share_network") != null ? ctx.queryParam("share_network")
                : ctx.queryParam("share_network_id");
        if (network != null) {
            where.append(" AND (s.share_network_id = :net OR n.name = :net)");
            binds.put("net", network);
        }
        if (ctx.queryParam("project_id") != null) {
            where.append(" AND s.project_id = :project");
            binds.put("project", ctx.queryParam("project_id"));
        }
        if (ctx.queryParam("share_network_subnet_id") != null) {
            where.append(" AND s.share_network_subnet_id = :subnet");
            binds.put("subnet", ctx.queryParam("share_network_subnet_id"));
        }
        Microversion v = Requests.version(ctx);
        String status = ctx.queryParam("status");
        List<Map<String, Object>> rows = rows(where.toString(), binds);
        Related related = related(rows.stream().map(r -> (String) r.get("id")).toList());
        json.render(ctx, 200, Map.of("share_servers", rows.stream()
                .map(row -> view(row, v, false, related))
                .filter(view -> status == null || status.equals(view.get("status")))
                .toList()));
    }

    private List<Map<String, Object>> rows(String where, Map<String, Object> binds) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT s.*, n.name AS share_network_name FROM share_servers s JOIN share_networks n "
                    + "ON n.id = s.share_network_id WHERE s.status <> :t" + where + " ORDER BY s.created_at, s.id")
                    .bind("t", SHARE_SERVER.terminalState());
            binds.forEach(q::bind);
            return q.mapToMap().list();
        });
    }

    /**
     * A phase as Manila's clients know it: a setup phase's state shows as the create's transitional state,
     * a phase's error as the create's error; every other state as declared.
     */
    static String wireStatus(String status) {
        Operation create = SHARE_SERVER.createOperation().orElseThrow();
        for (Operation phase : PHASES) {
            if (status.equals(phase.via())) {
                return create.via();
            }
            if (phase.errors().contains(status)) {
                return create.defaultErrorState();
            }
        }
        return status;
    }

    /** The listed servers' allocations and live shares, each read once for the whole page. */
    private record Related(Map<String, List<Map<String, Object>>> allocations, Map<String, List<String>> shares) {
    }

    private Related related(List<String> serverIds) {
        if (serverIds.isEmpty()) {
            return new Related(Map.of(), Map.of());
        }
        return jdbi.withHandle(h -> {
            Map<String, List<Map<String, Object>>> allocations = new LinkedHashMap<>();
            h.createQuery("SELECT id, ip_address, label, share_network_subnet_id, share_server_id FROM "
                            + "network_allocations WHERE share_server_id IN (<ids>) ORDER BY ip_address")
                    .bindList("ids", serverIds).mapToMap().forEach(a -> allocations.computeIfAbsent(
                            (String) a.remove("share_server_id"), k -> new java.util.ArrayList<>()).add(a));
            Map<String, List<String>> shares = new LinkedHashMap<>();
            h.createQuery("SELECT id, share_server_id FROM " + SHARE.table() + " WHERE share_server_id IN (<ids>) "
                            + "AND status <> :gone ORDER BY created_at").bindList("ids", serverIds)
                    .bind("gone", SHARE.terminalState()).mapToMap().forEach(r -> shares.computeIfAbsent(
                            (String) r.get("share_server_id"), k -> new java.util.ArrayList<>()).add((String) r.get("id")));
            return new Related(allocations, shares);
        });
    }

    private Map<String, Object> view(Map<String, Object> s, Microversion v, boolean show, Related related) {
        String id = (String) s.get("id");
        String status = (String) s.get("status");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("project_id", s.get("project_id"));
        out.put("status", wireStatus(status));
        out.put("host", s.get("host"));
        out.put("share_network_id", s.get("share_network_id"));
        out.put("share_network_name", s.get("share_network_name"));
        out.put("share_network_subnet_id", s.get("share_network_subnet_id"));
        out.put("created_at", ManilaTime.format(((Number) s.get("created_at")).longValue()));
        out.put("updated_at", ManilaTime.format(((Number) s.get("updated_at")).longValue()));
        if (show) {
            out.put("backend_details", details(s));
        }
        if (v.atLeast(AUTO_DELETABLE)) {
            out.put("is_auto_deletable", true);
            out.put("identifier", id);
        }
        if (v.atLeast(TASK_STATE)) {
            out.put("task_state", wireStatus(status).equals(status) ? null : status);
            out.put("source_share_server_id", null);
        }
        if (v.atLeast(SECURITY_UPDATE)) {
            out.put("security_service_update_support", false);
        }
        if (v.atLeast(SUBNET_IDS)) {
            out.put("share_network_subnet_ids", List.of(s.get("share_network_subnet_id")));
            out.put("network_allocation_update_support", false);
        }
        out.put("lockstep_status", status);
        out.put("network_allocations", related.allocations().getOrDefault(id, List.of()));
        out.put("shares", related.shares().getOrDefault(id, List.of()));
        return out;
    }

    private static Map<String, Object> details(Map<String, Object> s) {
        String raw = (String) s.get("backend_details");
        if (raw == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(raw, DETAILS).entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()), (a, b) -> a,
                            LinkedHashMap::new));
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }
}
