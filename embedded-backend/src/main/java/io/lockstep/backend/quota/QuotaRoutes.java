package io.lockstep.backend.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.api.quota.QuotaResource;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Forbidden;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.sharetype.ShareTypeStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manila's quota API: quota sets of a project, of a user in it, of a share type in it (show, detail,
 * defaults, update, delete, under {@code quota-sets} and the old {@code os-quota-sets}), quota
 * classes, and {@code /limits}. Fields appear from the microversion Manila gives them.
 */
public final class QuotaRoutes {

    private static final Microversion TYPE_QUOTAS = new Microversion(2, 39);
    private static final Microversion GROUP_LIMITS = new Microversion(2, 58);
    private static final List<String> NOT_QUOTAS = List.of("tenant_id", "id", "force", "class_name");

    private final QuotaStore quotas;
    private final ShareTypeStore types;
    private final Bodies bodies;
    private final JsonRenderer json;

    public QuotaRoutes(QuotaStore quotas, ShareTypeStore types, Bodies bodies, JsonRenderer json) {
        this.quotas = quotas;
        this.types = types;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        for (String base : List.of("/quota-sets", "/os-quota-sets")) {
            r.get(base + "/{target}", ctx -> show(ctx, false));
            r.get(base + "/{target}/detail", ctx -> show(ctx, true));
            r.get(base + "/{target}/defaults", this::defaults);
            r.put(base + "/{target}", this::update);
            r.delete(base + "/{target}", this::reset);
        }
        for (String base : List.of("/quota-class-sets", "/os-quota-class-sets")) {
            r.get(base + "/{class}", this::showClass);
            r.put(base + "/{class}", this::updateClass);
        }
        r.get("/limits", this::limits);
    }

    /** The scope a request names: the path's project, with {@code user_id} or {@code share_type}. */
    private QuotaScope scope(Context ctx, Caller c) {
        Requests.checkParams(ctx, List.of("user_id", "share_type"));
        String project = ctx.pathParam("target");
        Requests.checkProjectId(project, "project_id");
        if (!c.mayTouchProject(project)) {
            throw new Forbidden("This token belongs to project " + c.projectId() + ", not " + project + ".");
        }
        String user = ctx.queryParam("user_id");
        String type = ctx.queryParam("share_type");
        if (user != null && type != null) {
            throw ApiError.field("share_type", "'user_id' and 'share_type' values are mutually exclusive.");
        }
        if (type != null) {
            if (!Requests.version(ctx).atLeast(TYPE_QUOTAS)) {
                throw ApiError.field("share_type", "'share_type' key is not supported by this microversion. Use "
                        + TYPE_QUOTAS + " or greater microversion to be able to use 'share_type' quotas.");
            }
            try {
                type = types.get(type, new ShareTypeStore.Viewer(project, true)).id();
            } catch (io.lockstep.backend.request.ResourceNotFound e) {
                throw new ApiError(404, "Share type with name or id '" + type + "' not found.");
            }
        }
        return new QuotaScope(project, user, type);
    }

    private void show(Context ctx, boolean detail) {
        Caller c = Requests.caller(ctx);
        QuotaScope s = scope(ctx, c);
        Map<QuotaResource, QuotaStore.Line> lines = quotas.get(s);
        Map<String, Object> set = view(ctx, s.projectId(), s, r -> detail ? Map.of("in_use", lines.get(r).inUse(),
                "limit", lines.get(r).limit(), "reserved", lines.get(r).reserved()) : lines.get(r).limit());
        json.render(ctx, 200, Map.of("quota_set", set));
    }

    private void defaults(Context ctx) {
        Caller c = Requests.caller(ctx);
        String project = ctx.pathParam("target");
        Requests.checkProjectId(project, "project_id");
        Map<QuotaResource, Integer> limits = quotas.defaults();
        json.render(ctx, 200, Map.of("quota_set", view(ctx, project, QuotaScope.project(project), limits::get)));
    }

    private void update(Context ctx) {
        Caller c = Requests.authorize(ctx, Privileged.MANAGE_QUOTAS);
        QuotaScope s = scope(ctx, c);
        JsonNode body = envelope(ctx, "quota_set");
        boolean force = body.has("force") && parseBool(body.get("force"));
        Map<QuotaResource, Integer> limits = limits(ctx, body, s);
        quotas.setLimits(s, limits, force);
        Map<QuotaResource, QuotaStore.Line> lines = quotas.get(s);
        json.render(ctx, 200, Map.of("quota_set", view(ctx, null, s, r -> lines.get(r).limit())));
    }

    private void reset(Context ctx) {
        Caller c = Requests.authorize(ctx, Privileged.MANAGE_QUOTAS);
        quotas.reset(scope(ctx, c));
        ctx.status(202);
    }

    private void showClass(Context ctx) {
        Requests.caller(ctx);
        String name = className(ctx);
        Map<QuotaResource, Integer> limits = quotas.classLimits(name);
        Map<String, Object> set = view(ctx, null, QuotaScope.project(name), limits::get);
        set.put("id", name);
        json.render(ctx, 200, Map.of("quota_class_set", set));
    }

    private void updateClass(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_QUOTAS);
        String name = className(ctx);
        JsonNode body = envelope(ctx, "quota_class_set");
        quotas.setClassLimits(name, limits(ctx, body, QuotaScope.project(name)));
        Map<QuotaResource, Integer> limits = quotas.classLimits(name);
        json.render(ctx, 200, Map.of("quota_class_set", view(ctx, null, QuotaScope.project(name), limits::get)));
    }

    private static String className(Context ctx) {
        String name = ctx.pathParam("class");
        if (name.isEmpty() || name.length() > 255) {
            throw ApiError.field("class_name", "A quota class name is 1 to 255 characters.");
        }
        return name;
    }

    private void limits(Context ctx) {
        Caller c = Requests.caller(ctx);
        Microversion v = Requests.version(ctx);
        Map<QuotaResource, QuotaStore.Line> lines = quotas.get(QuotaScope.project(c.projectId()));
        Map<String, Object> absolute = new LinkedHashMap<>();
        for (QuotaResource r : QuotaResource.values()) {
            boolean groups = r == QuotaResource.SHARE_GROUPS || r == QuotaResource.SHARE_GROUP_SNAPSHOTS;
            if (r.maxName() == null || !v.atLeast(new Microversion(2, groups ? GROUP_LIMITS.minor() : r.sinceMinor()))) {
                continue;
            }
            absolute.put(r.maxName(), lines.get(r).limit());
            absolute.put(r.usedName(), lines.get(r).inUse());
        }
        json.render(ctx, 200, Map.of("limits", Map.of("rate", List.of(), "absolute", absolute)));
    }

    private JsonNode envelope(Context ctx, String key) {
        JsonNode root = bodies.tree(ctx);
        JsonNode body = root == null ? null : root.get(key);
        if (body == null || !body.isObject()) {
            throw ApiError.field(key, "The body must be {\"" + key + "\": {...}} with the limits to set.");
        }
        return body;
    }

    /** The limits a body sets: integers (or their strings), only for resources this version knows. */
    private static Map<QuotaResource, Integer> limits(Context ctx, JsonNode body, QuotaScope s) {
        Microversion v = Requests.version(ctx);
        Map<QuotaResource, Integer> out = new EnumMap<>(QuotaResource.class);
        List<String> bad = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (NOT_QUOTAS.contains(e.getKey())) {
                continue;
            }
            var r = QuotaResource.byWire(e.getKey());
            if (r.isEmpty()) {
                bad.add(e.getKey());
                continue;
            }
            if (!v.atLeast(new Microversion(2, r.get().sinceMinor()))) {
                throw ApiError.field(e.getKey(), "'" + e.getKey() + "' key is not supported by this microversion. Use 2."
                        + r.get().sinceMinor() + " or greater microversion to be able to use '" + e.getKey()
                        + "' quotas.");
            }
            if (!s.shareTypeId().isEmpty() && !r.get().perShareType()) {
                throw ApiError.field(e.getKey(), "'" + e.getKey() + "' quota cannot be set for a share type. It can be "
                        + "set only for a project or user.");
            }
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            long limit;
            try {
                limit = value.isIntegralNumber() ? value.longValue() : Long.parseLong(value.asText().strip());
            } catch (NumberFormatException notInteger) {
                throw ApiError.field(e.getKey(), "Quota '" + value.asText() + "' for " + e.getKey()
                        + " should be integer.");
            }
            if (value.isIntegralNumber() && !value.canConvertToLong() || limit > Integer.MAX_VALUE) {
                throw ApiError.field(e.getKey(), "Quota " + value.asText() + " for " + e.getKey() + " is too large: at "
                        + "most " + Integer.MAX_VALUE + " (or -1 for unlimited).");
            }
            out.put(r.get(), (int) Math.max(limit, Integer.MIN_VALUE));
        }
        if (!bad.isEmpty()) {
            throw ApiError.field("quota_set", "Bad key(s) " + String.join(",", bad) + " in quota_set; known: "
                    + java.util.Arrays.stream(QuotaResource.values()).map(QuotaResource::wire).toList() + ".");
        }
        if (out.isEmpty()) {
            throw ApiError.field("quota_set", "Must supply at least one quota field to update.");
        }
        return out;
    }

    private static boolean parseBool(JsonNode n) {
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String s = n.asText().strip().toLowerCase(java.util.Locale.ROOT);
        if (List.of("true", "1", "yes", "y", "on", "t").contains(s)) {
            return true;
        }
        if (List.of("false", "0", "no", "n", "off", "f").contains(s)) {
            return false;
        }
        throw ApiError.field("force", "'force' must be a boolean (got '" + n.asText() + "').", List.of("true", "false"));
    }

    /** Manila's view of a quota set: the four core resources, share networks, then what the version adds. */
    private static Map<String, Object> view(Context ctx, String id, QuotaScope s,
                                            java.util.function.Function<QuotaResource, Object> value) {
        Microversion v = Requests.version(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        if (id != null) {
            out.put("id", id);
        }
        for (QuotaResource r : QuotaResource.values()) {
            if (r == QuotaResource.SHARE_NETWORKS && !s.shareTypeId().isEmpty()) {
                continue;
            }
            if (!s.shareTypeId().isEmpty() && !r.perShareType()) {
                continue;
            }
            if (v.atLeast(new Microversion(2, r.sinceMinor()))) {
                out.put(r.wire(), value.apply(r));
            }
        }
        return out;
    }
}
