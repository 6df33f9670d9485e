package io.lockstep.views.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.event.Event;
import io.lockstep.views.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

    /** Two shares: a made, extended, deleted; b made; one refusal between (which changes nothing). */
    static List<Event> log() {
        List<Event> l = new ArrayList<>();
        l.add(Fixtures.transition(1, "a", "create", null, "creating"));
        l.add(Fixtures.transition(2, "a", "create", "creating", "available"));
        l.add(Fixtures.transition(3, "b", "create", null, "creating"));
        l.add(Fixtures.rejected(4, "a", "delete", "available", "deleting", "busy"));
        l.add(Fixtures.transition(5, "a", "extend", "available", "extending"));
        l.add(Fixtures.transition(6, "b", "create", "creating", "available"));
        l.add(Fixtures.transition(7, "a", "extend", "extending", "available"));
        l.add(Fixtures.transition(8, "a", "delete", "available", "deleting"));
        l.add(Fixtures.transition(9, "a", "delete", "deleting", "deleted"));
        return l;
    }

    @Test
    void theStateAtAnyPointIsRebuiltFromTheHistory() {
        History h = new History(log());
        assertThat(h.countsAt(0)).isEmpty();
        assertThat(h.countsAt(3)).isEqualTo(Map.of("share", Map.of("available", 1, "creating", 1)));
        assertThat(h.countsAt(5)).isEqualTo(Map.of("share", Map.of("extending", 1, "creating", 1)));
        assertThat(h.countsAt(9)).isEqualTo(Map.of("share", Map.of("deleted", 1, "available", 1)));
        assertThat(h.statusesAt(7)).containsEntry("share/a", new History.Status("share", "a", "available"));
        assertThat(h.positionOf(5)).contains(4);
        assertThat(h.positionAt(Fixtures.T0.plusSeconds(6))).isEqualTo(5);
    }

    @Test
    void checkpointsGiveTheSameAnswerAsAFoldFromTheStart() {
        List<Event> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(Fixtures.transition(i + 1, "s" + (i % 37), "op", null, "state" + (i % 5)));
        }
        History h = new History(many);
        for (int p : new int[] {0, 1, 255, 256, 257, 700, 1000}) {
            assertThat(h.statusesAt(p)).as("position " + p).isEqualTo(new History(many.subList(0, p)).statusesAt(p));
        }
    }

    @Test
    void playingFollowsTheEventsTimesAtTheChosenSpeedAndFlashesInBatches() {
        ReplayViewModel vm = new ReplayViewModel(null, null, null, false);
        vm.historyProperty().set(new History(log())); // one event per second
        vm.replayingProperty().set(true);
        List<List<Event>> batches = new ArrayList<>();
        vm.addReplayListener(batches::add);
        vm.speedProperty().set(0.5);
        vm.play();
        vm.tick(1_000_000L); // the first event is due at once
        assertThat(vm.positionProperty().get()).isEqualTo(1);
        vm.tick(1_000_000_000L); // half speed: half a second of history
        assertThat(vm.positionProperty().get()).isEqualTo(1);
        vm.tick(1_100_000_000L);
        assertThat(vm.positionProperty().get()).isEqualTo(2);
        assertThat(vm.count("share", "available")).isEqualTo(1);
        vm.speedProperty().set(10);
        vm.tick(1_000_000_000L); // ten seconds of history: the rest in one batch
        assertThat(vm.positionProperty().get()).isEqualTo(9);
        assertThat(batches.get(batches.size() - 1)).hasSize(7);
        assertThat(vm.playingProperty().get()).as("stops at the end").isFalse();
        vm.stepBack();
        assertThat(vm.count("share", "deleting")).isEqualTo(1);
        assertThat(vm.whereProperty().get()).contains("#8").contains("delete").contains("available → deleting");
        vm.seek(0);
        assertThat(vm.statuses()).isEmpty();
        vm.live();
        assertThat(vm.replayingProperty().get()).isFalse();
    }

    @Test
    void theDiagramsAreToldToRedrawOnlyOnceTheStateAtThePositionIsRebuilt() {
        io.lockstep.views.live.LiveModel live = new io.lockstep.views.live.LiveModel(java.time.Clock.systemUTC());
        live.apply(List.of(new io.lockstep.views.live.Update.Loaded(Fixtures.catalog(), List.of(), List.of(), List.of(), 0)));
        var machines = new io.lockstep.views.diagram.StateMachinesViewModel(live,
                new io.lockstep.views.concurrent.CurrentThreadTaskExecutor());
        ReplayViewModel vm = new ReplayViewModel(null, null, null, false);
        machines.replayFrom(vm);
        vm.historyProperty().set(new History(log()));
        vm.replayingProperty().set(true);
        List<Integer> seenAtRedraw = new ArrayList<>();
        machines.redrawProperty().addListener((o, a, b) -> seenAtRedraw.add(machines.count("share", "available")));
        vm.seek(2);
        vm.seek(0);
        vm.seek(9);
        assertThat(seenAtRedraw).containsExactly(1, 0, 1);
    }
}
