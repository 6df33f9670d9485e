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
import java.util.UUID;
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

    private final SecurityServiceStore store;
    private final Bodies bodies;
    private final JsonRenderer json;
    private final Clock clock;

    public SecurityServiceRoutes(Jdbi jdbi, Bodies bodies, JsonRenderer json, Clock clock) {
        this.store = new SecurityServiceStore(jdbi, clock);
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

    private Map<String, Object> get(Context ctx, Caller c) {
        return store.get(Requests.id(ctx, "id", "security service"), c.scope());
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
        store.insert(row);
        json.render(ctx, 200, Map.of("security_service", view(store.get(id, null), Requests.version(ctx), true)));
    }

    private void update(Context ctx) {
        Caller c = Requests.caller(ctx);
        Map<String, Object> current = get(ctx, c);
        String id = (String) current.get("id");
        Map<String, Object> changes = fields(NetworkFields.envelope(bodies.tree(ctx), "security_service"), false);
        store.update(id, c.scope(), changes);
        json.render(ctx, 200, Map.of("security_service", view(store.get(id, null), Requests.version(ctx), true)));
    }

    private void delete(Context ctx) {
        Caller c = Requests.caller(ctx);
        String id = (String) get(ctx, c).get("id");
        store.delete(id, c.scope());
        ctx.status(202);
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
        List<Map<String, Object>> rows = store.list(where.toString(), binds);
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
        out.put("share_networks", store.networksOf((String) s.get("id")));
        return out;
    }
}
