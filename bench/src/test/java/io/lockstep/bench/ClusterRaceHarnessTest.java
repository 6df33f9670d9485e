package io.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.race.Race;
import io.lockstep.client.race.RaceReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The race harness of issue 2 against a cluster: three nodes on real PostgreSQL and a three-server
 * ZooKeeper ensemble, the two calls of every pair sent to different nodes, each node taking its
 * locks through its own ZooKeeper session. The same checks as on one node: exactly one winner where
 * the machines allow one, one driver call per accepted delete, one job per accepted start, and
 * afterwards nothing transitional and every change with exactly one event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRaceHarnessTest {

    private static final int TRIALS = 60;
    private static final int JOB_TRIALS = 20;
    private EmbeddedPostgres pg;
    private TestingCluster zk;
    private RaceHarness harness;

    @BeforeAll
    void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        zk = new TestingCluster(3);
        zk.start();
        harness = RaceHarness.cluster(3, pg.getJdbcUrl("postgres", "postgres"), zk.getConnectString(), "races", 16);
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        zk.close();
        pg.close();
    }

    @Test
    void doubleDeleteAcrossNodesAcceptsOneAndCallsTheDriverOnce() {
        RaceReport r = harness.doubleDelete(TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.pairsAnsweredByOneNode(harness.lastShares(), Race.DOUBLE_DELETE)).isEmpty();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void deleteWhileSnapshottingAcrossNodesNeverAcceptsBoth() {
        RaceReport r = harness.deleteWhileSnapshotting(TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void doubleSnapshotAcrossNodesNeverOverlaps() {
        RaceReport r = harness.doubleSnapshot(TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void twoMigrationStartsAcrossNodesQueueOneJob() {
        RaceReport r = harness.doubleMigrationStart(JOB_TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.pairsAnsweredByOneNode(harness.lastShares(), Race.DOUBLE_MIGRATION_START)).isEmpty();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void deleteAndMigrationStartAcrossNodesNeverBothWin() {
        RaceReport r = harness.deleteDuringMigrationStart(JOB_TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.globalViolations()).isEmpty();
    }

    @Test
    void cancelRacingCompleteAcrossNodesEndsTheJobOnce() {
        RaceReport r = harness.cancelVsComplete(JOB_TRIALS);
        assertThat(r.violations()).as(r.examples().toString()).isZero();
        assertThat(harness.pairsAnsweredByOneNode(harness.lastShares(), Race.CANCEL_VS_COMPLETE)).isEmpty();
        assertThat(harness.globalViolations()).isEmpty();
    }
}
