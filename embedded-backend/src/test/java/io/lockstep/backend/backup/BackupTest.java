package io.lockstep.backend.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.backup.CreateShareBackup;
import io.lockstep.api.backup.ShareBackup;
import io.lockstep.api.job.JobDetail;
import io.lockstep.api.job.JobView;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.Calls;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.NodeRole;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Actions;
import io.lockstep.client.LockstepClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** Share backups and restores through the jobs table, on a real cluster with a data node killed mid-backup. */
class BackupTest {

    private static final String TOKEN = "backup-admin-token";
    private static final long PER_GIB = 1 << 20;

    private final SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 10L, 0.0, 100_000L, 1L));

    {
        storage.content().configure(PER_GIB, 2L << 20);
    }

    private ServiceNode node(TestingServer zk, String id, String db, Set<NodeRole> roles) {
        return ClusterNodes.node(zk, id, db, storage, TOKEN, Duration.ofSeconds(3)).roles(roles)
                .workers(2, Duration.ofSeconds(5), 5).jobs(Duration.ofSeconds(1), 5, 2).start();
    }

    private static int status(Runnable call) {
        return Calls.status(call, 202);
    }

    private static String shareStatus(LockstepClient c, String id) {
        return c.call(c.manila().share(id)).share().status();
    }

    @Test
    void aBackupSurvivesTheDeathOfItsDataNodeAndRestoresIntoItsShare() throws Exception {
        String db = ClusterNodes.sharedDatabase("backup");
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode api = node(zk, "api", db, Set.of(NodeRole.API, NodeRole.SHARE));
             ServiceNode dataA = node(zk, "data-a", db, Set.of(NodeRole.DATA));
             ServiceNode dataB = node(zk, "data-b", db, Set.of(NodeRole.DATA));
             LockstepClient c = LockstepClient.connect(api.uri(), TOKEN)) {
            String share = c.call(c.manila().createShare(CreateShare.of("precious", 4, "NFS"))).share().id();
            await().atMost(Duration.ofSeconds(10)).until(() -> shareStatus(c, share).equals("available"));

            ShareBackup b = c.call(c.manila().createBackup(CreateShareBackup.of(share, "nightly"))).shareBackup();
            assertThat(b.status()).isEqualTo("creating");
            assertThat(shareStatus(c, share)).isEqualTo("backup_creating");
            assertThat(status(() -> c.call(c.manila().createBackup(CreateShareBackup.of(share, "again")))))
                    .isEqualTo(409);
            JobView running = await().atMost(Duration.ofSeconds(10)).until(() -> c.call(c.lockstep().jobs("backup",
                    null)).jobs().get(0), j -> j.node() != null && j.bytesDone() * 10 >= j.bytesTotal() * 4);
            (running.node().equals("data-a") ? dataA : dataB).kill();

            await().atMost(Duration.ofSeconds(20)).until(() -> c.call(c.manila().backup(b.id())).shareBackup().status()
                    .equals("available"));
            assertThat(c.call(c.manila().backup(b.id())).shareBackup().progress()).isEqualTo("100");
            assertThat(shareStatus(c, share)).isEqualTo("available");
            JobDetail d = c.call(c.lockstep().job(running.id()));
            assertThat(d.attempts()).hasSize(2);
            assertThat(d.attempts().get(1).fromBytes()).isGreaterThan(0);
            assertThat(storage.content().checksumOfCopy(BackupJob.copyOf(b.id())))
                    .isEqualTo(SimulatedContent.checksumOf(share, 4 * PER_GIB));

            c.call(c.manila().backupAction(b.id(), Actions.restore()));
            assertThat(shareStatus(c, share)).isEqualTo("backup_restoring");
            assertThat(status(() -> c.call(c.manila().deleteBackup(b.id())))).isEqualTo(409);
            assertThat(status(() -> c.call(c.manila().deleteShare(share)))).isEqualTo(409);
            await().atMost(Duration.ofSeconds(20)).until(() -> shareStatus(c, share).equals("available"));
            ShareBackup after = c.call(c.manila().backup(b.id())).shareBackup();
            assertThat(after.status()).isEqualTo("available");
            assertThat(after.restoreProgress()).isEqualTo("100");

            // A share with a live backup is not deleted: the refusal names the backup (as Manila refuses).
            try {
                c.call(c.manila().deleteShare(share));
                org.junit.jupiter.api.Assertions.fail("a share with a live backup was deleted");
            } catch (io.lockstep.client.ApiException refused) {
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.detail().blockers()).containsExactly(b.id());
            }
            assertThat(shareStatus(c, share)).isEqualTo("available");

            // A stale screen that saw the backup restoring cannot delete it now: the status it saw is checked.
            LockstepClient stale = c.expecting("restoring");
            try {
                stale.call(stale.manila().deleteBackup(b.id()));
                org.junit.jupiter.api.Assertions.fail("a backup was deleted on a status the caller no longer saw");
            } catch (io.lockstep.client.ApiException refused) {
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.detail().actual()).isEqualTo("available");
            }
            assertThat(c.call(c.manila().backup(b.id())).shareBackup().status()).isEqualTo("available");

            c.expecting("available").call(c.manila().deleteBackup(b.id()));
            assertThat(c.call(c.manila().backups(share)).shareBackups()).isEmpty();
            assertThat(storage.content().hasCopy(BackupJob.copyOf(b.id()))).isFalse();
        }
    }
}
