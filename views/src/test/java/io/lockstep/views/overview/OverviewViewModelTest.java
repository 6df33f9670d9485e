package io.lockstep.views.overview;

import static io.lockstep.views.Fixtures.rejected;
import static io.lockstep.views.Fixtures.share;
import static io.lockstep.views.Fixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.views.Fixtures;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.Update;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverviewViewModelTest {

    @Test
    void figuresFollowTheModelAndLeadToFilteredLists() {
        // Three minutes after the fixture's events: a share still 'extending' since then is stuck.
        Clock later = Clock.fixed(Fixtures.T0.plus(Duration.ofMinutes(3)), ZoneOffset.UTC);
        LiveModel model = new LiveModel(later);
        model.apply(List.of(new Update.Loaded(Fixtures.catalog(),
                List.of(share("a", "a", "available", 1), share("b", "b", "available", 1)), List.of(), List.of(), 0)));
        OverviewViewModel vm = new OverviewViewModel(model);
        List<String> opened = new ArrayList<>();
        vm.setNavigator(new OverviewViewModel.Navigator() {
            @Override
            public void resources(String type, String state, boolean stuckOnly, String text) {
                opened.add(type + " " + state + " " + stuckOnly + " " + text);
            }

            @Override
            public void stateMachines() {
                opened.add("diagram");
            }
        });
        model.apply(List.of(new Update.EventArrived(transition(1, "a", "extend", "available", "extending")),
                new Update.EventArrived(rejected(2, "b", "delete", "available", "deleting", "has snapshots")),
                new Update.EventArrived(transition(170, "b", "extend", "available", "extending"))));
        vm.tick();
        assertThat(vm.stuckSharesProperty().get()).isEqualTo(1); // 'a' since T0+1s; 'b' only 10 s
        assertThat(vm.refusedLastMinuteProperty().get()).isZero(); // the refusal was 3 minutes ago
        assertThat(vm.counts()).contains(new OverviewViewModel.StateCount("share", "extending",
                io.lockstep.api.statemachine.StateKind.TRANSITIONAL, 2));
        vm.openStuck("share");
        vm.open(vm.counts().get(0));
        vm.openRefusals();
        assertThat(opened).containsExactly("share null true ", "share creating false ", "diagram");
    }
}
