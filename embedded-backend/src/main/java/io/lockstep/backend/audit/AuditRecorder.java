package io.lockstep.backend.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.http.Requests;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every write (POST, PUT, PATCH, DELETE) once it has been answered, accepted or refused:
 * who, with which role, what (the action named in the path or in a Manila action body), on what, the
 * status the caller saw, and the outcome. Runs as an after-handler, so no route has to remember it.
 */
public final class AuditRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Collections and the resource type each holds. */
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("shares", "share"),
            Map.entry("snapshots", "snapshot"), Map.entry("share-backups", "backup"), Map.entry("services", "service"),
            Map.entry("messages", "message"), Map.entry("locks", "lock"), Map.entry("leaders", "election"),
            Map.entry("jobs", "job"), Map.entry("nodes", "node"), Map.entry("driver", "driver"),
            Map.entry("stray-lock", "lock"));

    /** What a write was about, read from its path and body. */
    record Target(String action, String type, String id) {
    }

    private final AuditLog log;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String node;

    public AuditRecorder(AuditLog log, ObjectMapper mapper, Clock clock, String node) {
        this.log = log;
        this.mapper = mapper;
        this.clock = clock;
        this.node = node;
    }

    /** The after-handler. A failure to audit is logged and never changes the answer already given. */
    public void record(Context ctx) {
        if (!WRITES.contains(ctx.method().name())) {
            return;
        }
        try {
            TokenStore.Token t = Requests.token(ctx);
            JsonNode body = json(new String(Requests.body(ctx), java.nio.charset.StandardCharsets.UTF_8));
            Target target = target(ctx.method().name(), ctx.path(), body, json(ctx.result()));
            log.append(new AuditLog.Entry(clock.millis(), node, t == null ? "(no valid token)" : t.actor(),
                    t == null ? "none" : t.role().wireName(), t == null ? null : t.projectId(), ctx.method().name(),
                    ctx.path(), target.action(), target.type(), target.id(),
                    ctx.header(Requests.EXPECTED_STATUS_HEADER), ctx.statusCode(),
                    ctx.statusCode() >= 400 ? Requests.errorMessage(ctx) : null,
                    ctx.res().getHeader("X-Openstack-Request-Id")));
        } catch (RuntimeException e) {
            LOG.error("could not audit {} {}: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    static Target target(String method, String path, JsonNode body, JsonNode result) {
        List<String> segs = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segs.size() >= 2 && segs.get(0).equals("v2")) {
            segs = segs.subList(TYPES.containsKey(segs.get(1)) ? 1 : 2, segs.size()); // with or without project
        } else if (segs.size() >= 2 && segs.get(0).equals("lockstep")) {
            segs = segs.subList(2, segs.size());
            if (!segs.isEmpty() && segs.get(0).equals("lab")) {
                segs = segs.subList(1, segs.size());
            }
        }
        if (segs.isEmpty()) {
            return new Target(method.toLowerCase(), null, null);
        }
        String type = TYPES.getOrDefault(segs.get(0), segs.get(0));
        String last = segs.get(segs.size() - 1);
        if (method.equals("DELETE")) {
            return new Target("delete", type, segs.size() > 1 ? segs.get(1) : null);
        }
        if (last.equals("action") && segs.size() >= 3) {
            return new Target(firstKey(body), type, segs.get(1));
        }
        if (segs.size() == 1) {
            return new Target(method.equals("POST") ? "create" : "update", type, createdId(result));
        }
        String id = segs.size() >= 3 ? segs.get(1) : text(body, "name", "host", "binary");
        return new Target(last, type, id);
    }

    private static String firstKey(JsonNode body) {
        Iterator<String> names = body == null ? null : body.fieldNames();
        return names != null && names.hasNext() ? names.next() : "action";
    }

    /** The id of what a create made: {@code {"share": {"id": ...}}}. */
    private static String createdId(JsonNode result) {
        if (result == null || !result.isObject() || result.size() != 1) {
            return null;
        }
        JsonNode inner = result.elements().next();
        return inner.isObject() && inner.hasNonNull("id") ? inner.get("id").asText() : null;
    }

    private static String text(JsonNode body, String... fields) {
        for (String f : fields) {
            if (body != null && body.hasNonNull(f)) {
                return body.get(f).asText();
            }
        }
        return null;
    }

    private JsonNode json(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(s);
        } catch (Exception notJson) {
            return null;
        }
    }
}
