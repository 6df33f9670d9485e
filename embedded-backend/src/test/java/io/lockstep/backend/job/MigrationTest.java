package io.lockstep.backend.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.job.JobDetail;
import io.lockstep.api.job.JobView;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.backend.Calls;
import io.lockstep.backend.ClusterNodes;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.NodeRole;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Share migration on a real cluster: an API node, data nodes claiming jobs from the table, real
 * ZooKeeper, simulated storage that copies real bytes. A data node killed mid-copy is replaced by
 * another that resumes from the checkpoint; the copy's checksum proves nothing was lost or doubled.
 */
class MigrationTest {

    private static final String TOKEN = "migration-admin-token";
    /** 4 GiB shares are 4 MiB of content, copied at 2 MiB/s: about two seconds a copy. */
    private static final long PER_GIB = 1 << 20;
    private static final long RATE = 2L << 20;

    private final SimulatedDriver storage = new SimulatedDriver(new DriverSettings(5L, 10L, 0.0, 100_000L, 1L));

    {
        storage.content().configure(PER_GIB, RATE);
    }

    private ServiceNode node(TestingServer zk, String id, String db, Set<NodeRole> roles) {
        return ClusterNodes.node(zk, id, db, storage, TOKEN, Duration.ofSeconds(3))
                .roles(roles)
                .workers(2, Duration.ofSeconds(5), 5)
                .jobs(Duration.ofSeconds(1), 5, 2)
                .start();
    }

    /** ZooKeeper, the database kept open, one node with every role, and an admin client. */
    private final class OneNode implements AutoCloseable {
        final TestingServer zk;
        final Connection keeper;
        final ServiceNode node;
        final LockstepClient client;

        OneNode(String name) throws Exception {
            String db = ClusterNodes.sharedDatabase(name);
            this.zk = new TestingServer(true);
            this.keeper = DriverManager.getConnection(db);
            this.node = node(zk, "all", db, NodeRole.ALL);
            this.client = LockstepClient.connect(node.uri(), TOKEN);
        }

        @Override
        public void close() throws Exception {
            client.close();
            node.close();
            keeper.close();
            zk.close();
        }
    }

    private static String share(LockstepClient c, String name, int size) {
        String id = c.call(c.manila().createShare(CreateShare.of(name, size, "NFS"))).share().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> c.call(c.manila().share(id)).share().status()
                .equals("available"));
        return id;
    }

    private static JobView job(LockstepClient c, String shareId) {
        return c.call(c.lockstep().jobs("migration", null)).jobs().stream().filter(j -> j.resourceId().equals(shareId))
                .findFirst().orElseThrow();
    }

    private static int status(Runnable call) {
        return Calls.status(call, 202);
    }

    @Test
    void aDataNodeKilledAtFortyPercentIsReplacedAndTheCopyResumesFromItsCheckpoint() throws Exception {
        String db = ClusterNodes.sharedDatabase("migration-kill");
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode api = node(zk, "api", db, Set.of(NodeRole.API, NodeRole.SHARE));
             ServiceNode dataA = node(zk, "data-a", db, Set.of(NodeRole.DATA));
             ServiceNode dataB = node(zk, "data-b", db, Set.of(NodeRole.DATA));
             LockstepClient c = LockstepClient.connect(api.uri(), TOKEN)) {
            String id = share(c, "moving", 4);
            String oldHost = c.call(c.manila().share(id)).share().host();
            c.call(c.manila().shareAction(id, Actions.migrationStart("pool2")));
            assertThat(c.call(c.manila().share(id)).share().status()).isEqualTo("migrating");

            JobView atForty = await().atMost(Duration.ofSeconds(10)).until(() -> job(c, id),
                    j -> j.node() != null && j.bytesDone() * 10 >= j.bytesTotal() * 4);
            var instances = c.call(c.manila().shareInstances(id)).shareInstances();
            assertThat(instances).extracting(i -> i.status()).containsExactly("migrating", "migrating_to");
            assertThat(instances.get(1).host()).endsWith("#pool2");
            String destination = instances.get(1).id();
            ServiceNode victim = atForty.node().equals("data-a") ? dataA : dataB;
            victim.kill();
            long killedAt = job(c, id).bytesDone();

            await().atMost(Duration.ofSeconds(20)).until(() -> "data_copying_completed".equals(
                    c.call(c.manila().share(id)).share().taskState()));
            JobDetail detail = c.call(c.lockstep().job(atForty.id()));
            assertThat(detail.attempts()).hasSize(2);
            assertThat(detail.attempts().get(1).owner()).doesNotContain(atForty.node());
            assertThat(detail.attempts().get(1).fromBytes()).isGreaterThan(0).isLessThanOrEqualTo(killedAt);
            List<Long> bytes = detail.progress().stream().map(JobDetail.Point::bytesDone).toList();
            assertThat(bytes).isSorted(); // progress never went back
            String copy = MigrationJob.copyOf(atForty.id());
            assertThat(storage.content().checksumOfCopy(copy))
                    .isEqualTo(SimulatedContent.checksumOf(id, 4 * PER_GIB));

            c.call(c.manila().shareAction(id, Actions.migrationComplete()));
            Share done = c.call(c.manila().share(id)).share();
            assertThat(done.status()).isEqualTo("available");
            assertThat(done.taskState()).isEqualTo("migration_success");
            assertThat(done.host()).endsWith("#pool2").isNotEqualTo(oldHost);
            assertThat(c.call(c.manila().shareInstances(id)).shareInstances()).singleElement().satisfies(i -> {
                assertThat(i.id()).as("the destination became the share's instance").isEqualTo(destination);
                assertThat(i.status()).isEqualTo("available");
            });
            assertThat(c.call(c.lockstep().job(atForty.id())).job().status()).isEqualTo("succeeded");

            List<Event> events = c.call(c.lockstep().events(0, 500, "job", atForty.id())).events();
            assertThat(events).filteredOn(e -> e.kind() == EventKind.JOB)
                    .anySatisfy(e -> assertThat(e.message()).startsWith("handed over from"));
            assertThat(events).filteredOn(e -> e.kind() == EventKind.TRANSITION && "succeeded".equals(e.to()))
                    .hasSize(1);
            assertThat(events).filteredOn(e -> e.kind() == EventKind.JOB && "phase".equals(e.operation()))
                    .extracting(Event::to).containsExactly("migration_in_progress", "data_copying_starting",
                            "data_copying_in_progress", "data_copying_completing", "data_copying_completed",
                            "migration_completing", "migration_success");
            assertThat(c.call(c.lockstep().events(0, 500, "share", id)).events())
                    .filteredOn(e -> e.kind() == EventKind.TRANSITION).extracting(Event::to)
                    .containsExactly("creating", "available", "migrating", "available");
            // the share's first instance followed it, then was replaced by the destination in the same commit
            assertThat(c.call(c.lockstep().events(0, 500, "share_instance", instances.get(0).id())).events())
                    .filteredOn(e -> e.kind() == EventKind.TRANSITION).extracting(Event::to)
                    .containsExactly("creating", "available", "migrating", "available", "deleted");
            assertThat(c.call(c.lockstep().events(0, 500, "share_instance", destination)).events())
                    .extracting(e -> e.operation() + " " + e.from() + " " + e.to())
                    .containsExactly("migration_destination null migrating_to", "migration_destination migrating_to available");
        }
    }

    @Test
    void aRestartOfTheOnlyDataServiceResumesItsJobFromTheCheckpoint() throws Exception {
        String db = ClusterNodes.sharedDatabase("migration-restart");
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode api = node(zk, "api", db, Set.of(NodeRole.API, NodeRole.SHARE));
             LockstepClient c = LockstepClient.connect(api.uri(), TOKEN)) {
            String id = share(c, "restarted", 4);
            JobView atHalf;
            try (ServiceNode data = node(zk, "data", db, Set.of(NodeRole.DATA))) {
                c.call(c.manila().shareAction(id, Actions.migrationStart("pool2")));
                atHalf = await().atMost(Duration.ofSeconds(10)).until(() -> job(c, id),
                        j -> j.bytesDone() * 2 >= j.bytesTotal());
            } // a clean stop hands the job back at once
            long stoppedAt = job(c, id).bytesDone();
            assertThat(job(c, id).status()).isEqualTo("running");
            try (ServiceNode again = node(zk, "data", db, Set.of(NodeRole.DATA))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> "data_copying_completed".equals(
                        c.call(c.manila().share(id)).share().taskState()));
            }
            JobDetail d = c.call(c.lockstep().job(atHalf.id()));
            assertThat(d.attempts()).extracting(JobDetail.Attempt::outcome).containsExactly("released", "copied");
            assertThat(d.attempts().get(1).fromBytes()).isEqualTo(stoppedAt).isGreaterThan(0);
            assertThat(storage.content().checksumOfCopy(MigrationJob.copyOf(atHalf.id())))
                    .isEqualTo(SimulatedContent.checksumOf(id, 4 * PER_GIB));
        }
    }

    @Test
    void aPausedDataServiceCannotWriteToAJobAnotherTookOver() throws Exception {
        String db = ClusterNodes.sharedDatabase("migration-pause");
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode api = node(zk, "api", db, Set.of(NodeRole.API, NodeRole.SHARE));
             ServiceNode dataA = node(zk, "data-a", db, Set.of(NodeRole.DATA));
             LockstepClient c = LockstepClient.connect(api.uri(), TOKEN)) {
            String id = share(c, "paused", 4);
            c.call(c.manila().shareAction(id, Actions.migrationStart("pool2")));
            JobView first = await().atMost(Duration.ofSeconds(10)).until(() -> job(c, id),
                    j -> j.bytesDone() * 10 >= j.bytesTotal() * 3);
            dataA.pause(Duration.ofSeconds(6)); // past its 1 s lease and 3 s session
            try (ServiceNode dataB = node(zk, "data-b", db, Set.of(NodeRole.DATA))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> "data_copying_completed".equals(
                        c.call(c.manila().share(id)).share().taskState()));
                await().atMost(Duration.ofSeconds(15)).until(() -> !dataA.pausedNow());
                // data-a wakes up inside its copy loop: its next progress write is refused and it stops.
                await().atMost(Duration.ofSeconds(10)).until(() -> dataA.workersBusy() == 0);
            }
            JobDetail d = c.call(c.lockstep().job(first.id()));
            assertThat(d.attempts()).hasSize(2);
            assertThat(d.job().phase()).isEqualTo("data_copying_completed");
            assertThat(d.progress().stream().map(JobDetail.Point::owner).distinct()).hasSize(2);
            // After the hand-off only data-b's writes are in the history: data-a's late ones were refused.
            List<String> owners = d.progress().stream().map(JobDetail.Point::owner).toList();
            int firstOfB = owners.indexOf(d.attempts().get(1).owner());
            assertThat(owners.subList(firstOfB, owners.size())).containsOnly(d.attempts().get(1).owner());
            assertThat(storage.content().checksumOfCopy(MigrationJob.copyOf(first.id())))
                    .isEqualTo(SimulatedContent.checksumOf(id, 4 * PER_GIB));
        }
    }

    @Test
    void aMigrationThatKeepsFailingFailsVisiblyAndCanBeRetried() throws Exception {
        String db = ClusterNodes.sharedDatabase("migration-fail");
        try (TestingServer zk = new TestingServer(true);
             Connection keeper = DriverManager.getConnection(db);
             ServiceNode node = ClusterNodes.node(zk, "all", db, storage, TOKEN, Duration.ofSeconds(3))
                     .workers(2, Duration.ofSeconds(5), 5).jobs(Duration.ofSeconds(1), 3, 1).start();
             LockstepClient c = LockstepClient.connect(node.uri(), TOKEN)) {
            String id = share(c, "unlucky", 1);
            storage.content().failWrites(true);
            c.call(c.manila().shareAction(id, Actions.migrationStart("pool2")));
            JobView failed = await().atMost(Duration.ofSeconds(10)).until(() -> job(c, id),
                    j -> j.status().equals("failed"));
            assertThat(failed.attempt()).isEqualTo(3);
            assertThat(failed.error()).contains("simulated write failure");
            Share share = c.call(c.manila().share(id)).share();
            assertThat(share.status()).isEqualTo("available");
            assertThat(share.taskState()).isEqualTo("migration_error");
            assertThat(c.call(c.manila().messages(id, null)).messages()).singleElement()
                    .satisfies(m -> assertThat(m.userMessage()).contains("migration of this share failed"));

            storage.content().failWrites(false);
            JobView again = c.call(c.lockstep().retryJob(failed.id()));
            assertThat(again.id()).isNotEqualTo(failed.id());
            assertThat(status(() -> c.call(c.lockstep().retryJob(again.id())))).isEqualTo(409);
            await().atMost(Duration.ofSeconds(10)).until(() -> "data_copying_completed".equals(
                    c.call(c.manila().share(id)).share().taskState()));
        } finally {
            storage.content().failWrites(false);
        }
    }

    @Test
    void cancelDuringTheCopyLeavesTheSourceAvailableWhereItWas() throws Exception {
        try (OneNode one = new OneNode("migration-cancel")) {
            LockstepClient c = one.client;
            String id = share(c, "stays", 4);
            String host = c.call(c.manila().share(id)).share().host();
            c.call(c.manila().shareAction(id, Actions.migrationStart("pool3")));
            JobView running = await().atMost(Duration.ofSeconds(10)).until(() -> job(c, id),
                    j -> j.bytesDone() * 10 >= j.bytesTotal());
            assertThat(status(() -> c.call(c.manila().shareAction(id, Actions.migrationComplete())))).isEqualTo(409);
            c.call(c.manila().shareAction(id, Actions.migrationCancel()));
            await().atMost(Duration.ofSeconds(10)).until(() -> c.call(c.manila().share(id)).share().status()
                    .equals("available"));
            Share after = c.call(c.manila().share(id)).share();
            assertThat(after.taskState()).isEqualTo("migration_cancelled");
            assertThat(after.host()).isEqualTo(host);
            assertThat(c.call(c.lockstep().job(running.id())).job().status()).isEqualTo("cancelled");
            assertThat(storage.content().hasCopy(MigrationJob.copyOf(running.id()))).isFalse();
        }
    }

    @Test
    void racingStartsAndADeleteDuringMigrationGetCleanConflicts() throws Exception {
        try (OneNode one = new OneNode("migration-race")) {
            LockstepClient c = one.client;
            for (int i = 0; i < 10; i++) {
                String id = share(c, "race-" + i, 1);
                CountDownLatch go = new CountDownLatch(1);
                Callable<Integer> start = () -> {
                    go.await();
                    return status(() -> c.call(c.manila().shareAction(id, Actions.migrationStart("pool2"))));
                };
                var a = CompletableFuture.supplyAsync(() -> call(start));
                var b = CompletableFuture.supplyAsync(() -> call(start));
                go.countDown();
                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(202, 409);
                assertThat(status(() -> c.call(c.manila().deleteShare(id)))).isEqualTo(409);
                assertThat(c.call(c.lockstep().jobs("migration", null)).jobs())
                        .filteredOn(j -> j.resourceId().equals(id)).hasSize(1);
            }
            assertThatThrownBy(() -> c.call(c.manila().shareAction("00000000-0000-0000-0000-000000000000",
                    Actions.migrationStart("pool9")))).isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.detail().field()).isEqualTo("host");
                    });
        }
    }

    @Test
    void theDriverMigratesThroughItsOwnPhasesAndCompletesFromPhaseOneDone() throws Exception {
        try (OneNode one = new OneNode("migration-driver")) {
            LockstepClient c = one.client;
            String id = share(c, "driven", 8);
            c.call(c.manila().shareAction(id, Actions.migrationStart("pool3", false)));
            JobView moving = await().atMost(Duration.ofSeconds(10)).until(() -> job(c, id),
                    j -> "migration_driver_in_progress".equals(j.phase()) && j.bytesDone() > 0);
            assertThatThrownBy(() -> c.call(c.manila().shareAction(id, Actions.migrationComplete())))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.detail().expected())
                                .containsExactly("data_copying_completed", "migration_driver_phase1_done");
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> "migration_driver_phase1_done".equals(
                    c.call(c.manila().share(id)).share().taskState()));
            assertThat(c.call(c.manila().migrationProgress(id))).containsEntry("total_progress", 100);
            assertThat(storage.content().checksumOfCopy(MigrationJob.copyOf(moving.id())))
                    .isEqualTo(SimulatedContent.checksumOf(id, 8 * PER_GIB));

            c.call(c.manila().shareAction(id, Actions.migrationComplete()));
            Share done = c.call(c.manila().share(id)).share();
            assertThat(done.host()).endsWith("#pool3");
            assertThat(done.taskState()).isEqualTo("migration_success");
            assertThat(c.call(c.lockstep().events(0, 500, "job", moving.id())).events())
                    .filteredOn(e -> e.kind() == EventKind.JOB && "phase".equals(e.operation()))
                    .extracting(Event::to).containsExactly("migration_driver_in_progress",
                            "migration_driver_phase1_done", "migration_completing", "migration_success");
            assertThat(c.call(c.lockstep().jobMachine()).kinds()).extracting(k -> k.kind())
                    .containsExactly("migration", "backup", "restore", "data_copy");
        }
    }

    @Test
    void aHostAssistedMigrationCannotPromiseWhatOnlyADriverCanKeep() throws Exception {
        try (OneNode one = new OneNode("migration-flags")) {
            LockstepClient c = one.client;
            String id = share(c, "flags", 1);
            var body = java.util.Map.<String, Object>of("migration_start", java.util.Map.of("host", "pool2",
                    "force_host_assisted_migration", true, "writable", false, "nondisruptive", false,
                    "preserve_metadata", false, "preserve_snapshots", true));
            assertThatThrownBy(() -> c.call(c.manila().shareAction(id, body)))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.detail().field()).isEqualTo("preserve_snapshots");
                        assertThat(e.detail().message()).contains("force_host_assisted_migration false");
                    });
            Share untouched = c.call(c.manila().share(id)).share();
            assertThat(untouched.status()).isEqualTo("available");
            assertThat(untouched.taskState()).isNull();
            assertThat(c.call(c.lockstep().jobs("migration", null)).jobs()).isEmpty();
        }
    }

    @Test
    void cancelRacingCompleteHasExactlyOneWinner() throws Exception {
        try (OneNode one = new OneNode("migration-cancel-complete")) {
            LockstepClient c = one.client;
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = share(c, "duel-" + i, 1);
                c.call(c.manila().shareAction(id, Actions.migrationStart("pool2", i % 2 == 0)));
                ids.add(id);
            }
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(20)).until(() -> MigrationService.waitingPhases().contains(
                        c.call(c.manila().share(id)).share().taskState()));
                CountDownLatch go = new CountDownLatch(1);
                var complete = CompletableFuture.supplyAsync(() -> call(() -> {
                    go.await();
                    return status(() -> c.call(c.manila().shareAction(id, Actions.migrationComplete())));
                }));
                var cancel = CompletableFuture.supplyAsync(() -> call(() -> {
                    go.await();
                    return status(() -> c.call(c.manila().shareAction(id, Actions.migrationCancel())));
                }));
                go.countDown();
                assertThat(List.of(complete.get(), cancel.get())).containsExactlyInAnyOrder(202, 409);
                Share after = c.call(c.manila().share(id)).share();
                assertThat(after.status()).isEqualTo("available");
                JobView j = job(c, id);
                if (complete.get() == 202) {
                    assertThat(after.taskState()).isEqualTo("migration_success");
                    assertThat(after.host()).endsWith("#pool2");
                    assertThat(j.status()).isEqualTo("succeeded");
                } else {
                    assertThat(after.taskState()).isEqualTo("migration_cancelled");
                    assertThat(after.host()).doesNotEndWith("#pool2");
                    assertThat(j.status()).isEqualTo("cancelled");
                }
                assertThat(c.call(c.lockstep().events(0, 500, "job", j.id())).events())
                        .filteredOn(e -> e.kind() == EventKind.TRANSITION && e.from() != null
                                && e.from().equals("running")).hasSize(1);
            }
        }
    }

    private static int call(Callable<Integer> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
