package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.api.statemachine.TriggerDescriptor;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.conflict.DescriptorClient;
import io.lockstep.backend.node.ServiceNode;
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

    private static final Map<Role, String> TOKENS = Map.of(
            Role.ADMIN, "declared-admin-token-00000001",
            Role.OPERATOR, "declared-operator-token-00002",
            Role.VIEWER, "declared-viewer-token-0000003");

    private ServiceNode node;
    private DescriptorClient d;
    private List<StateMachineDescriptor> machines;

    @BeforeAll
    void boot() throws Exception {
        node = ServiceNode.builder().tokens(TokenStore.of(TOKENS.entrySet().stream()
                .map(e -> new TokenStore.Token(e.getValue(), e.getKey(), "p1")).toList()))
                .driver(new DriverSettings(5L, 20L, 0.0, 100_000L, 1L)).start();
        d = new DescriptorClient(node.uri(), TOKENS, "p1");
        d.unlimitedQuotas(); // dozens of resources per check; Manila's default limits are not under test here
        machines = d.machines();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @TestFactory
    Stream<DynamicTest> aCallerBelowTheOperationsRoleIsRefused() {
        return routed().map(o -> DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name(), () -> {
            Role below = Role.valueOf(o.op().role().toUpperCase()) == Role.ADMIN ? Role.OPERATOR : Role.VIEWER;
            String id = DescriptorClient.isCreate(o.trigger()) ? null : d.createAvailable(o.m());
            String before = id == null ? null : d.status(o.m(), id);
            DescriptorClient.Answer a = d.start(o.m(), o.op(), id, below, null);
            assertThat(a.code()).as(a.body().toString()).isEqualTo(403);
            assertThat(a.message()).contains("needs the " + o.op().role() + " role");
            if (id != null) {
                assertThat(d.status(o.m(), id)).as("nothing changed").isEqualTo(before);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aStaleSeenStatusIsRefusedNamingIt() {
        return routed().filter(o -> !DescriptorClient.isCreate(o.trigger()))
                .map(o -> DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name(), () -> {
                    String id = d.createAvailable(o.m());
                    String now = d.status(o.m(), id);
                    String seen = staleStatus(o.m(), o.op(), now);
                    DescriptorClient.Answer a = d.start(o.m(), o.op(), id, Role.ADMIN, seen);
                    assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                    assertThat(a.message()).contains("you saw '" + seen + "'").contains("now '" + now + "'");
                    assertThat(d.status(o.m(), id)).as("nothing changed").isEqualTo(now);
                }));
    }

    @TestFactory
    Stream<DynamicTest> eachGuardIsRefusedNamingItsBlocker() {
        List<DynamicTest> tests = new ArrayList<>();
        // a share server is chosen or made by the share create that needs it, so its source guard never
        // refuses, and a referrer cannot be held apart from its server: ShareServerApiTest covers them
        routed().forEach(o -> o.op().guards().stream().filter(g -> !(g.kind().equals("source_in")
                && madeOnDemand(g.resource())) && !(g.kind().equals("no_referrers") && (madeOnDemand(o.m().resource())
                || o.m().parent() == null))).forEach(g -> {
            tests.add(DynamicTest.dynamicTest(o.m().resource() + "." + o.op().name() + " " + g.kind() + " "
                    + g.resource(), () -> guard(o, g)));
            if (g.kind().equals("parent_operation")) {
                // the parent's operation brings its own guards: each refuses this one too
                DescriptorClient.operation(d.machine(g.resource()), g.operation()).guards().stream()
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
                StateMachineDescriptor child = d.machine(g.resource());
                String parent = d.createAvailable(o.m());
                String blocker = d.createAvailable(child, parent);
                DescriptorClient.Answer a = d.start(o.m(), o.op(), parent, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.error().path("blockers")).extracting(JsonNode::asText).contains(blocker);
                assertThat(a.message()).contains("live " + g.resource()).contains(blocker);
                assertThat(d.status(o.m(), parent)).isEqualTo(o.m().states().stream()
                        .filter(st -> st.kind() == StateKind.STABLE).findFirst().orElseThrow().name());
            }
            case "parent_operation" -> {
                StateMachineDescriptor parentMachine = d.machine(g.resource());
                OperationDescriptor parentOp = parentMachine.operations().stream()
                        .filter(p -> p.name().equals(g.operation())).findFirst().orElseThrow();
                String parent = d.createAvailable(parentMachine);
                String id = DescriptorClient.isCreate(o.trigger()) ? null : d.createAvailable(o.m(), parent);
                String blocked = parentMachine.states().stream()
                        .filter(s -> s.kind() == StateKind.ERROR && !parentOp.from().contains(s.name()))
                        .map(StateDescriptor::name).findFirst().orElseThrow();
                DescriptorClient.Answer reset = d.start(parentMachine, DescriptorClient.operation(parentMachine, "reset_status"), parent, Role.ADMIN,
                        null, Map.of("status", blocked));
                assertThat(reset.code()).isEqualTo(202);
                DescriptorClient.Answer a = id == null ? d.create(o.m(), parent, Role.ADMIN)
                        : d.start(o.m(), o.op(), id, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.message()).contains("'" + blocked + "'");
                assertThat(d.status(parentMachine, parent)).isEqualTo(blocked);
            }
            case "parent_in" -> {
                // the parent in a state the guard does not name: refused naming it, nothing changed
                StateMachineDescriptor parentMachine = d.machine(g.resource());
                String parent = d.createAvailable(parentMachine);
                String id = DescriptorClient.isCreate(o.trigger()) ? null : d.createAvailable(o.m(), parent);
                String before = id == null ? null : d.status(o.m(), id);
                String blocked = parentMachine.states().stream()
                        .filter(s -> s.kind() == StateKind.ERROR && !g.states().contains(s.name()))
                        .map(StateDescriptor::name).findFirst().orElseThrow();
                DescriptorClient.Answer reset = d.start(parentMachine, DescriptorClient.operation(parentMachine,
                        "reset_status"), parent, Role.ADMIN, null, Map.of("status", blocked));
                assertThat(reset.code()).isEqualTo(202);
                DescriptorClient.Answer a = id == null ? d.create(o.m(), parent, Role.ADMIN)
                        : d.start(o.m(), o.op(), id, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.message()).contains("'" + blocked + "'").contains(String.join(" or ", g.states()));
                assertThat(d.status(parentMachine, parent)).isEqualTo(blocked);
                if (id != null) {
                    assertThat(d.status(o.m(), id)).as("nothing changed").isEqualTo(before);
                }
            }
            case "source_in" -> {
                // the resource it is made from in a state the guard does not name: refused naming it
                StateMachineDescriptor sourceKind = d.machine(g.resource());
                String root = d.createAvailable(d.machine(sourceKind.parent()));
                String source = d.createAvailable(sourceKind, root);
                String blocked = sourceKind.states().stream()
                        .filter(st -> st.kind() == StateKind.ERROR && !g.states().contains(st.name()))
                        .map(StateDescriptor::name).findFirst().orElseThrow();
                assertThat(d.start(sourceKind, DescriptorClient.operation(sourceKind, "reset_status"), source,
                        Role.ADMIN, null, Map.of("status", blocked)).code()).isEqualTo(202);
                DescriptorClient.Answer a = d.create(o.m(), o.trigger(), null,
                        d.envelope(o.trigger(), null, Map.of(g.resource(), source)), Role.ADMIN);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.message()).contains("'" + blocked + "'");
            }
            case "no_referrers" -> {
                // a referrer held while it is being made from this one: refused naming it
                StateMachineDescriptor referrer = d.machine(g.resource());
                OperationDescriptor making = referrer.operations().stream().filter(x -> x.guards().stream()
                        .anyMatch(sg -> sg.kind().equals("source_in") && sg.resource().equals(o.m().resource())))
                        .findFirst().orElseThrow();
                String root = d.createAvailable(d.machine(o.m().parent()));
                String id = d.createAvailable(o.m(), root);
                node.driver().held().hold(id);
                try {
                    DescriptorClient.Answer made = d.create(referrer, making.trigger(), null,
                            d.envelope(making.trigger(), null, Map.of(o.m().resource(), id)), Role.ADMIN);
                    assertThat(made.code()).as(made.body().toString()).isEqualTo(200);
                    assertThat(node.driver().held().awaitArrival(id, java.time.Duration.ofSeconds(10))).isTrue();
                    DescriptorClient.Answer a = d.start(o.m(), o.op(), id, Role.ADMIN, null);
                    assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                    assertThat(a.message()).contains(DescriptorClient.createdId(making.trigger(), made))
                            .contains(String.join(" or ", g.states()));
                } finally {
                    node.driver().held().release(id);
                }
            }
            case "latest" -> {
                // an older one of two: refused naming the newer, nothing changed
                String parent = d.createAvailable(d.machine(o.m().parent()));
                String older = d.createAvailable(o.m(), parent);
                String newer = d.createAvailable(o.m(), parent);
                DescriptorClient.Answer a = d.start(o.m(), o.op(), older, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
                assertThat(a.message()).contains("latest").contains(newer);
                assertThat(d.status(o.m(), older)).isEqualTo(d.status(o.m(), newer));
            }
            case "unique" -> {
                // the same body twice: the second is refused with 400 naming the first
                String parent = d.createAvailable(d.machine(o.m().parent()));
                var body = d.envelope(o.trigger(), parent);
                DescriptorClient.Answer first = d.create(o.m(), o.trigger(), parent, body, Role.ADMIN);
                assertThat(first.code()).as(first.body().toString()).isBetween(200, 202);
                DescriptorClient.Answer again = d.create(o.m(), o.trigger(), parent, body, Role.ADMIN);
                assertThat(again.code()).as(again.body().toString()).isEqualTo(400);
                assertThat(again.message()).contains("exists").contains(DescriptorClient.createdId(o.trigger(), first));
                assertThat(again.error().path("field").asText()).isIn(g.columns());
            }
            case "column_not_in" -> {
                // a row whose other column is in a refused state (a share's active replica, adopted when its
                // first replica was made): refused naming the column, or Manila's 200 no-op; nothing changed
                String parent = d.createAvailable(d.machine(o.m().parent()));
                d.createAvailable(o.m(), parent);
                String column = g.columns().get(0);
                JsonNode blocked = d.list(o.m(), parent).stream().filter(r -> g.states().contains(r.path(column)
                        .asText())).findFirst().orElseThrow();
                String id = blocked.get("id").asText();
                String before = d.status(o.m(), id);
                DescriptorClient.Answer a = d.start(o.m(), o.op(), id, Role.ADMIN, null);
                assertThat(a.code()).as(a.body().toString()).isIn(200, 409);
                if (a.code() == 409) {
                    assertThat(a.message()).contains(column).contains(blocked.path(column).asText());
                }
                assertThat(d.status(o.m(), id)).as("nothing changed").isEqualTo(before);
                assertThat(d.show(o.m(), id).path(column).asText()).isEqualTo(blocked.path(column).asText());
            }
            default -> throw new AssertionError("no generated test for guard kind " + g.kind()
                    + ": add one here when a new kind of guard is declared");
        }
    }

    /** The routed operation begins its parent's, whose guard finds a live child: refused, naming it. */
    private void parentGuard(Routed o, GuardDescriptor viaParent, GuardDescriptor parentGuard) throws Exception {
        StateMachineDescriptor parentMachine = d.machine(viaParent.resource());
        String parent = d.createAvailable(parentMachine);
        String id = DescriptorClient.isCreate(o.trigger()) ? null : d.createAvailable(o.m(), parent);
        String blocker = d.createAvailable(d.machine(parentGuard.resource()), parent);
        DescriptorClient.Answer a = id == null ? d.create(o.m(), parent, Role.ADMIN)
                : d.start(o.m(), o.op(), id, Role.ADMIN, null);
        assertThat(a.code()).as(a.body().toString()).isEqualTo(409);
        assertThat(a.message()).contains("live " + parentGuard.resource()).contains(blocker);
        assertThat(d.status(parentMachine, parent)).isEqualTo("available");
    }

    private record Routed(StateMachineDescriptor m, OperationDescriptor op, TriggerDescriptor trigger) {
    }

    private boolean namesPlainRow(OperationDescriptor op) {
        return op.trigger().example() != null && op.trigger().example().values().stream()
                .map(DescriptorClient::relatedKind).flatMap(java.util.Optional::stream)
                .anyMatch(kind -> machines.stream().noneMatch(m -> m.resource().equals(kind)));
    }

    /** Whether {@code kind} is made on demand by another kind's operation (never refused for its state). */
    private boolean madeOnDemand(String kind) {
        return d.machine(kind).operations().stream()
                .anyMatch(o -> o.trigger() != null && o.trigger().kind().equals("made_by"));
    }

    private Stream<Routed> routed() {
        List<Routed> all = new ArrayList<>();
        for (StateMachineDescriptor m : machines) {
            for (OperationDescriptor op : m.operations()) {
                // a kind made by another's operation (a share server) has no request of its own; an example that
                // names a row no machine makes (a security service) is checked by its kind's own tests
                if (op.trigger() != null && op.trigger().routed() && !namesPlainRow(op)) {
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

}
