package io.lockstep.backend.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.ResourceNotFound;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Manila's security services ({@code /security-services}): LDAP, Kerberos and Active Directory
 * settings a project adds to its share networks. Plain rows with no state of their own (Manila shows
 * {@code status: new}); one in use by a network is not deleted, and only its name and description
 * change while a network with servers uses it. Thread-safe.
 */
public final class SecurityServiceRoutes {

    public static final List<String> TYPES = List.of("ldap", "kerberos", "active_directory");
    private static final Microversion OU = new Microversion(2, 44);
    private static final Microversion AD_SITE = new Microversion(2, 76);
    private static final List<String> FIELDS = List.of("name", "description", "type", "dns_ip", "ou", "server",
            "domain", "user", "password", "default_ad_site");

    private final Jdbi jdbi;
    private final Bodies bodies;
    private final JsonRenderer json;
    private final Clock clock;

    public SecurityServiceRoutes(Jdbi jdbi, Bodies bodies, JsonRenderer json, Clock clock) {
        this.jdbi = jdbi;
        this.bodies = bodies;
        this.json = json;
        this.clock = clock;
    }

    public void register(ManilaRouter r) {
        r.get("/security-services", ctx -> list(ctx, false));
        r.get("/security-services/detail", ctx -> list(ctx, true));
        r.get("/security-services/{id}", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, Map.of("security_service", view(get(ctx, c), Requests.version(ctx), true)));
        });
        r.post("/security-services", this::create);
        r.put("/security-services/{id}", this::update);
        r.delete("/security-services/{id}", this::delete);
    }

    /** A live security service visible in {@code scope} (null: any project). */
    static Optional<Map<String, Object>> find(Handle h, String id, String scope) {
        return h.createQuery("SELECT * FROM security_services WHERE id = :id AND deleted_at IS NULL"
                + (scope == null ? "" : " AND project_id = :p")).bind("id", id).bind("p", scope).mapToMap().findOne();
    }

    private Map<String, Object> get(Context ctx, Caller c) {
        String id = Requests.id(ctx, "id", "security service");
        return jdbi.withHandle(h -> find(h, id, c.scope())).orElseThrow(() -> new ResourceNotFound("security service",
                id));
    }

    private Map<String, Object> fields(JsonNode body, boolean creating) {
        NetworkFields.only(body, "security service", FIELDS);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : FIELDS) {
            if (body.has(f)) {
                out.put(f.equals("user") ? "sec_user" : f, NetworkFields.text(body, f, f.equals("description") ? 1024
                        : 255));
            }
        }
        Object type = out.get("type");
        if (creating && type == null || body.has("type") && !TYPES.contains(String.valueOf(type))) {
            throw ApiError.field("type", "type must be one of " + TYPES + (type == null ? "" : " (got '" + type + "')")
                    + ".", TYPES);
        }
        return out;
    }

    private void create(Context ctx) {
        Caller c = Requests.caller(ctx);
        JsonNode body = NetworkFields.envelope(bodies.tree(ctx), "security_service");
        Map<String, Object> row = fields(body, true);
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        row.put("id", id);
        row.put("project_id", c.projectId());
        row.put("user_id", c.actor());
        row.put("created_at", now);
        row.put("updated_at", now);
        jdbi.useHandle(h -> {
            var u = h.createUpdate("INSERT INTO security_services (" + String.join(", ", row.keySet()) + ") VALUES (:"
                    + String.join(", :", row.keySet()) + ")");
            row.forEach(u::bind);
            u.execute();
        });
        json.render(ctx, 200, Map.of("security_service", view(jdbi.withHandle(h -> find(h, id, null)).orElseThrow(),
                Requests.version(ctx), true)));
    }

    private void update(Context ctx) {
        Caller c = Requests.caller(ctx);
        Map<String, Object> current = get(ctx, c);
        String id = (String) current.get("id");
        Map<String, Object> changes = fields(NetworkFields.envelope(bodies.tree(ctx), "security_service"), false);
        jdbi.useTransaction(h -> {
            List<String> busy = networksWithServers(h, id);
            if (!busy.isEmpty() && changes.keySet().stream().anyMatch(k -> !k.equals("name") && !k.equals("description"))) {
                throw new ApiError(403, "Security service " + id + " is used by share networks " + busy + " that have "
                        + "share servers: only its name and description may change.");
            }
            if (!changes.isEmpty()) {
                var u = h.createUpdate("UPDATE security_services SET " + String.join(", ", changes.keySet().stream()
                        .map(k -> k + " = :" + k).toList()) + ", updated_at = :now WHERE id = :id");
                changes.forEach(u::bind);
                u.bind("now", clock.millis()).bind("id", id).execute();
            }
        });
        json.render(ctx, 200, Map.of("security_service", view(jdbi.withHandle(h -> find(h, id, null)).orElseThrow(),
                Requests.version(ctx), true)));
    }

    private void delete(Context ctx) {
        Caller c = Requests.caller(ctx);
        String id = (String) get(ctx, c).get("id");
        jdbi.useTransaction(h -> {
            List<String> used = h.createQuery("SELECT share_network_id FROM share_network_security_services WHERE "
                    + "security_service_id = :id").bind("id", id).mapTo(String.class).list();
            if (!used.isEmpty()) {
                throw new ApiError(403, "Security service " + id + " is used by share networks " + used
                        + ": remove it from them first.");
            }
            h.createUpdate("UPDATE security_services SET deleted_at = :now WHERE id = :id").bind("now", clock.millis())
                    .bind("id", id).execute();
        });
        ctx.status(202);
    }

    private static List<String> networksWithServers(Handle h, String serviceId) {
        return h.createQuery("SELECT DISTINCT l.share_network_id FROM share_network_security_services l JOIN "
                        + "share_servers s ON s.share_network_id = l.share_network_id WHERE l.security_service_id = :id "
                        + "AND s.status <> :t").bind("id", serviceId)
                .bind("t", io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER.terminalState())
                .mapTo(String.class).list();
    }

    private void list(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        Requests.checkParams(ctx, List.of("all_tenants", "project_id", "share_network_id", "name", "type", "status",
                "limit", "offset", "user", "server", "dns_ip", "domain", "ou", "default_ad_site", "description",
                "id"));
        String project = c.projectFilter() == null ? ctx.queryParam("project_id") : c.projectFilter();
        StringBuilder where = new StringBuilder(" WHERE s.deleted_at IS NULL");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (project != null) {
            where.append(" AND s.project_id = :project");
            binds.put("project", project);
        }
        String network = ctx.queryParam("share_network_id");
        if (network != null) {
            where.append(" AND EXISTS (SELECT 1 FROM share_network_security_services l WHERE l.security_service_id = "
                    + "s.id AND l.share_network_id = :network)");
            binds.put("network", network);
        }
        for (String f : List.of("name", "type", "server", "dns_ip", "domain", "ou", "id")) {
            if (ctx.queryParam(f) != null) {
                where.append(" AND s.").append(f).append(" = :").append(f);
                binds.put(f, ctx.queryParam(f));
            }
        }
        Microversion v = Requests.version(ctx);
        List<Map<String, Object>> rows = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT s.* FROM security_services s" + where + " ORDER BY s.created_at, s.id");
            binds.forEach(q::bind);
            return q.mapToMap().list();
        });
        json.render(ctx, 200, Map.of("security_services", rows.stream().map(row -> view(row, v, detail)).toList()));
    }

    private Map<String, Object> view(Map<String, Object> s, Microversion v, boolean detail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.get("id"));
        out.put("name", s.get("name"));
        out.put("type", s.get("type"));
        out.put("status", "new");
        if (!detail) {
            return out;
        }
        out.put("description", s.get("description"));
        out.put("dns_ip", s.get("dns_ip"));
        out.put("server", s.get("server"));
        out.put("domain", s.get("domain"));
        out.put("user", s.get("sec_user"));
        out.put("password", s.get("password"));
        if (v.atLeast(OU)) {
            out.put("ou", s.get("ou"));
        }
        if (v.atLeast(AD_SITE)) {
            out.put("default_ad_site", s.get("default_ad_site"));
        }
        out.put("project_id", s.get("project_id"));
        out.put("created_at", ManilaTime.format(((Number) s.get("created_at")).longValue()));
        out.put("updated_at", ManilaTime.format(((Number) s.get("updated_at")).longValue()));
        out.put("share_networks", jdbi.withHandle(h -> h.createQuery("SELECT share_network_id FROM "
                + "share_network_security_services WHERE security_service_id = :id").bind("id", s.get("id"))
                .mapTo(String.class).list()));
        return out;
    }
}
