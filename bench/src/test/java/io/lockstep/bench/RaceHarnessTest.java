package io.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.race.RaceReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The share races, 200 trials each, and the job races, 60 each, through real HTTP against real H2 (issue 2's acceptance test). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaceHarnessTest {

    private static final int TRIALS = 200;
    private static final int JOB_TRIALS = 60;
    private RaceHarness harness;

    @BeforeAll
    void start() {
        harness = RaceHarness.safe(16);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void deleteWhileSnapshottingNeverAcceptsBoth() {
        RaceReport r = harness.deleteWhileSnapshotting(TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(r.outcomes().keySet()).allMatch(k -> k.contains("=409") || k.contains("=404"));
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void doubleDeleteAcceptsExactlyOneAndCallsTheDriverOnce() {
        RaceReport r = harness.doubleDelete(TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void doubleSnapshotAcceptsExactlyOne() {
        RaceReport r = harness.doubleSnapshot(TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(r.outcomes()).containsKey("snapshot=202 snapshot=409");
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void twoMigrationStartsQueueOneJob() {
        RaceReport r = harness.doubleMigrationStart(JOB_TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(r.outcomes().keySet()).isSubsetOf("migration_start=202 migration_start=409",
                "migration_start=409 migration_start=202");
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void aDeleteAndAMigrationStartNeverBothWin() {
        RaceReport r = harness.deleteDuringMigrationStart(JOB_TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void cancelRacingCompleteEndsTheJobOnce() {
        RaceReport r = harness.cancelVsComplete(JOB_TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.globalViolations()).isEmpty();
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
