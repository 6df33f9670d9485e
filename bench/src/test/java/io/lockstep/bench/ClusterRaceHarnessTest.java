package io.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.race.Race;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The races against a cluster: three nodes on real PostgreSQL and a three-server ZooKeeper ensemble,
 * each node taking its locks through its own ZooKeeper session, and the two calls of every pair sent
 * to different nodes (the audit log says which node answered each). 60 trials of each share race, 20
 * of each job race.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRaceHarnessTest extends RaceContractTest {

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

    @Override
    RaceHarness harness() {
        return harness;
    }

    @Override
    int trials() {
        return 60;
    }

    @Override
    int jobTrials() {
        return 20;
    }

    @Override
    void afterRace(Race race) {
        // A snapshot's create names the snapshot, not the share, so only the other races can be traced.
        if (!race.first().equals("snapshot") && !race.second().equals("snapshot")) {
            assertThat(harness.pairsAnsweredByOneNode(race)).as("pairs answered by one node")
                    .isEmpty();
        }
    }
}
