package io.lockstep.backend.sharetype;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.api.auth.Role;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Forbidden;
import io.lockstep.backend.request.Privileged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manila's share types API ({@code /types}): list, show, the default type, create, update (2.50),
 * delete; extra specs (list, show, set, unset); access to private types (list, add, remove). Reads are
 * for everyone (a user sees public types, the private ones their project may use, and only the specs
 * Manila shows users); changes are for admins.
 */
public final class ShareTypeRoutes {

    private static final Microversion ACCESS_CORE = new Microversion(2, 7);
    private static final Microversion NO_SPEC_DEFAULTS = new Microversion(2, 24);
    private static final Microversion DESCRIPTION = new Microversion(2, 41);
    private static final Microversion SPEC_FILTER = new Microversion(2, 43);
    private static final Microversion IS_DEFAULT = new Microversion(2, 46);
    private static final Microversion UPDATE = new Microversion(2, 50);

    private final ShareTypeStore types;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ShareTypeRoutes(ShareTypeStore types, Bodies bodies, JsonRenderer json) {
        this.types = types;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/types", this::list);
        r.get("/types/default", this::showDefault);
        r.get("/types/{id}", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, both(view(ctx, c, types.get(ctx.pathParam("id"), viewer(c)))));
        });
        r.post("/types", this::create);
        r.put("/types/{id}", this::update);
        r.delete("/types/{id}", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
            try {
                types.delete(ctx.pathParam("id"));
            } catch (ShareTypeStore.TypeInUse e) {
                throw new ApiError(new ErrorDetail(400, e.getMessage(), null, null, null, null, null, "share_type",
                        null));
            }
            ctx.status(202);
        });
        r.get("/types/{id}/extra_specs", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, Map.of("extra_specs", types.get(ctx.pathParam("id"), viewer(c)).extraSpecs()));
        });
        r.post("/types/{id}/extra_specs", this::setSpecs);
        r.get("/types/{id}/extra_specs/{key}", ctx -> {
            Caller c = Requests.caller(ctx);
            String key = ctx.pathParam("key");
            String value = types.get(ctx.pathParam("id"), viewer(c)).extraSpecs().get(key);
            if (value == null) {
                throw new ApiError(404, "Share type " + ctx.pathParam("id") + " has no extra spec '" + key + "'.");
            }
            json.render(ctx, 200, Map.of(key, value));
        });
        r.put("/types/{id}/extra_specs/{key}", this::updateSpec);
        r.delete("/types/{id}/extra_specs/{key}", this::unsetSpec);
        r.get("/types/{id}/share_type_access", this::access);
        r.get("/types/{id}/os-share-type-access", this::access);
        r.post("/types/{id}/action", this::action);
    }

    private static ShareTypeStore.Viewer viewer(Caller c) {
        return new ShareTypeStore.Viewer(c.projectId(), c.role() == Role.ADMIN);
    }

    private void list(Context ctx) {
        Caller c = Requests.caller(ctx);
        Requests.checkParams(ctx, List.of("is_public", "extra_specs", "all_tenants"));
        Boolean isPublic = true;
        String param = ctx.queryParam("is_public");
        if (c.role() == Role.ADMIN && param != null) {
            isPublic = param.equalsIgnoreCase("none") || param.equalsIgnoreCase("all") ? null
                    : ExtraSpecs.bool(param).orElseThrow(() -> ApiError.field(400, "is_public", "Invalid is_public filter [" + param
                            + "]: one of true, false or none.", List.of("true", "false", "none")));
        }
        Map<String, String> specFilter = new LinkedHashMap<>();
        String specs = ctx.queryParam("extra_specs");
        if (specs != null) {
            if (!Requests.version(ctx).atLeast(SPEC_FILTER)) {
                throw ApiError.field(400, "extra_specs", "Filter by 'extra_specs' is not supported by this microversion. Use 2.43 or greater "
                        + "microversion to be able to use filter search by 'extra_specs'.", null);
            }
            specFilter.putAll(Requests.dictionary(ctx, "extra_specs", "{'snapshot_support': 'True'}"));
        }
        List<Map<String, Object>> shown = types.list(viewer(c), isPublic, specFilter).stream()
                .map(t -> view(ctx, c, t)).toList();
        json.render(ctx, 200, Map.of("share_types", shown, "volume_types", shown));
    }

    private void showDefault(Context ctx) {
        Caller c = Requests.caller(ctx);
        ShareType t;
        try {
            t = types.get(ShareTypeStore.DEFAULT_ID, viewer(c));
        } catch (io.lockstep.backend.request.ResourceNotFound e) {
            throw new ApiError(404, "Default share type not found.");
        }
        json.render(ctx, 200, both(view(ctx, c, t)));
    }

    private void create(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        Microversion v = Requests.version(ctx);
        JsonNode root = bodies.tree(ctx);
        JsonNode body = root.has("share_type") ? root.get("share_type") : root.get("volume_type");
        if (body == null || !body.isObject()) {
            throw ApiError.field(400, "share_type", "The body must be {\"share_type\": {\"name\": ..., \"extra_specs\": {...}}}.",
                    null);
        }
        String name = text(body, "name");
        String description = text(body, "description");
        if (description != null && !v.atLeast(DESCRIPTION)) {
            throw ApiError.field(400, "description", "'description' key is not supported by this microversion. Use 2.41 or greater "
                    + "microversion to be able to use 'description' in share type.", null);
        }
        if (name == null || name.isEmpty() || name.length() > 255 || description != null && description.length() > 255) {
            throw ApiError.field(400, name == null || name.isEmpty() || name.length() > 255
                    ? "name" : "description", "Type name or description is not valid: a name of 1 to 255 characters is required, and a "
                    + "description has at most 255.", null);
        }
        JsonNode publicNode = body.has("os-share-type-access:is_public") ? body.get("os-share-type-access:is_public")
                : body.get("share_type_access:is_public");
        boolean isPublic = publicNode == null || publicNode.isNull() ? true : bool(publicNode,
                "share_type_access:is_public");
        Map<String, Object> raw = specs(body.get("extra_specs"));
        if (!v.atLeast(NO_SPEC_DEFAULTS)) {
            raw.putIfAbsent(ExtraSpecs.SNAPSHOT_SUPPORT, "True");
        }
        Map<String, String> specs = validated(raw, true);
        try {
            json.render(ctx, 200, both(view(ctx, Requests.caller(ctx), types.create(name, description, isPublic,
                    specs))));
        } catch (ShareTypeStore.TypeExists e) {
            throw ApiError.field(409, "name", e.getMessage(), null);
        }
    }

    private void update(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        if (!Requests.version(ctx).atLeast(UPDATE)) {
            throw new ApiError(404, "Updating a share type needs API version 2.50 or later.");
        }
        JsonNode body = bodies.tree(ctx).get("share_type");
        if (body == null || !body.isObject()) {
            throw ApiError.field(400, "share_type", "The body must be {\"share_type\": {\"name\", \"description\" or "
                    + "\"share_type_access:is_public\"}}.", null);
        }
        String name = text(body, "name");
        String description = text(body, "description");
        Boolean isPublic = body.has("share_type_access:is_public") && !body.get("share_type_access:is_public").isNull()
                ? bool(body.get("share_type_access:is_public"), "share_type_access:is_public") : null;
        if (name == null && description == null && isPublic == null) {
            throw ApiError.field(400, "share_type", "Share type name, description, share_type_access:is_public or a combination thereof "
                    + "must be given.", null);
        }
        if (name != null && (name.isBlank() || name.length() > 255)) {
            throw ApiError.field(400, "name", "Share type name must be 1 to 255 characters, not blank.", null);
        }
        if (description != null && description.length() > 255) {
            throw ApiError.field(400, "description", "Share type description may be at most 255 characters.", null);
        }
        try {
            json.render(ctx, 200, both(view(ctx, Requests.caller(ctx), types.update(ctx.pathParam("id"), name,
                    description, isPublic))));
        } catch (ShareTypeStore.TypeExists e) {
            throw ApiError.field(409, "name", e.getMessage(), null);
        }
    }

    private void setSpecs(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        JsonNode body = bodies.tree(ctx).get("extra_specs");
        if (body == null || !body.isObject()) {
            throw ApiError.field(400, "extra_specs", "The body must be {\"extra_specs\": {\"key\": \"value\", ...}}.", null);
        }
        Map<String, String> specs = validated(specs(body), false);
        json.render(ctx, 200, Map.of("extra_specs", types.setSpecs(ctx.pathParam("id"), specs)));
    }

    private void updateSpec(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        String key = ctx.pathParam("key");
        JsonNode body = bodies.tree(ctx);
        if (!body.isObject() || body.size() != 1 || !body.has(key)) {
            throw ApiError.field(400, key, "The body must be {\"" + key + "\": value}: one item, named as in the URL.", null);
        }
        Map<String, String> specs = validated(specs(body), false);
        json.render(ctx, 200, types.setSpecs(ctx.pathParam("id"), specs));
    }

    private void unsetSpec(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        String key = ctx.pathParam("key");
        if (ExtraSpecs.REQUIRED.contains(key)) {
            throw new Forbidden("Extra spec '" + key + "' can't be deleted: every share type needs it.");
        }
        if (!types.unsetSpec(ctx.pathParam("id"), key)) {
            throw new ApiError(404, "Share type " + ctx.pathParam("id") + " has no extra spec '" + key + "'.");
        }
        ctx.status(202);
    }

    private void access(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        ShareType t = types.get(ctx.pathParam("id"), new ShareTypeStore.Viewer(null, true));
        if (t.isPublic()) {
            throw new ApiError(404, "Access list not available for public share types.");
        }
        json.render(ctx, 200, Map.of("share_type_access", t.projects().stream()
                .map(p -> Map.of("share_type_id", t.id(), "project_id", p)).toList()));
    }

    private void action(Context ctx) {
        Requests.authorize(ctx, Privileged.MANAGE_SHARE_TYPES);
        JsonNode body = bodies.tree(ctx);
        String action = body.isObject() && body.size() == 1 ? body.fieldNames().next() : null;
        if (!"addProjectAccess".equals(action) && !"removeProjectAccess".equals(action)) {
            throw ApiError.field(400, "action", "The action must be one of [addProjectAccess, removeProjectAccess].",
                    List.of("addProjectAccess", "removeProjectAccess"));
        }
        String project = text(body.get(action), "project");
        if (project == null) {
            throw ApiError.field(400, "project", "'" + action + ".project' is required: the project id.", null);
        }
        Requests.checkProjectId(project, "project");
        ShareType t = types.get(ctx.pathParam("id"), new ShareTypeStore.Viewer(null, true));
        if (t.isPublic()) {
            throw new ApiError(409, "Invalid share type: access to public share type " + t.id() + " cannot be "
                    + "changed; make it private first.");
        }
        if (action.equals("addProjectAccess") && !types.addProject(t.id(), project)) {
            throw new ApiError(409, "Share type access for " + t.id() + " / " + project + " already exists.");
        }
        if (action.equals("removeProjectAccess") && !types.removeProject(t.id(), project)) {
            throw new ApiError(404, "Share type access not found for " + t.id() + " / " + project + " combination.");
        }
        ctx.status(202);
    }

    private Map<String, String> validated(Map<String, Object> raw, boolean requireAll) {
        try {
            return ExtraSpecs.validate(raw, requireAll);
        } catch (IllegalArgumentException e) {
            throw ApiError.field(400, "extra_specs", e.getMessage(), null);
        }
    }

    private Map<String, Object> specs(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw ApiError.field(400, "extra_specs", "'extra_specs' must be an object of key and value strings.", null);
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isBoolean() ? e.getValue().asBoolean()
                : e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }

    /** A type as Manila shows it at the request's microversion, to this caller. */
    private static Map<String, Object> view(Context ctx, Caller c, ShareType t) {
        Microversion v = Requests.version(ctx);
        boolean admin = c.role() == Role.ADMIN;
        Map<String, Object> specs = new LinkedHashMap<>();
        t.extraSpecs().forEach((k, val) -> {
            if (admin || ExtraSpecs.TENANT_VISIBLE.contains(k)) {
                specs.put(k, val);
            }
        });
        if (!admin && v.atLeast(NO_SPEC_DEFAULTS)) {
            ExtraSpecs.INFERRED.forEach(specs::putIfAbsent);
        }
        Map<String, Object> required = new LinkedHashMap<>();
        ExtraSpecs.REQUIRED.stream().filter(t.extraSpecs()::containsKey).forEach(k -> required.put(k,
                t.extraSpecs().get(k)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("extra_specs", specs);
        m.put("required_extra_specs", required);
        m.put(v.atLeast(ACCESS_CORE) ? "share_type_access:is_public" : "os-share-type-access:is_public", t.isPublic());
        if (v.atLeast(DESCRIPTION)) {
            m.put("description", t.description());
        }
        if (v.atLeast(IS_DEFAULT)) {
            m.put("is_default", t.id().equals(ShareTypeStore.DEFAULT_ID));
        }
        return m;
    }

    private static Map<String, Object> both(Map<String, Object> view) {
        return Map.of("share_type", view, "volume_type", view);
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.has(field) || node.get(field).isNull()) {
            return null;
        }
        if (!node.get(field).isTextual()) {
            throw ApiError.field(400, field, "'" + field + "' must be a string.", null);
        }
        return node.get(field).asText();
    }

    private static boolean bool(JsonNode n, String field) {
        return ExtraSpecs.bool(n.isBoolean() ? n.asBoolean() : n.asText()).orElseThrow(() -> ApiError.field(400, field, field
                + " has a non-boolean value: " + n + " (true or false).", List.of("true", "false")));
    }
}
