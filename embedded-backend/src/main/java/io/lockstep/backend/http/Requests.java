package io.lockstep.backend.http;

import io.javalin.http.Context;
import io.lockstep.api.auth.Role;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Forbidden;
import io.lockstep.backend.request.ListQuery;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What handlers read from a request, validated: the caller, ids, list parameters, the status seen. */
public final class Requests {

    static final String TOKEN_ATTR = "lockstep.token";
    static final String VERSION_ATTR = "lockstep.microversion";
    /** The status the operator saw; the server refuses the action with 409 if the resource moved on. */
    public static final String EXPECTED_STATUS_HEADER = "X-Lockstep-Expected-Status";
    static final String ERROR_MESSAGE_ATTR = "lockstep.error-message";
    static final String BODY_ATTR = "lockstep.body";

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Requests() {
    }

    /**
     * The request body as read (at most {@link Bodies#MAX_BYTES}) before the handler ran; empty if
     * there was none or it was refused. The audit reads it from here, however the request ended.
     */
    public static byte[] body(Context ctx) {
        byte[] b = ctx.attribute(BODY_ATTR);
        return b == null ? new byte[0] : b;
    }

    /** The message of the error this request was answered with, or null. */
    public static String errorMessage(Context ctx) {
        return ctx.attribute(ERROR_MESSAGE_ATTR);
    }

    public static TokenStore.Token token(Context ctx) {
        return ctx.attribute(TOKEN_ATTR);
    }

    public static Microversion version(Context ctx) {
        Microversion v = ctx.attribute(VERSION_ATTR);
        return v == null ? Microversion.MIN : v;
    }

    /** The caller, after checking the URL's project is theirs (admins may name any project). */
    /** The header every response carries its request's id in (Manila's). */
    public static final String REQUEST_ID_HEADER = "X-Openstack-Request-Id";

    public static Caller caller(Context ctx) {
        TokenStore.Token t = token(ctx);
        String project = ctx.pathParamMap().get("project_id");
        if (project != null) {
            checkProjectId(project, "project_id");
        }
        if (project == null) {
            if (ctx.path().startsWith("/v2/") && !version(ctx).atLeast(Microversion.PROJECTLESS)) {
                throw new ApiError(404, "URLs without a project id need API version "
                        + Microversion.PROJECTLESS + " or later (this request asked for " + version(ctx) + ").");
            }
            project = t.projectId();
        } else if (!project.equals(t.projectId()) && t.role() != Role.ADMIN) {
            throw new Forbidden("This token belongs to project " + t.projectId() + ", not " + project + ".");
        }
        boolean allTenants = flag(ctx, "all_tenants");
        return new Caller(t.actor(), t.role(), project, allTenants);
    }

    private static final Pattern PROJECT_ID = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

    /** A project id names a project only when it is 1 to 64 letters, digits, '_', '-', '.' or '@'. */
    public static void checkProjectId(String id, String field) {
        if (!PROJECT_ID.matcher(id).matches()) {
            throw new ApiError(new ErrorDetail(400, "'" + field + "' must be 1 to 64 letters, digits, '_', '-', '.' "
                    + "or '@' (got " + Math.min(id.length(), 9999) + " characters).", null, null, null, null, null,
                    field, null));
        }
    }

    /**
     * The one way a request reaches a resource operation: the caller is read, its role checked against
     * the operation's declared role, and the status it saw read and validated against the machine.
     */
    public static OperationRequest operation(Context ctx, StateMachine machine, Operation op, String id) {
        Caller c = requireRole(ctx, op.role());
        return new OperationRequest(c, machine, op, id, seenStatus(ctx, machine),
                ctx.res().getHeader(REQUEST_ID_HEADER));
    }

    /** The caller, if its role allows {@code request} as declared. */
    public static Caller authorize(Context ctx, Privileged request) {
        return requireRole(ctx, request.role());
    }

    private static Caller requireRole(Context ctx, Role needed) {
        Caller c = caller(ctx);
        if (!c.role().allows(needed)) {
            throw new Forbidden("This needs the " + needed.wireName() + " role; the token has "
                    + c.role().wireName() + ".");
        }
        return c;
    }

    /**
     * A collection Manila added at {@code since} is not found for an older request (404, as Manila's
     * router answers), saying which version it needs.
     */
    public static void requireVersion(Context ctx, Microversion since, String what) {
        if (!version(ctx).atLeast(since)) {
            throw new ApiError(404, what + " needs API version " + since + " or later.");
        }
    }

    /** Whether {@code id} has the shape of a resource id (a UUID). */
    public static boolean isUuid(String id) {
        return id != null && UUID.matcher(id).matches();
    }

    /** A path id; anything but a UUID cannot name a resource, so it is "not found" as Manila answers. */
    public static String id(Context ctx, String param, String resource) {
        String id = ctx.pathParam(param);
        if (!UUID.matcher(id).matches()) {
            throw new ApiError(404, capitalize(resource) + " " + id + " could not be found (ids are UUIDs).");
        }
        return id;
    }

    /** The optional status the operator saw, which must be a state of {@code machine}. */
    public static String seenStatus(Context ctx, StateMachine machine) {
        String seen = ctx.header(EXPECTED_STATUS_HEADER);
        if (seen == null || seen.isBlank()) {
            return null;
        }
        if (!machine.isState(seen)) {
            List<String> states = machine.states().stream().map(s -> s.name()).toList();
            throw new ApiError(new ErrorDetail(400, EXPECTED_STATUS_HEADER + " '" + seen + "' is not a "
                    + machine.resource() + " status; allowed: " + states + ".", null, null, null, null, null,
                    EXPECTED_STATUS_HEADER, states));
        }
        return seen;
    }

    /**
     * Validates list parameters. {@code accepted} are parameters Manila clients send that Lockstep
     * accepts without filtering on them (e.g. {@code is_public}); anything else is refused by name.
     */
    public static ListQuery listQuery(Context ctx, Caller c, Set<String> extraFilters, Set<String> accepted) {
        List<String> allowed = new ArrayList<>(List.of("status", "name", "limit", "offset", "sort_key", "sort_dir",
                "all_tenants", "project_id"));
        allowed.addAll(extraFilters);
        allowed.addAll(accepted);
        checkParams(ctx, allowed);
        int limit = intParam(ctx, "limit", ListQuery.MAX_LIMIT, 0, ListQuery.MAX_LIMIT);
        if (limit == 0) {
            limit = ListQuery.MAX_LIMIT; // Manila reads limit=0 as "no limit given"
        }
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String sortKey = oneOf(ctx, "sort_key", "created_at", ListQuery.SORT_KEYS);
        String sortDir = oneOf(ctx, "sort_dir", "desc", List.of("asc", "desc"));
        String project = c.projectFilter();
        String projectParam = ctx.queryParam("project_id");
        if (projectParam != null && !projectParam.isEmpty()) {
            checkProjectId(projectParam, "project_id");
            if (!c.mayTouchProject(projectParam)) {
                throw new Forbidden("Only an admin may list another project's resources.");
            }
            project = projectParam;
        }
        return new ListQuery(project, blankToNull(ctx.queryParam("status")), blankToNull(ctx.queryParam("name")),
                blankToNull(ctx.queryParam("share_id")), limit, offset, sortKey, sortDir.equals("asc"));
    }

    /** Refuses, by name, any query parameter not in {@code allowed}. */
    public static void checkParams(Context ctx, List<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new ApiError(new ErrorDetail(400, "Unknown or unsupported query parameter '" + name
                        + "'; allowed: " + allowed + ".", null, null, null, null, null, name, allowed));
            }
        }
    }

    /**
     * Whether a {@code status} filter can match anything: an unknown status gives an empty list, as in
     * Manila, not an error.
     */
    public static boolean statusCanMatch(ListQuery q, StateMachine machine) {
        return q.status() == null || machine.isState(q.status());
    }

    /**
     * Manila's link to the next page, when a page was asked for with {@code limit} and more remain: the
     * request's own URL with {@code marker} the last id shown.
     */
    public static java.util.Optional<String> nextLink(Context ctx, ListQuery q, int shown, int total, String lastId) {
        if (ctx.queryParam("limit") == null || q.offset() + shown >= total || shown == 0) {
            return java.util.Optional.empty();
        }
        StringBuilder url = new StringBuilder(ManilaRouter.base(ctx)).append(ctx.path()).append('?');
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("offset") && !name.equals("marker")) {
                values.forEach(v -> url.append(enc(name)).append('=').append(enc(v)).append('&'));
            }
        });
        url.append("marker=").append(enc(lastId));
        return java.util.Optional.of(url.toString());
    }

    /**
     * A query parameter holding a dictionary, as Manila's clients send one (a Python dict literal,
     * {@code {'snapshot_support': 'True'}}) or as JSON; empty when absent.
     *
     * @throws ApiError 400 naming the parameter, with {@code example} as what one looks like
     */
    public static Map<String, String> dictionary(Context ctx, String name, String example) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = DICTIONARIES.readTree(raw.replace('\'', '"'));
            if (!n.isObject()) {
                throw new IllegalArgumentException(name + " is no object");
            }
            Map<String, String> out = new java.util.LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw ApiError.field(name, "'" + name + "' must be a dictionary, e.g. " + example + ".");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper DICTIONARIES =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }


    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v.toLowerCase()) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new ApiError(new ErrorDetail(400, "Query parameter '" + name + "' must be true or false.",
                    null, null, null, null, null, name, List.of("true", "false")));
        };
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        return (int) number(ctx, name, dflt, min, max);
    }

    /** An optional whole-number query parameter from {@code min} to {@code max}; a 400 naming it otherwise. */
    public static long number(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiError(new ErrorDetail(400, "Query parameter '" + name + "' must be an integer from " + min
                    + " to " + max + " (got '" + v + "').", null, null, null, null, null, name, null));
        }
    }

    /** An optional query parameter that must be one of {@code allowed}; a 400 naming it and them otherwise. */
    public static String oneOf(Context ctx, String name, String dflt, List<String> allowed) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw new ApiError(new ErrorDetail(400, "Query parameter '" + name + "' must be one of " + allowed
                    + " (got '" + v + "').", null, null, null, null, null, name, allowed));
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
