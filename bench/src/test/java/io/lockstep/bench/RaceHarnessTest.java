package io.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.race.RaceReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The races on one node on H2: the share races 200 trials each, the job races 60 each. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaceHarnessTest extends RaceContractTest {

    private RaceHarness harness;

    @BeforeAll
    void start() {
        harness = RaceHarness.safe(16);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Override
    RaceHarness harness() {
        return harness;
    }

    @Override
    int trials() {
        return 200;
    }

    @Override
    int jobTrials() {
        return 60;
    }

    /** The harness is worth something only if it catches the naive read-then-write. */
    @Test
    void harnessCatchesTheNaiveVariant() {
        try (RaceHarness naive = RaceHarness.naive(16)) {
            RaceReport r = naive.doubleDelete(40);
            assertThat(r.violations()).isPositive();
            assertThat(naive.globalViolations()).isNotEmpty();
        }
    }
}
