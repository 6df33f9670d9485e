package io.lockstep.backend.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.backend.DescriptorDriver;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every cell of the served conflict matrix whose two operations a client can send, raced for real: a
 * fresh family set up in the cell's starting configuration through the API, the two requests released
 * together by a barrier against the real database (the driver slowed so transitional states are held),
 * then, once the family is quiet, the verdict and the invariants checked: an exclusive pair never both
 * accepted, a guarded pair refused, no child outliving its parent, nothing left transitional.
 * {@code -Dlockstep.race.rounds=N} races each cell N times (default 1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellRaceTest {

    private static final Map<Role, String> TOKENS = Map.of(Role.ADMIN, "cell-race-admin-token-000000001");
    private static final int ROUNDS = Integer.getInteger("lockstep.race.rounds", 1);
    private static final Pattern NAMED = Pattern.compile("(\\w+)=|a live (\\w+) exists");
    private ServiceNode node;
    private DescriptorDriver d;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeAll
    void boot() throws Exception {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(TOKENS.get(Role.ADMIN),
                        Role.ADMIN, "p1"))))
                .driver(new DriverSettings(60L, 120L, 0.0, 1_000_000L, 3L)).workers(4, Duration.ofSeconds(30), 5)
                .start();
        d = new DescriptorDriver(node.uri(), TOKENS);
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        node.close();
    }

    @TestFactory
    Stream<DynamicTest> everyClientCellRacedForReal() throws Exception {
        List<ConflictCell> cells = d.mapper().treeToValue(d.send("GET", "/lockstep/v1/conflicts", null, Role.ADMIN,
                null).body(), ConflictMatrix.class).cells().stream().filter(this::raceable).toList();
        assertThat(cells).as("cells a client can race").hasSizeGreaterThan(50);
        List<DynamicTest> tests = new ArrayList<>();
        for (ConflictCell c : cells) {
            tests.add(DynamicTest.dynamicTest(c.a() + " | " + c.b() + " from " + c.start() + " (" + c.verdict() + ")",
                    () -> {
                        for (int round = 0; round < ROUNDS; round++) {
                            race(c);
                        }
                    }));
        }
        return tests.stream();
    }

    /** Both operations are sent by clients, and the start is a configuration the API can set up. */
    private boolean raceable(ConflictCell c) {
        return routed(c.a()) && routed(c.b()) && !c.start().contains("no common state")
                && !c.start().equals("nothing") && settableStart(c);
    }

    private boolean settableStart(ConflictCell c) {
        if (!c.relation().equals("same")) {
            return true;
        }
        String[] rs = c.start().split("=", 2);
        StateMachineDescriptor m = d.machine(rs[0]);
        return kind(m, rs[1]) != StateKind.TRANSITIONAL && kind(m, rs[1]) != StateKind.TERMINAL;
    }

    private boolean routed(String op) {
        String[] p = op.split("\\.", 2);
        OperationDescriptor o = DescriptorDriver.operation(d.machine(p[0]), p[1]);
        return o.trigger() != null && !o.trigger().kind().equals("internal");
    }

    private void race(ConflictCell c) throws Exception {
        StateMachineDescriptor root = d.machine(c.family());
        String rootId = d.createAvailable(root);
        Map<String, String> rows = new LinkedHashMap<>(); // resource kind -> the id of the one raced on
        rows.put(root.resource(), rootId);
        // children last declared first: a backup is refused while its share has a live snapshot
        List<String> kinds = new ArrayList<>(kindsNeeded(c));
        List<String> order = d.machines().stream().map(StateMachineDescriptor::resource).toList();
        kinds.sort((x, y) -> order.indexOf(y) - order.indexOf(x));
        for (String kind : kinds) {
            if (!rows.containsKey(kind)) {
                rows.put(kind, d.createAvailable(d.machine(kind), rootId));
            }
        }
        if (c.relation().equals("same")) {
            String[] rs = c.start().split("=", 2);
            String id = rows.get(rs[0]);
            StateMachineDescriptor m = d.machine(rs[0]);
            if (!d.status(m, id).equals(rs[1])) {
                var reset = d.start(m, DescriptorDriver.operation(m, "reset_status"), id, Role.ADMIN, null,
                        Map.of("status", rs[1]));
                assertThat(reset.code()).as(reset.body().toString()).isEqualTo(202);
            }
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<DescriptorDriver.Answer> fa = pool.submit(() -> send(c.a(), rows, rootId, barrier));
        Future<DescriptorDriver.Answer> fb = pool.submit(() -> send(c.b(), rows, rootId, barrier));
        DescriptorDriver.Answer a = fa.get();
        DescriptorDriver.Answer b = fb.get();
        boolean both = a.code() / 100 == 2 && b.code() / 100 == 2;
        String cell = c.a() + " | " + c.b() + " from " + c.start() + " (" + c.verdict() + ")";
        assertThat(a.code()).as("%s: no 5xx: %s", cell, a.body()).isLessThan(500);
        assertThat(b.code()).as("%s: no 5xx: %s", cell, b.body()).isLessThan(500);
        if (c.verdict().equals("exclusive")) {
            assertThat(both).as("%s: an exclusive pair is never both accepted", cell).isFalse();
        }
        // a guarded pair may both pass in the order where the child goes first (its delete ends it); the
        // invariant below is what the guard protects
        List<String[]> created = new ArrayList<>();
        collectCreated(root, c.a(), a, created);
        collectCreated(root, c.b(), b, created);
        quiet(cell, root, rootId, rows, created);
    }

    private DescriptorDriver.Answer send(String op, Map<String, String> rows, String rootId, CyclicBarrier barrier)
            throws Exception {
        String[] p = op.split("\\.", 2);
        StateMachineDescriptor m = d.machine(p[0]);
        OperationDescriptor o = DescriptorDriver.operation(m, p[1]);
        barrier.await();
        if (o.trigger().kind().equals("create")) {
            return d.send("POST", "/v2/p1" + o.trigger().path(), d.envelope(o.trigger(), rootId), Role.ADMIN, null);
        }
        return d.start(m, o, rows.get(m.resource()), Role.ADMIN, null);
    }

    private static List<String> kindsNeeded(ConflictCell c) {
        List<String> kinds = new ArrayList<>();
        for (String op : List.of(c.a(), c.b())) {
            kinds.add(op.split("\\.", 2)[0]);
        }
        Matcher m = NAMED.matcher(c.start());
        while (m.find()) {
            kinds.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return kinds;
    }

    /** Children the race created (a new root is a family of its own). */
    private void collectCreated(StateMachineDescriptor root, String op, DescriptorDriver.Answer answer,
                                List<String[]> created) {
        String[] p = op.split("\\.", 2);
        OperationDescriptor o = DescriptorDriver.operation(d.machine(p[0]), p[1]);
        if (o.trigger().kind().equals("create") && answer.code() / 100 == 2 && d.machine(p[0]) != root) {
            JsonNode body = answer.body().get(o.trigger().envelope());
            created.add(new String[] {p[0], body.get("id").asText()});
        }
    }

    /** Waits until nothing in the family is transitional; then no child may outlive its parent. */
    private void quiet(String cell, StateMachineDescriptor root, String rootId, Map<String, String> rows,
                       List<String[]> created) throws Exception {
        List<String[]> all = new ArrayList<>(created);
        rows.forEach((kind, id) -> all.add(new String[] {kind, id}));
        OperationDescriptor migrate = root.operations().stream().filter(o -> o.name().equals("migrate")).findFirst()
                .orElse(null);
        await().alias(cell + ": the family goes quiet").atMost(Duration.ofSeconds(30)).until(() -> {
            for (String[] r : all) {
                StateMachineDescriptor m = d.machine(r[0]);
                String s = d.status(m, r[1]);
                if (migrate != null && m == root && s.equals(migrate.via())) {
                    // a migration waits for its operator: end it as an operator would
                    d.send("POST", "/v2/p1" + migrate.trigger().path().replace("{id}", r[1]),
                            d.mapper().readTree("{\"migration_cancel\": null}"), Role.ADMIN, null);
                    return false;
                }
                if (kind(m, s) == StateKind.TRANSITIONAL) {
                    return false;
                }
            }
            return true;
        });
        if (kind(root, d.status(root, rootId)) == StateKind.TERMINAL) {
            for (String[] r : all) {
                StateMachineDescriptor m = d.machine(r[0]);
                assertThat(kind(m, d.status(m, r[1]))).as("%s: %s %s outlives its %s", cell, r[0], r[1], root.resource())
                        .isEqualTo(StateKind.TERMINAL);
            }
        }
    }

    private static StateKind kind(StateMachineDescriptor m, String state) {
        return m.states().stream().filter(s -> s.name().equals(state)).map(s -> s.kind()).findFirst()
                .orElse(StateKind.TERMINAL);
    }
}
