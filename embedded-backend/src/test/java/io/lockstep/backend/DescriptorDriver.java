package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.api.statemachine.StateMachines;
import io.lockstep.api.statemachine.TriggerDescriptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drives a node through its HTTP API from the served descriptors alone: creates resources through their
 * create triggers, starts operations through theirs, reads statuses. What the generated tests use, so
 * that they know no resource kind. Thread-safe (one HTTP client).
 */
public final class DescriptorDriver {

    private static final String PARENT_ID = "{parent_id}";

    /** An HTTP answer: the status and the parsed body (empty object when there was none). */
    public record Answer(int code, JsonNode body) {
        public JsonNode error() {
            return body.elements().next();
        }

        public String message() {
            return error().path("message").asText();
        }
    }

    private final URI uri;
    private final Map<Role, String> tokens;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StateMachineDescriptor> machines;

    public DescriptorDriver(URI uri, Map<Role, String> tokens) throws Exception {
        this.uri = uri;
        this.tokens = tokens;
        this.machines = mapper.treeToValue(send("GET", "/lockstep/v1/state-machines", null, Role.ADMIN, null).body(),
                StateMachines.class).stateMachines();
    }

    public List<StateMachineDescriptor> machines() {
        return machines;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public StateMachineDescriptor machine(String resource) {
        return machines.stream().filter(m -> m.resource().equals(resource)).findFirst().orElseThrow();
    }

    public static OperationDescriptor operation(StateMachineDescriptor m, String name) {
        return m.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    public String createAvailable(StateMachineDescriptor m) throws Exception {
        String parent = m.parent() == null ? null : createAvailable(machine(m.parent()));
        return createAvailable(m, parent);
    }

    /** Creates one through its create trigger, as an admin, and waits for its stable state. */
    public String createAvailable(StateMachineDescriptor m, String parentId) throws Exception {
        TriggerDescriptor create = m.operations().stream().map(OperationDescriptor::trigger)
                .filter(t -> t != null && t.kind().equals("create")).findFirst().orElseThrow();
        Answer a = send("POST", "/v2/p1" + create.path(), envelope(create, parentId), Role.ADMIN, null);
        assertThat(a.code()).as(a.body().toString()).isBetween(200, 202);
        String id = a.body().get(create.envelope()).get("id").asText();
        String stable = m.states().stream().filter(s -> s.kind() == StateKind.STABLE).map(StateDescriptor::name)
                .findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> stable.equals(status(m, id)));
        return id;
    }

    public String status(StateMachineDescriptor m, String id) throws Exception {
        TriggerDescriptor create = m.operations().stream().map(OperationDescriptor::trigger)
                .filter(t -> t != null && t.kind().equals("create")).findFirst().orElseThrow();
        Answer a = send("GET", "/v2/p1" + create.path() + "/" + id, null, Role.ADMIN, null);
        return a.code() == 404 ? "deleted" : a.body().get(create.envelope()).get("status").asText();
    }

    public ObjectNode envelope(TriggerDescriptor create, String parentId) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode inner = body.putObject(create.envelope());
        create.example().forEach((k, v) -> inner.set(k, mapper.valueToTree(PARENT_ID.equals(v) ? parentId : v)));
        return body;
    }

    public Answer start(StateMachineDescriptor m, OperationDescriptor op, String id, Role role, String seen)
            throws Exception {
        return start(m, op, id, role, seen, op.trigger().example());
    }

    public Answer start(StateMachineDescriptor m, OperationDescriptor op, String id, Role role, String seen,
                         Map<String, Object> args) throws Exception {
        TriggerDescriptor t = op.trigger();
        String path = "/v2/p1" + t.path().replace("{id}", id == null ? "" : id);
        return switch (t.kind()) {
            case "create" -> send("POST", path, envelope(t, id == null && m.parent() != null
                    ? createAvailable(machine(m.parent())) : null), role, seen);
            case "delete" -> send("DELETE", path, null, role, seen);
            case "action" -> {
                ObjectNode body = mapper.createObjectNode();
                body.set(t.action(), args == null ? mapper.nullNode() : mapper.valueToTree(args));
                yield send("POST", path, body, role, seen);
            }
            default -> throw new AssertionError("no request for trigger " + t.kind());
        };
    }

    public Answer send(String method, String path, JsonNode body, Role role, String seen) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri.resolve(path))
                .header("X-Auth-Token", tokens.get(role)).header("Content-Type", "application/json")
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
