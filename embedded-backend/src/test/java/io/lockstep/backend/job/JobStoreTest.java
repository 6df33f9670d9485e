package io.lockstep.backend.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.event.EventLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jobs table against both real databases: H2 (the embedded default) and PostgreSQL (the
 * cluster's, where the claim uses {@code FOR UPDATE SKIP LOCKED}). Real threads race for the same
 * jobs; the invariants are checked afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobStoreTest {

    private EmbeddedPostgres pg;

    @BeforeAll
    void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    void stopPostgres() throws Exception {
        pg.close();
    }

    Stream<String> databases() {
        return Stream.of("h2", "postgres");
    }

    private Database open(String which) {
        if (which.equals("h2")) {
            return Database.h2Memory();
        }
        String schema = "s" + System.nanoTime();
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + schema);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Database.open(pg.getJdbcUrl("postgres", schema), "postgres", null);
    }

    private static JobStore store(Database db) {
        Clock clock = Clock.systemUTC();
        return new JobStore(db.jdbi(), db.dialect(), new EventLog(db.jdbi(), clock), clock);
    }

    private static List<String> create(Database db, JobStore store, int n, long bytes) {
        List<String> ids = new ArrayList<>();
        db.jdbi().useTransaction(h -> {
            for (int i = 0; i < n; i++) {
                ids.add(store.create(h, new JobStore.NewJob(DataCopyJob.KIND, "p1", "share", "share-" + i,
                        "copy-" + i, "{}", bytes, "data_copying_starting", 3), "test"));
            }
        });
        return ids;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void racingWorkersClaimEveryJobExactlyOnce(String which) throws Exception {
        try (Database db = open(which)) {
            JobStore store = store(db);
            List<String> ids = create(db, store, 200, 1);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            Map<String, String> claimedBy = new ConcurrentHashMap<>();
            List<String> doubles = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "worker-" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (var j = store.claim(owner, Duration.ofMinutes(5)); j.isPresent();
                         j = store.claim(owner, Duration.ofMinutes(5))) {
                        if (claimedBy.putIfAbsent(j.get().id(), owner) != null) {
                            doubles.add(j.get().id());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(doubles).isEmpty();
            assertThat(claimedBy.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(claimedBy.values().stream().distinct().count()).as("work spread over workers").isGreaterThan(1);
            for (String id : ids) {
                JobRow j = store.get(id).orElseThrow();
                assertThat(j.attempt()).isEqualTo(1);
                assertThat(j.status()).isEqualTo(JobStore.RUNNING);
                assertThat(store.attempts(id)).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aServiceThatLostItsLeaseWritesNothingMore(String which) {
        try (Database db = open(which)) {
            JobStore store = store(db);
            String id = create(db, store, 1, 1000).get(0);
            JobRow first = store.claim("old", Duration.ofMillis(1)).orElseThrow();
            assertThat(store.progress(id, "old", 400, 400, 10)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.claim("new", Duration.ofMinutes(5)).isPresent());

            assertThat(store.progress(id, "old", 600, 600, 10)).isFalse();
            assertThat(store.renew(id, "old", Duration.ofMinutes(5))).isFalse();
            boolean phased = db.jdbi().inTransaction(h -> store.phase(h, id, "old", "data_copying_in_progress"));
            assertThat(phased).isFalse();
            boolean copied = db.jdbi().inTransaction(h -> store.copied(h, first, "old", "data_copying_completed",
                    JobStore.SUCCEEDED));
            assertThat(copied).isFalse();

            JobRow now = store.get(id).orElseThrow();
            assertThat(now.owner()).isEqualTo("new");
            assertThat(now.checkpoint()).as("the new holder resumes where the old one was").isEqualTo(400);
            assertThat(now.attempt()).isEqualTo(2);
            assertThat(store.attempts(id)).extracting(a -> (String) a[6]).containsExactly("lease expired", null);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDataCopyRunsThroughItsPhasesAndItsCopyMatchesTheSource(String which) {
        SimulatedContent content = new SimulatedContent(1 << 16, 64L << 20);
        try (Database db = open(which)) {
            JobStore store = store(db);
            String id = create(db, store, 1, 3 * (1 << 16) + 123).get(0);
            try (DataWorkers workers = new DataWorkers(store, Map.of(DataCopyJob.KIND,
                    new DataCopyJob(store, content, () -> { })), "data@test", 1, Duration.ofSeconds(5),
                    Duration.ofMillis(20), 50)) {
                workers.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> store.get(id).orElseThrow().status()
                        .equals(JobStore.SUCCEEDED));
            }
            JobRow j = store.get(id).orElseThrow();
            assertThat(j.phase()).isEqualTo("data_copying_completed");
            assertThat(j.bytesDone()).isEqualTo(j.bytesTotal());
            assertThat(content.checksumOfCopy(DataCopyJob.copyOf(id)))
                    .isEqualTo(SimulatedContent.checksumOf("share-0", j.bytesTotal()));
            List<Event> events = new EventLog(db.jdbi(), Clock.systemUTC()).after(0, 100,
                    new EventLog.Filter("job", id, null, true));
            assertThat(events).filteredOn(e -> e.kind() == EventKind.JOB && "phase".equals(e.operation()))
                    .extracting(Event::to)
                    .containsExactly("data_copying_in_progress", "data_copying_completing", "data_copying_completed");
            assertThat(events).filteredOn(e -> e.kind() == EventKind.TRANSITION).extracting(Event::to)
                    .containsExactly(JobStore.QUEUED, JobStore.RUNNING, JobStore.SUCCEEDED);
        }
    }

    @Test
    void theMachineRefusesStepsItDoesNotDescribe() {
        assertThatThrownBy(() -> JobMachine.checkPhase(MigrationJob.KIND, "data_copying_in_progress",
                "migration_success")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data_copying_completing");
        // the statuses' edges come from the job machine's operations: nothing leaves an ended job
        var next = JobMachine.describe().statuses().stream()
                .collect(java.util.stream.Collectors.toMap(st -> st.state().name(), st -> st.next()));
        assertThat(next.get(JobStore.SUCCEEDED)).isEmpty();
        assertThat(next.get(JobStore.QUEUED)).containsExactlyInAnyOrder(JobStore.RUNNING, JobStore.CANCELLED,
                JobStore.FAILED);
        assertThat(next.get(JobStore.RUNNING)).containsExactlyInAnyOrder(JobStore.CANCELLING, JobStore.SUCCEEDED,
                JobStore.FAILED, JobStore.CANCELLED);
        JobMachine.checkPhase(MigrationJob.KIND, "data_copying_in_progress", "migration_cancelled");
        assertThat(JobMachine.kind(MigrationJob.KIND).pathTo("migration_starting", "data_copying_in_progress"))
                .containsExactly("migration_in_progress", "data_copying_starting", "data_copying_in_progress");
        assertThat(JobMachine.kind(MigrationJob.KIND).pathTo("data_copying_completing", "data_copying_in_progress"))
                .isEmpty();
        assertThat(MigrationService.waitingPhases())
                .containsExactly("data_copying_completed", "migration_driver_phase1_done");
        // every phase is reachable from a first phase, and every kind can end each way
        for (var d : JobMachine.describe().kinds()) {
            var reached = new java.util.HashSet<>(d.first());
            var kind = JobMachine.kind(d.kind());
            for (int round = 0; round < d.phases().size(); round++) {
                for (var p : d.phases()) {
                    if (reached.contains(p.name())) {
                        reached.addAll(p.next());
                    }
                }
            }
            reached.add(kind.cancelled());
            reached.add(kind.failed());
            assertThat(reached).as(d.kind()).containsAll(d.phases().stream().map(p -> p.name()).toList());
        }
    }
}
