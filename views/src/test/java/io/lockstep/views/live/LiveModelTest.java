package io.lockstep.views.live;

import static io.lockstep.views.Fixtures.rejected;
import static io.lockstep.views.Fixtures.share;
import static io.lockstep.views.Fixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.views.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import io.lockstep.api.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveModelTest {

    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private final LiveModel model = new LiveModel(clock);
    private final List<String> wanted = new ArrayList<>();

    @BeforeEach
    void load() {
        model.onDetailsWanted((type, id) -> wanted.add(type + "/" + id));
        model.apply(List.of(new Update.Loaded(Fixtures.catalog(),
                List.of(share("a", "alpha", "available", 1), share("b", "beta", "error", 2)), List.of(), List.of(), 10)));
    }

    @Test
    void loadFillsRowsAndCounts() {
        assertThat(model.shares()).extracting(ResourceItem::name).containsExactly("alpha", "beta");
        assertThat(model.count("share", "available")).isEqualTo(1);
        assertThat(model.count("share", "error")).isEqualTo(1);
        assertThat(model.lastEventIdProperty().get()).isEqualTo(10);
    }

    @Test
    void transitionsMoveRowsAndCountsInOneRevision() {
        long revision = model.revisionProperty().get();
        model.apply(List.of(new Update.EventArrived(transition(11, "a", "delete", "available", "deleting")),
                new Update.EventArrived(transition(12, "a", "delete", "deleting", "deleted"))));
        assertThat(model.revisionProperty().get()).isEqualTo(revision + 1);
        assertThat(model.find("share", "a")).isEmpty();
        assertThat(model.shares()).hasSize(1);
        assertThat(model.count("share", "available")).isZero();
        assertThat(model.count("share", "deleting")).isZero();
    }

    @Test
    void aCreateAddsARowAndAsksForItsDetails() {
        model.apply(List.of(new Update.EventArrived(transition(11, "c", "create", null, "creating"))));
        assertThat(model.find("share", "c")).get().extracting(ResourceItem::status).isEqualTo("creating");
        assertThat(wanted).containsExactly("share/c");
        model.apply(List.of(new Update.Details("share", ResourceKinds.row(share("c", "gamma", "creating", 7)))));
        assertThat(model.find("share", "c").orElseThrow().name()).isEqualTo("gamma");
        assertThat(model.find("share", "c").orElseThrow().sizeProperty().get()).isEqualTo(7);
    }

    @Test
    void aRowCarriedByTheEventFillsTheItemWithoutAskingAgain() {
        Event create = transition(11, "c", "create", null, "creating");
        model.apply(List.of(new Update.EventArrived(withRow(create, java.util.Map.of("name", "gamma", "size", 7,
                "share_proto", "CIFS", "project_id", "p9", "created_at", "2026-11-24T09:00:00Z")))));
        ResourceItem c = model.find("share", "c").orElseThrow();
        assertThat(c.name()).isEqualTo("gamma");
        assertThat(c.sizeProperty().get()).isEqualTo(7);
        assertThat(c.protocolProperty().get()).isEqualTo("CIFS");
        assertThat(wanted).as("no detail request follows a transition that carries its row").isEmpty();

        Event extended = transition(12, "a", "extend", "extending", "available");
        model.apply(List.of(new Update.EventArrived(withRow(extended, java.util.Map.of("name", "alpha", "size", 5)))));
        assertThat(model.find("share", "a").orElseThrow().sizeProperty().get()).isEqualTo(5);
        assertThat(wanted).isEmpty();
    }

    private static Event withRow(Event e, java.util.Map<String, Object> row) {
        return new Event(e.id(), e.at(), e.kind(), e.resourceType(), e.resourceId(), e.projectId(), e.operation(),
                e.from(), e.to(), e.actor(), e.message(), row);
    }

    @Test
    void eventsAlreadySeenAreIgnored() {
        model.apply(List.of(new Update.EventArrived(transition(11, "a", "extend", "available", "extending"))));
        model.apply(List.of(new Update.EventArrived(transition(11, "a", "extend", "available", "extending"))));
        model.apply(List.of(new Update.EventArrived(transition(5, "a", "delete", "available", "deleting"))));
        assertThat(model.count("share", "extending")).isEqualTo(1);
        assertThat(model.find("share", "a").orElseThrow().status()).isEqualTo("extending");
    }

    @Test
    void refusalsAreCountedWithinTheirWindowAndErrorsListed() {
        model.apply(List.of(new Update.EventArrived(rejected(11, "a", "delete", "available", "deleting", "has snapshots")),
                new Update.EventArrived(transition(12, "a", "extend", "available", "extending")),
                new Update.EventArrived(transition(13, "a", "extend", "extending", "extending_error"))));
        assertThat(model.rejectionsSince(Fixtures.T0)).hasSize(1);
        assertThat(model.rejectionsSince(Fixtures.T0.plusSeconds(60))).isEmpty();
        assertThat(model.recentErrors()).extracting(e -> e.to()).containsExactly("extending_error");
        assertThat(model.count("share", "available")).isZero();
    }

    @Test
    void eventsPerSecondDecaysWhenQuiet() {
        List<Update> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(new Update.EventArrived(rejected(11 + i, "a", "delete", "available", "deleting", "no")));
        }
        model.apply(burst);
        assertThat(model.eventsPerSecondProperty().get()).isEqualTo(10.0);
        clock.advance(Duration.ofSeconds(6));
        model.tick();
        assertThat(model.eventsPerSecondProperty().get()).isZero();
    }

    @Test
    void listenersHearEachAppliedBatchOnce() {
        List<Integer> sizes = new ArrayList<>();
        model.addEventListener(batch -> sizes.add(batch.size()));
        model.apply(List.of(new Update.EventArrived(transition(11, "a", "extend", "available", "extending")),
                new Update.EventArrived(transition(12, "a", "extend", "extending", "available"))));
        assertThat(sizes).containsExactly(2);
    }

    @Test
    void connectionChangesAreShown() {
        model.apply(List.of(new Update.ConnectionChanged(ConnectionState.RECONNECTING)));
        assertThat(model.connectionProperty().get()).isEqualTo(ConnectionState.RECONNECTING);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
