package io.lockstep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.InProcessCoordinator;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.request.TransitionConflict;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.transition.ConditionalStatusWriter;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same migrations and test-and-set on real PostgreSQL (the cluster database). */
class PostgresMigrationTest {

    @Test
    void migrationsAndTheTransitionPrimitiveRunOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            Clock clock = Clock.systemUTC();
            EventLog events = new EventLog(db.jdbi(), clock);
            TransitionStore store = new TransitionStore(db.jdbi(), new InProcessCoordinator("n", clock), events,
                    new ConditionalStatusWriter(), clock, Duration.ofSeconds(5));
            WorkQueue queue = new WorkQueue(db.jdbi(), db.dialect(), clock);
            Holder holder = new Holder("n", "test", "test");
            store.locked(store.lockOfNew(ResourceMachines.SHARE, "a", null), holder, h -> {
                store.create(h, ResourceMachines.SHARE, "a", "p", Map.of("size", 1, "share_proto", "NFS",
                        "is_public", false, "metadata", "{}"), "t");
                return queue.enqueue(h, "share", "a", "create", Map.of());
            });
            assertThat(queue.claim("w1", Duration.ofSeconds(30))).isPresent();
            assertThat(queue.claim("w2", Duration.ofSeconds(30))).isEmpty();
            assertThatThrownBy(() -> store.locked(ResourceMachines.SHARE, "a", holder,
                    h -> store.begin(h, ResourceMachines.SHARE, "a", "delete", "t", null, Map.of())))
                    .isInstanceOf(TransitionConflict.class).hasMessageContaining("'creating'");
            store.locked(ResourceMachines.SHARE, "a", holder, h -> store.finish(h, ResourceMachines.SHARE, "a", "create",
                    Outcome.ok(), "t", Map.of()));
            // each change of the share is its instance's too, in the same transaction (the refusal is the share's)
            assertThat(events.after(0, 10, EventLog.Filter.ALL)).extracting(e -> e.id() + " " + e.resourceType())
                    .containsExactly("1 share", "2 share_instance", "3 share", "4 share", "5 share_instance");
        }
    }
}
