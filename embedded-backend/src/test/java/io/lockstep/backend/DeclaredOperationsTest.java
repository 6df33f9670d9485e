package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.api.statemachine.StateMachines;
import io.lockstep.api.statemachine.TriggerDescriptor;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests generated from the served descriptors alone, so that a new operation, guard or resource kind is
 * covered without writing a test: for every routed operation of every machine, a caller below its role
 * gets 403 and a stale seen status gets 409 naming what was seen; for every guard, the refusal names
 * its blocker. Requests are built from each operation's trigger; nothing here knows a resource kind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclaredOperationsTest {

    private static final String PARENT_ID = "{parent_id}";
    private static final Map<Role, String> TOKENS = Map.of(
            Role.ADMIN, "declared-admin-token-00000001",
            Role.OPERATOR, "declared-operator-token-00002",
            Role.VIEWER, "declared-viewer-token-0000003");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ServiceNode node;
    private List<StateMachineDescriptor> machines;

    private record Answer(int code, JsonNode body) {
        JsonNode error() {
            return body.elements().next();
        }

        String message() {
            return error().path("message").asText();
        }
    }

    @BeforeAll
    void start() throws Exception {
        node = ServiceNode.builder().tokens(TokenStore.of(TOKENS.entrySet().stream()
                .map(e -> new TokenStore.Token(e.getValue(), e.getKey(), "p1")).toList()))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L)).start();
        machines = mapper.treeToValue(send("GET", "/lockstep/v1/state-machines", null, Role.ADMIN, null).body(),
                StateMachines.class).stateMachines();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @TestFactory
    Stream<DynamicTest> aCallerBelowTheOperationsRoleIsRefused() {
        return routed().map(o -> DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name(), () -> {
            Role below = Role.valueOf(o.op().role().toUpperCase()) == Role.ADMIN ? Role.OPERATOR : Role.VIEWER;
            String id = o.trigger().kind().equals("create") ? null : createAvailable(o.m());
            String before = id == null ? null : status(o.m(), id);
            Answer a = start(o.m(), o.op(), id, below, null);
            assertThat(a.code()).as(a.body().toString()).isEqualTo(403);
            assertThat(a.message()).contains("needs the " + o.op().role() + " role");
            if (id != null) {
                assertThat(status(o.m(), id)).as("nothing changed").isEqualTo(before);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aStaleSeenStatusIsRefusedNamingIt() {
        return routed().filter(o -> !o.trigger().kind().equals("create"))
                .map(o -> DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name(), () -> {
                    String id = createAvailable(o.m());
                    String now = status(o.m(), id);
                    String seen = staleStatus(o.m(), o.op(), now);
                    Answer a = start(o.m(), o.op(), id, Role.ADMIN, seen);
                    assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                    assertThat(a.message()).contains("you saw '" + seen + "'").contains("now '" + now + "'");
                    assertThat(status(o.m(), id)).as("nothing changed").isEqualTo(now);
                }));
    }

    @TestFactory
    Stream<DynamicTest> eachGuardIsRefusedNamingItsBlocker() {
        List<DynamicTest> tests = new ArrayList<>();
        routed().forEach(o -> o.op().guards().forEach(g -> {
            tests.add(DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name() + " " + g.kind() + " "
                    + g.resource(), () -> guard(o, g)));
            if (g.kind().equals("parent_operation")) {
                // the parent's operation brings its own guards: each refuses this one too
                operation(machine(g.resource()), g.operation()).guards().stream()
                        .filter(pg -> pg.kind().equals("no_live_children")).forEach(pg -> tests.add(
                                DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name() + " via "
                                        + g.resource() + "." + g.operation() + " " + pg.kind() + " " + pg.resource(),
                                        () -> parentGuard(o, g, pg))));
            }
        }));
        assertThat(tests).as("the machines declare guards").isNotEmpty();
        return tests.stream();
    }

    private void guard(Routed o, GuardDescriptor g) throws Exception {
        switch (g.kind()) {
            case "no_live_children" -> {
                StateMachineDescriptor child = machine(g.resource());
                String parent = createAvailable(o.m());
                String blocker = createAvailable(child, parent);
                Answer a = start(o.m(), o.op(), parent, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.error().path("blockers")).extracting(JsonNode::asText).contains(blocker);
                assertThat(a.message()).contains("live " + g.resource()).contains(blocker);
                assertThat(status(o.m(), parent)).isEqualTo("available");
            }
            case "parent_operation" -> {
                StateMachineDescriptor parentMachine = machine(g.resource());
                OperationDescriptor parentOp = parentMachine.operations().stream()
                        .filter(p -> p.name().equals(g.operation())).findFirst().orElseThrow();
                String parent = createAvailable(parentMachine);
                String id = o.trigger().kind().equals("create") ? null : createAvailable(o.m(), parent);
                String blocked = parentMachine.states().stream()
                        .filter(s -> s.kind() == StateKind.ERROR && !parentOp.from().contains(s.name()))
                        .map(StateDescriptor::name).findFirst().orElseThrow();
                Answer reset = start(parentMachine, operation(parentMachine, "reset_status"), parent, Role.ADMIN,
                        null, Map.of("status", blocked));
                assertThat(reset.code()).isEqualTo(202);
                Answer a = id == null
                        ? send("POST", "/v2/p1" + o.trigger().path(), envelope(o.trigger(), parent), Role.ADMIN, null)
                        : start(o.m(), o.op(), id, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.message()).contains("'" + blocked + "'");
                assertThat(status(parentMachine, parent)).isEqualTo(blocked);
            }
            default -> throw new AssertionError("no generated test for guard kind " + g.kind()
                    + ": add one here when a new kind of guard is declared");
        }
    }

    /** The routed operation begins its parent's, whose guard finds a live child: refused, naming it. */
    private void parentGuard(Routed o, GuardDescriptor viaParent, GuardDescriptor parentGuard) throws Exception {
        StateMachineDescriptor parentMachine = machine(viaParent.resource());
        String parent = createAvailable(parentMachine);
        String id = o.trigger().kind().equals("create") ? null : createAvailable(o.m(), parent);
        String blocker = createAvailable(machine(parentGuard.resource()), parent);
        Answer a = id == null
                ? send("POST", "/v2/p1" + o.trigger().path(), envelope(o.trigger(), parent), Role.ADMIN, null)
                : start(o.m(), o.op(), id, Role.ADMIN, null);
        assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
        assertThat(a.message()).contains("live " + parentGuard.resource()).contains(blocker);
        assertThat(status(parentMachine, parent)).isEqualTo("available");
    }

    private record Routed(StateMachineDescriptor m, OperationDescriptor op, TriggerDescriptor trigger) {
    }

    private Stream<Routed> routed() {
        List<Routed> all = new ArrayList<>();
        for (StateMachineDescriptor m : machines) {
            for (OperationDescriptor op : m.operations()) {
                if (op.trigger() != null && !op.trigger().kind().equals("internal")) {
                    all.add(new Routed(m, op, op.trigger()));
                }
            }
        }
        assertThat(all).as("routed operations").hasSizeGreaterThan(10);
        return all.stream();
    }

    /** A state other than the current one: one the operation could start from if there is one. */
    private static String staleStatus(StateMachineDescriptor m, OperationDescriptor op, String now) {
        Optional<String> allowed = op.from().stream().filter(s -> !s.equals(now)).findFirst();
        return allowed.orElseGet(() -> m.states().stream().filter(s -> s.kind() == StateKind.ERROR)
                .map(StateDescriptor::name).filter(s -> !s.equals(now)).findFirst().orElseThrow());
    }

    private StateMachineDescriptor machine(String resource) {
        return machines.stream().filter(m -> m.resource().equals(resource)).findFirst().orElseThrow();
    }

    private static OperationDescriptor operation(StateMachineDescriptor m, String name) {
        return m.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    private String createAvailable(StateMachineDescriptor m) throws Exception {
        String parent = m.parent() == null ? null : createAvailable(machine(m.parent()));
        return createAvailable(m, parent);
    }

    /** Creates one through its create trigger, as an admin, and waits for its stable state. */
    private String createAvailable(StateMachineDescriptor m, String parentId) throws Exception {
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

    private String status(StateMachineDescriptor m, String id) throws Exception {
        TriggerDescriptor create = m.operations().stream().map(OperationDescriptor::trigger)
                .filter(t -> t != null && t.kind().equals("create")).findFirst().orElseThrow();
        Answer a = send("GET", "/v2/p1" + create.path() + "/" + id, null, Role.ADMIN, null);
        return a.code() == 404 ? "deleted" : a.body().get(create.envelope()).get("status").asText();
    }

    private ObjectNode envelope(TriggerDescriptor create, String parentId) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode inner = body.putObject(create.envelope());
        create.example().forEach((k, v) -> inner.set(k, mapper.valueToTree(PARENT_ID.equals(v) ? parentId : v)));
        return body;
    }

    private Answer start(StateMachineDescriptor m, OperationDescriptor op, String id, Role role, String seen)
            throws Exception {
        return start(m, op, id, role, seen, op.trigger().example());
    }

    private Answer start(StateMachineDescriptor m, OperationDescriptor op, String id, Role role, String seen,
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

    private Answer send(String method, String path, JsonNode body, Role role, String seen) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri().resolve(path))
                .header("X-Auth-Token", TOKENS.get(role)).header("Content-Type", "application/json")
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
