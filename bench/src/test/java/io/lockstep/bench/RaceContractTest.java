package io.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.race.Race;
import io.lockstep.client.race.RaceReport;
import org.junit.jupiter.api.Test;

/**
 * Issue 2's acceptance races, the same checks wherever the harness runs: every pair fired at once
 * through real HTTP against a real database, then the invariants on the database, the driver's call
 * counts and the event log. Subclasses say where (one node on H2, a cluster on PostgreSQL).
 */
abstract class RaceContractTest {

    abstract RaceHarness harness();

    abstract int trials();

    abstract int jobTrials();

    /** Checks of the pairs just fired that hold only where the harness runs (a cluster's routing). */
    void afterRace(Race race) {
    }

    private void judged(RaceReport r, Race race) {
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        afterRace(race);
        assertThat(harness().globalViolations()).isEmpty();
    }

    @Test
    void deleteWhileSnapshottingNeverAcceptsBoth() {
        RaceReport r = harness().deleteWhileSnapshotting(trials());
        assertThat(r.outcomes().keySet()).allMatch(k -> k.contains("=409") || k.contains("=404"));
        judged(r, Race.DELETE_WHILE_SNAPSHOTTING);
    }

    @Test
    void doubleDeleteAcceptsExactlyOneAndCallsTheDriverOnce() {
        judged(harness().doubleDelete(trials()), Race.DOUBLE_DELETE);
    }

    @Test
    void doubleSnapshotAcceptsExactlyOne() {
        RaceReport r = harness().doubleSnapshot(trials());
        assertThat(r.outcomes()).containsKey("snapshot=202 snapshot=409");
        judged(r, Race.DOUBLE_SNAPSHOT);
    }

    @Test
    void twoMigrationStartsQueueOneJob() {
        RaceReport r = harness().doubleMigrationStart(jobTrials());
        assertThat(r.outcomes().keySet()).isSubsetOf("migration_start=202 migration_start=409",
                "migration_start=409 migration_start=202");
        judged(r, Race.DOUBLE_MIGRATION_START);
    }

    @Test
    void aDeleteAndAMigrationStartNeverBothWin() {
        judged(harness().deleteDuringMigrationStart(jobTrials()), Race.DELETE_DURING_MIGRATION_START);
    }

    @Test
    void cancelRacingCompleteEndsTheJobOnce() {
        judged(harness().cancelVsComplete(jobTrials()), Race.CANCEL_VS_COMPLETE);
    }
}
