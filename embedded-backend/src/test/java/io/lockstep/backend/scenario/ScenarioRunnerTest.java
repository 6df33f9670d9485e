package io.lockstep.backend.scenario;

import io.lockstep.backend.lab.ScenarioPlayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario's failures are reported, not hidden: a check that does not hold, an action that fails, a bad file. */
class ScenarioRunnerTest {

    private static Scenario parse(String yaml) throws IOException {
        return Scenarios.parse("inline", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCheckThatDoesNotHoldAndAFailedActionAreReportedAndTheRunGoesOn() throws Exception {
        Scenario s = parse("""
                title: a scenario that fails on purpose
                summary: two steps fail, one holds
                lab: {driver: {min_latency_ms: 10, max_latency_ms: 20}, share_nodes: 1, data_nodes: 0}
                steps:
                  - say: a share
                    do: [{create: {resource: share, as: s1}}]
                    check:
                      - status: {says: "it is in error", of: s1, is: error, within: 1}
                  - say: an unknown alias
                    do: [{run: {op: share.extend, on: nobody}}]
                    check:
                      - status: {says: "never checked", of: s1, is: available}
                  - say: it still holds
                    check:
                      - status: {says: "it is available", of: s1, is: available}
                """);
        List<String> heard = new ArrayList<>();
        ScenarioRunner.Result r = ScenarioPlayer.play(s, new ScenarioRunner.Listener() {
            @Override
            public void step(int index, Scenario.Step step) {
                heard.add("step " + index);
            }

            @Override
            public void checked(ScenarioRunner.Outcome o) {
                heard.add(o.passed() + " " + o.detail());
            }
        });
        assertThat(r.passed()).isFalse();
        assertThat(r.failed()).isEqualTo(2);
        assertThat(heard).containsExactly("step 0", "false s1 is available, not error", "step 1",
                "false share.extend on nobody failed: 'nobody' was not made or kept by an earlier step", "step 2",
                "true holds");
    }

    @Test
    void anUnknownWordInAFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> parse("""
                title: t
                steps:
                  - say: s
                    do: [{explode: {now: true}}]
                """)).isInstanceOf(IOException.class).hasMessageContaining("explode");
        assertThatThrownBy(() -> parse("""
                title: t
                steps:
                  - say: s
                    check: [{status: {of: x, si: available}}]
                """)).isInstanceOf(IOException.class).hasMessageContaining("si");
    }
}
