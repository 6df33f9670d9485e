package io.lockstep.backend.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.conflict.RaceRun;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every cell of the served conflict matrix that a client can send, raced for real through the served
 * race endpoint: fresh families in each cell's starting configuration, the two requests (or a held
 * worker finish and a request) released together against the real database with the driver slowed,
 * and the invariants checked once each family is quiet. Each cell is raced
 * {@code -Dlockstep.race.rounds=N} times (default 2); each becomes a test that fails on a violation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellRaceTest {

    private static final String TOKEN = "cell-race-admin-token-000000001";
    private static final int ROUNDS = Integer.getInteger("lockstep.race.rounds", 2);
    private ServiceNode node;
    private DescriptorClient d;
    private List<ConflictCell> cells;

    @BeforeAll
    void raceEveryCell() throws Exception {
        node = ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                .driver(new DriverSettings(60L, 120L, 0.0, 1_000_000L, 3L)).workers(8, Duration.ofSeconds(30), 5)
                .jobs(Duration.ofSeconds(10), 5, 6).start();
        d = new DescriptorClient(node.uri(), Map.of(Role.ADMIN, TOKEN), "p1");
        DescriptorClient.Answer started = d.send("POST", "/lockstep/v1/conflicts/races", d.mapper().readTree(
                "{\"trials\": " + ROUNDS + ", \"parallel\": 8}"), Role.ADMIN, null);
        assertThat(started.code()).as(started.body().toString()).isEqualTo(202);
        RaceRun run = d.mapper().treeToValue(started.body(), RaceRun.class);
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).until(() -> !d.mapper().treeToValue(
                d.send("GET", "/lockstep/v1/conflicts/races/" + run.id(), null, Role.ADMIN, null).body(),
                RaceRun.class).running());
        cells = d.mapper().treeToValue(d.send("GET", "/lockstep/v1/conflicts", null, Role.ADMIN, null).body(),
                ConflictMatrix.class).cells();
        long raced = cells.stream().filter(c -> c.trials() != null && c.trials() > 0).count();
        System.out.printf("CellRaceTest: %d cells, %d raced %d times each, %d trials, %d violations%n", cells.size(),
                raced, ROUNDS, cells.stream().mapToInt(c -> c.trials() == null ? 0 : c.trials()).sum(),
                cells.stream().mapToInt(c -> c.violations() == null ? 0 : c.violations()).sum());
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRaceableCellRanWithoutViolation() {
        return cells.stream().filter(c -> c.notRaced() == null).map(c -> DynamicTest.dynamicTest(
                c.a() + " | " + c.b() + " from " + c.start() + " (" + c.verdict() + ")", () -> {
                    assertThat(c.trials()).as("trials run").isEqualTo(ROUNDS);
                    assertThat(c.violations()).as("violations: %s", c.example()).isZero();
                    assertThat(c.exampleRoot()).as("an example family to read the events of").isNotNull();
                }));
    }

    @Test
    void theRacerReachesFirstStepsAndFinishes() {
        long firstSteps = cells.stream().filter(c -> !c.relation().equals(ConflictChecker.COMPLETION)
                && c.trials() != null && c.trials() > 0).count();
        List<ConflictCell> completions = cells.stream().filter(c -> c.relation().equals(ConflictChecker.COMPLETION)
                && c.trials() != null && c.trials() > 0).toList();
        assertThat(firstSteps).as("first-step cells raced").isGreaterThan(300);
        assertThat(completions).extracting(ConflictCell::b).as("finishes raced against the admin's escape hatches")
                .contains("share.reset_status", "share.force_delete", "snapshot.reset_status",
                        "snapshot.force_delete");
        assertThat(cells).filteredOn(c -> c.notRaced() != null).extracting(ConflictCell::notRaced)
                .as("every cell left out says why").doesNotContainNull();
    }

    @Test
    void aRaceRequestIsCheckedField() throws Exception {
        DescriptorClient.Answer tooMany = d.send("POST", "/lockstep/v1/conflicts/races",
                d.mapper().readTree("{\"trials\": 100000}"), Role.ADMIN, null);
        assertThat(tooMany.code()).isEqualTo(400);
        assertThat(tooMany.message()).contains("'trials'").contains("1 to 1000");
        DescriptorClient.Answer none = d.send("POST", "/lockstep/v1/conflicts/races",
                d.mapper().readTree("{\"a\": \"share.no_such\"}"), Role.ADMIN, null);
        assertThat(none.code()).isEqualTo(404);
        JsonNode cell = d.send("GET", "/lockstep/v1/conflicts", null, Role.ADMIN, null).body().get("cells").get(0);
        assertThat(cell.has("verdict")).isTrue();
    }
}
