package io.lockstep.backend.scenario;

import io.lockstep.backend.lab.ScenarioPlayer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled scenario runs headless on a fresh lab, and every one of its checks holds. */
class BundledScenariosTest {

    static Stream<String> scenarios() {
        return Scenarios.bundled().stream().map(Scenario::name);
    }

    @Test
    void theIssuesScenariosAreBundledAndEachStepSaysSomething() {
        assertThat(Scenarios.bundled()).extracting(Scenario::name).contains("the-2016-races", "cleanup-leader-dies",
                "data-node-dies-mid-migration", "stuck-resource-found-by-the-leader", "lock-held-too-long",
                "access-rules", "share-servers", "replicas", "welcome");
        assertThat(Scenarios.bundled()).allSatisfy(s -> {
            assertThat(s.title()).as(s.name()).isNotBlank();
            assertThat(s.summary()).as(s.name()).isNotBlank();
            assertThat(s.checks()).as(s.name() + " checks something").isPositive();
            assertThat(s.steps()).allSatisfy(step -> assertThat(step.say()).as(s.name()).isNotBlank());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void runsHeadlessAndEveryCheckHolds(String name) throws Exception {
        Scenario scenario = Scenarios.named(name).orElseThrow();
        List<String> printed = new ArrayList<>();
        ScenarioRunner.Result result = ScenarioPlayer.play(scenario, new ScenarioRunner.Listener() {
            @Override
            public void step(int index, Scenario.Step step) {
                printed.add((index + 1) + ". " + step.say().strip());
            }

            @Override
            public void checked(ScenarioRunner.Outcome o) {
                printed.add("   [" + (o.passed() ? "ok" : "FAILED") + "] " + o.says() + (o.passed() ? "" : ": " + o.detail()));
            }
        });
        printed.forEach(System.out::println);
        assertThat(result.outcomes()).as(String.join("\n", printed)).hasSize(scenario.checks())
                .allSatisfy(o -> assertThat(o.passed()).as(o.says() + ": " + o.detail()).isTrue());
    }
}
