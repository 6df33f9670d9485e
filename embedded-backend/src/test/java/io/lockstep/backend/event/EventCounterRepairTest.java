package io.lockstep.backend.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.event.EventKind;
import io.lockstep.backend.db.Database;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A counter a crash left behind its newest event is moved up at start, and appends work again. */
class EventCounterRepairTest {

    @Test
    void aCounterBehindTheNewestEventIsMovedUpToIt() throws Exception {
        try (Database db = Database.open("jdbc:h2:mem:counter-repair;DB_CLOSE_DELAY=-1", "sa", null)) {
            EventLog log = new EventLog(db.jdbi(), Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                log.appendAlone(new NewEvent(EventKind.TRANSITION, "share", "s" + i, "p", "create", null, "creating",
                        "t", null));
            }
            assertThat(log.repairCounter()).as("nothing to repair").isZero();
            // what a crash left: the newest row kept, its counter increment lost
            db.jdbi().useHandle(h -> h.execute("UPDATE event_counter SET last_id = 1 WHERE name = 'events'"));
            assertThat(log.repairCounter()).isEqualTo(2);
            assertThat(log.appendAlone(new NewEvent(EventKind.TRANSITION, "share", "s3", "p", "create", null,
                    "creating", "t", null))).isEqualTo(4);
        }
    }
}
