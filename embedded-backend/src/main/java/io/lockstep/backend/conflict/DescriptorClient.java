package io.lockstep.backend.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.quota.QuotaResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.api.statemachine.StateMachines;
import io.lockstep.api.statemachine.TriggerDescriptor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Drives a node through its HTTP API from the served descriptors alone: creates resources through their
 * create triggers, starts operations through theirs, reads statuses and event histories. What the cell
 * racer and the generated tests use, so that they know no resource kind. Thread-safe (one HTTP client).
 */
public final class DescriptorClient implements AutoCloseable {

    private static final String PARENT_ID = "{parent_id}";
    private static final String UNIQUE_IP = "{unique_ip}";
    /** Requests are made at the newest microversion, so that every collection a kind is read at is served. */
    private static final String VERSION = "2.80";
    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES =
            new java.util.concurrent.atomic.AtomicInteger(new java.util.Random().nextInt(1 << 20));

    /** An HTTP answer: the status and the parsed body (empty object when there was none). */
    public record Answer(int code, JsonNode body) {
        public JsonNode error() {
            return body.elements().next();
        }

        public String message() {
            return error().path("message").asText();
        }

        public boolean accepted() {
            return code / 100 == 2;
        }
    }

    private final URI uri;
    private final Map<Role, String> tokens;
    private final String project;
    private final ObjectMapper mapper = new ObjectMapper();
    /** The parent of each child this client made, by the child's id. */
    private final Map<String, String> parents = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http;
    /** The event stream waits follow, once {@link #watchEvents} is called. */
    private final java.util.concurrent.atomic.AtomicReference<StatusWatch> watch;
    private final List<StateMachineDescriptor> machines;

    /** @param tokens a token per role the caller will act as; the project is the one they belong to */
    public DescriptorClient(URI uri, Map<Role, String> tokens, String project) throws IOException, InterruptedException {
        this.uri = uri;
        this.tokens = tokens;
        this.project = project;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.watch = new java.util.concurrent.atomic.AtomicReference<>();
        this.machines = mapper.treeToValue(send("GET", "/lockstep/v1/state-machines", null, Role.ADMIN, null).body(),
                StateMachines.class).stateMachines().stream().filter(m -> !m.followsAnother()).toList();
    }

    private DescriptorClient(DescriptorClient base, String project) {
        this.uri = base.uri;
        this.tokens = base.tokens;
        this.project = project;
        this.http = base.http;
        this.watch = base.watch;
        this.machines = base.machines;
    }

    /** The same client acting in another project (an admin's token may name any). */
    public DescriptorClient inProject(String other) {
        return new DescriptorClient(this, other);
    }

    /** Sets one quota limit of this client's project (as an admin). */
    public void setQuota(String resource, int limit) throws IOException, InterruptedException {
        Answer a = versioned("PUT", path("/quota-sets/" + project),
                mapper.createObjectNode().set("quota_set", mapper.createObjectNode().put(resource, limit)));
        if (!a.accepted()) {
            throw new IllegalStateException("setting quota " + resource + " of " + project + " was refused: "
                    + a.code() + " " + a.body());
        }
    }

    /** What this client's project has in use of a quota resource. */
    public int inUse(String resource) throws IOException, InterruptedException {
        Answer a = versioned("GET", path("/quota-sets/" + project + "/detail"), null);
        return a.body().path("quota_set").path(resource).path("in_use").asInt(-1);
    }

    /** A request at the version that knows every quota resource (backups' came with 2.80). */
    private Answer versioned(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", tokens.get(Role.ADMIN)).header("Content-Type", "application/json")
                .header("X-OpenStack-Manila-API-Version", "2.80")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), res.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(res.body()));
    }

    public List<StateMachineDescriptor> machines() {
        return machines;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public StateMachineDescriptor machine(String resource) {
        return machines.stream().filter(m -> m.resource().equals(resource)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no machine for " + resource));
    }

    public static OperationDescriptor operation(StateMachineDescriptor m, String name) {
        return m.operations().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operation " + name + " on " + m.resource()));
    }

    public static TriggerDescriptor createTrigger(StateMachineDescriptor m) {
        return m.operations().stream().map(OperationDescriptor::trigger)
                .filter(t -> t != null && isCreate(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(m.resource() + " has no create request"));
    }

    /** Whether a trigger makes a new resource: a create, or a parent action naming no child. */
    public static boolean isCreate(TriggerDescriptor t) {
        return t.kind().equals("create") || t.kind().equals("parent_action") && t.idArgument() == null;
    }

    /** Sends a create of {@code m} under {@code parentId} (null for a root) with a body built from its example. */
    public Answer create(StateMachineDescriptor m, String parentId, Role role) throws IOException, InterruptedException {
        TriggerDescriptor t = createTrigger(m);
        ObjectNode body = envelope(t, parentId);
        // made so that every child kind can be made under it (a replica needs a share of a replicated type)
        ObjectNode inner = (ObjectNode) body.get(t.envelope());
        machines.stream().filter(c -> m.resource().equals(c.parent())).flatMap(c -> c.operations().stream())
                .map(OperationDescriptor::trigger).filter(c -> c != null && c.parentExample() != null)
                .forEach(c -> c.parentExample().forEach((k, v) -> inner.set(k, mapper.valueToTree(v))));
        return create(m, t, parentId, body, role);
    }

    /** Sends a create with the given body (two identical requests are made by sending one body twice). */
    public Answer create(StateMachineDescriptor m, TriggerDescriptor t, String parentId, ObjectNode body, Role role)
            throws IOException, InterruptedException {
        Answer a;
        if (t.kind().equals("parent_action")) {
            ObjectNode action = mapper.createObjectNode();
            action.set(t.action(), body.get(t.envelope()));
            a = send("POST", path(t.path().replace("{id}", parentId)), action, role, null);
        } else {
            a = send("POST", path(t.path()), body, role, null);
        }
        if (parentId != null && a.accepted() && a.body().has(t.envelope())) {
            parents.put(createdId(t, a), parentId);
        }
        return a;
    }

    /** The id of what an accepted create made. */
    public static String createdId(TriggerDescriptor t, Answer a) {
        return a.body().get(t.envelope()).get("id").asText();
    }

    public static StateKind kind(StateMachineDescriptor m, String state) {
        return m.states().stream().filter(s -> s.name().equals(state)).map(StateDescriptor::kind).findFirst()
                .orElse(StateKind.TERMINAL);
    }

    public String createAvailable(StateMachineDescriptor m) throws IOException, InterruptedException {
        String parent = m.parent() == null ? null : createAvailable(machine(m.parent()));
        return createAvailable(m, parent);
    }

    /** Creates one through its create trigger, as an admin, and waits for its stable state. */
    public String createAvailable(StateMachineDescriptor m, String parentId) throws IOException, InterruptedException {
        if (m.onParentRow()) {
            return parentId; // a second machine on its parent's row: that row is the resource
        }
        Optional<TriggerDescriptor> madeBy = m.operations().stream().map(OperationDescriptor::trigger)
                .filter(t -> t != null && t.kind().equals("made_by")).findFirst();
        if (madeBy.isPresent()) {
            return madeBy(m, madeBy.get(), parentId);
        }
        TriggerDescriptor create = createTrigger(m);
        Answer a = create(m, parentId, Role.ADMIN);
        if (!a.accepted()) {
            throw new IllegalStateException("creating a " + m.resource() + " was refused: " + a.code() + " " + a.body());
        }
        String id = createdId(create, a);
        String stable = m.states().stream().filter(s -> s.kind() == StateKind.STABLE).map(StateDescriptor::name)
                .findFirst().orElseThrow();
        String reached = awaitStatus(m, id, s -> kind(m, s) != StateKind.TRANSITIONAL, Duration.ofSeconds(20));
        if (!stable.equals(reached)) {
            throw new IllegalStateException("the new " + m.resource() + " " + id + " ended " + reached + ", not " + stable);
        }
        return id;
    }

    /**
     * One made the way the service makes it: by the operation its {@code made_by} trigger names (a share on
     * the parent network makes its server), then read from the maker's row.
     */
    private String madeBy(StateMachineDescriptor m, TriggerDescriptor t, String parentId)
            throws IOException, InterruptedException {
        String[] maker = t.action().split("\\.", 2);
        StateMachineDescriptor makerMachine = machine(maker[0]);
        TriggerDescriptor makerCreate = operation(makerMachine, maker[1]).trigger();
        Answer a = create(makerMachine, makerCreate, null, envelope(makerCreate, null, Map.of(m.parent(), parentId)),
                Role.ADMIN);
        if (!a.accepted()) {
            throw new IllegalStateException("making a " + m.resource() + " by " + t.action() + " was refused: "
                    + a.code() + " " + a.body());
        }
        String makerId = createdId(makerCreate, a);
        awaitStatus(makerMachine, makerId, s -> kind(makerMachine, s) != StateKind.TRANSITIONAL, Duration.ofSeconds(20));
        JsonNode row = show(makerMachine, makerId);
        String id = row == null ? null : row.path(t.idArgument()).asText(null);
        if (id == null) {
            throw new IllegalStateException("the " + makerMachine.resource() + " " + makerId + " names no "
                    + m.resource() + " in " + t.idArgument());
        }
        String stable = m.states().stream().filter(s -> s.kind() == StateKind.STABLE).map(StateDescriptor::name)
                .findFirst().orElseThrow();
        String reached = awaitStatus(m, id, s -> kind(m, s) != StateKind.TRANSITIONAL, Duration.ofSeconds(20));
        if (!stable.equals(reached)) {
            throw new IllegalStateException("the new " + m.resource() + " " + id + " ended " + reached + ", not " + stable);
        }
        return id;
    }

    /** Reads the status until {@code done} holds or {@code timeout} passes; returns the last status seen. */
    public String awaitStatus(StateMachineDescriptor m, String id, Predicate<String> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Pace pace = pace(List.of(id))) {
            while (true) {
                pace.mark();
                String s = status(m, id);
                if (done.test(s) || System.nanoTime() >= deadline) {
                    return s;
                }
                pace.await();
            }
        }
    }

    /**
     * Follows the node's event stream, so that waits on statuses end when the resource changes rather than
     * on a poll; {@link #close} ends it. Shared with the clients {@link #inProject} makes.
     */
    public DescriptorClient watchEvents() {
        if (watch.get() == null) {
            StatusWatch w = new StatusWatch(http, uri.resolve("/lockstep/v1/events"), tokens.get(Role.ADMIN));
            if (!watch.compareAndSet(null, w)) {
                w.close();
            }
        }
        return this;
    }

    /** Paces a loop that reads the statuses of {@code ids} until they settle. */
    public Pace pace(List<String> ids) {
        StatusWatch w = watch.get();
        return w == null ? new Pace.Backoff() : w.interest(ids);
    }

    /** Ends the event stream {@link #watchEvents} follows, if any. */
    @Override
    public void close() {
        StatusWatch w = watch.getAndSet(null);
        if (w != null) {
            w.close();
        }
    }

    public String status(StateMachineDescriptor m, String id) throws IOException, InterruptedException {
        JsonNode row = show(m, id);
        return row == null ? terminal(m) : row.get(m.wire().statusField()).asText();
    }

    /** The resource as its show answers it, or null once it is gone. */
    public JsonNode show(StateMachineDescriptor m, String id) throws IOException, InterruptedException {
        Answer a = send("GET", path("/" + m.wire().collection() + "/" + id), null, Role.ADMIN, null);
        return a.code() == 404 ? null : a.body().get(m.wire().envelope());
    }

    /**
     * The live resources of a kind under one parent, as its detailed list answers them (filtered by the
     * parent's column, {@code ?share_id=}), with every field its show has.
     */
    public List<JsonNode> list(StateMachineDescriptor m, String parentId) throws IOException, InterruptedException {
        Answer a = send("GET", path("/" + m.wire().collection() + "/detail?" + m.wire().parentField() + "="
                + parentId), null, Role.ADMIN, null);
        List<JsonNode> out = new ArrayList<>();
        a.body().path(m.wire().collection().replace('-', '_')).forEach(out::add);
        return out;
    }

    private static String terminal(StateMachineDescriptor m) {
        return m.states().stream().filter(s -> s.kind() == StateKind.TERMINAL).map(StateDescriptor::name).findFirst()
                .orElseThrow();
    }

    /** The transition events of one resource, oldest first. */
    public List<JsonNode> transitions(String resourceType, String id) throws IOException, InterruptedException {
        Answer a = send("GET", "/lockstep/v1/events/history?limit=5000&resource_type=" + resourceType
                + "&resource_id=" + id, null, Role.ADMIN, null);
        List<JsonNode> out = new ArrayList<>();
        a.body().path("events").forEach(e -> {
            if (e.path("kind").asText().equals("transition")) {
                out.add(e);
            }
        });
        return out;
    }

    public ObjectNode envelope(TriggerDescriptor create, String parentId) {
        return envelope(create, parentId, Map.of());
    }

    /**
     * A create's body from its example: {@code {parent_id}} is {@code parentId}, {@code {<kind>_id}} the id
     * {@code related} has for that kind (a snapshot a share is made from), {@code {unique_ip}} a fresh address.
     */
    public ObjectNode envelope(TriggerDescriptor create, String parentId, Map<String, String> related) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode inner = body.putObject(create.envelope());
        create.example().forEach((k, v) -> inner.set(k, mapper.valueToTree(PARENT_ID.equals(v) ? parentId
                : UNIQUE_IP.equals(v) ? uniqueAddress() : relatedKind(v).map(kind -> (Object) related.get(kind))
                .orElse(v))));
        return body;
    }

    /** The kind a {@code {<kind>_id}} placeholder names, if {@code value} is one. */
    public static Optional<String> relatedKind(Object value) {
        if (!(value instanceof String s) || PARENT_ID.equals(s) || !s.startsWith("{") || !s.endsWith("_id}")) {
            return Optional.empty();
        }
        return Optional.of(s.substring(1, s.length() - 4));
    }

    /** An IPv4 address in 10.0.0.0/8 no other request of this run names. */
    private static String uniqueAddress() {
        int n = ADDRESSES.incrementAndGet() & 0xFFFFFF;
        return "10." + (n >> 16 & 0xFF) + "." + (n >> 8 & 0xFF) + "." + (n & 0xFF);
    }

    public Answer start(StateMachineDescriptor m, OperationDescriptor op, String id, Role role, String seen)
            throws IOException, InterruptedException {
        return start(m, op, id, role, seen, op.trigger().example());
    }

    public Answer start(StateMachineDescriptor m, OperationDescriptor op, String id, Role role, String seen,
                        Map<String, Object> args) throws IOException, InterruptedException {
        TriggerDescriptor t = op.trigger();
        String path = path(t.path().replace("{id}", id == null ? "" : id));
        if (isCreate(t)) {
            String parentId = id == null && m.parent() != null ? createAvailable(machine(m.parent())) : null;
            return create(m, t, parentId, envelope(t, parentId), role);
        }
        return switch (t.kind()) {
            case "parent_action" -> {
                // the parent of one made here is remembered: the child may be gone by the time it is raced
                String parentId = parents.get(id);
                if (parentId == null) {
                    JsonNode row = show(m, id);
                    if (row == null) {
                        yield gone(m, id);
                    }
                    parentId = row.get(m.wire().parentField()).asText();
                }
                ObjectNode body = mapper.createObjectNode();
                ObjectNode inner = body.putObject(t.action());
                if (args != null) {
                    args.forEach((k, v) -> inner.set(k, mapper.valueToTree(v)));
                }
                inner.put(t.idArgument(), id);
                yield send("POST", path(t.path().replace("{id}", parentId)), body, role, seen);
            }
            case "delete" -> send("DELETE", path, null, role, seen);
            case "action" -> {
                ObjectNode body = mapper.createObjectNode();
                body.set(t.action(), args == null ? mapper.nullNode() : mapper.valueToTree(args));
                yield send("POST", path, body, role, seen);
            }
            default -> throw new IllegalArgumentException("no request for trigger " + t.kind());
        };
    }

    /**
     * What the service would answer an action on a child that is gone, when its parent (part of the path)
     * can no longer be read: Manila's 404.
     */
    private Answer gone(StateMachineDescriptor m, String id) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode error = body.putObject("itemNotFound");
        error.put("code", 404);
        error.put("message", m.resource() + " " + id + " could not be found.");
        return new Answer(404, body);
    }

    /** A path of the Manila API in this client's project. */
    public String path(String relative) {
        return "/v2/" + project + relative;
    }

    /**
     * Lifts every enforced quota of this client's project (as an admin): trials create and delete many
     * resources at once and must be refused by the rules they race, not by a limit.
     */
    public void unlimitedQuotas() throws IOException, InterruptedException {
        Answer a = versioned("PUT", path("/quota-sets/" + project), mapper.createObjectNode().set("quota_set",
                mapper.valueToTree(QuotaResource.lifted())));
        if (a.code() != 200) {
            throw new IllegalStateException("lifting the quotas of project " + project + " was refused: " + a.code()
                    + " " + a.body());
        }
    }

    public Answer send(String method, String path, JsonNode body, Role role, String seen)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", tokens.get(role)).header("Content-Type", "application/json")
                .header("X-OpenStack-Manila-API-Version", VERSION)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (seen != null) {
            b.header("X-Lockstep-Expected-Status", seen);
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = res.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(res.body());
        return new Answer(res.statusCode(), parsed);
    }
}
