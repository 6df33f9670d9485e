package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.conflict.ConflictsViewModel;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Conflict matrix page's view model against a real embedded lab, on the test's thread. */
class ConflictsViewModelTest {

    @Test
    void theMatrixIsReadOnceAndShownPerFamily() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            ConflictsViewModel vm = new ConflictsViewModel(client, new CurrentThreadTaskExecutor(), true);
            vm.load();
            assertThat(vm.families()).containsExactly("share", "share_network", "job");
            assertThat(vm.familyProperty().get()).isEqualTo("share");
            assertThat(vm.operations()).contains("share.delete", "snapshot.create", "backup.restore");
            var pair = vm.pair("share.delete", "snapshot.create");
            assertThat(pair.verdicts()).isEqualTo("exclusive / guarded");
            assertThat(pair.worst()).isEqualTo("guarded");
            assertThat(vm.summaryProperty().get()).contains("0 unsafe");

            vm.familyProperty().set("job");
            assertThat(vm.operations()).allMatch(o -> o.startsWith("job."));
            assertThat(vm.columns()).contains("job.cancel_now", "lease.expiry").doesNotContain("job.claim#finish");
            assertThat(vm.pair("job.give_up", "job.cancel_now").worst()).isEqualTo("exclusive");
        }
    }

    @Test
    void anAdminRacesACellAndSeesItsTrialsAndExample() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            ConflictsViewModel vm = new ConflictsViewModel(client, new CurrentThreadTaskExecutor(), true);
            vm.load();
            var pair = vm.pair("share.extend", "share.extend");
            assertThat(pair.trials()).isZero();
            assertThat(vm.canRace(pair)).isTrue();
            vm.race(pair, 2);
            assertThat(vm.racingProperty().get()).isTrue();
            assertThat(vm.canRace(pair)).as("one run at a time").isFalse();
            List<Event> ended = await().atMost(Duration.ofSeconds(60)).until(() -> client.call(client.lockstep()
                    .events(0, 5000, "conflicts", null)).events().stream().filter(e -> e.kind() == EventKind.RACE)
                    .toList(), l -> !l.isEmpty());
            vm.onEvents(ended);
            assertThat(vm.racingProperty().get()).isFalse();
            assertThat(vm.raceStatusProperty().get()).contains("0 violations");
            var raced = vm.pair("share.extend", "share.extend");
            assertThat(raced.trials()).isEqualTo(2 * raced.cells().size());
            assertThat(raced.violations()).isZero();
            assertThat(vm.summaryProperty().get()).contains("cells raced for real");
            vm.openExample(raced);
            assertThat(vm.exampleEvents()).anyMatch(l -> l.contains("extend"));
        }
    }

    @Test
    void aViewerIsNotOfferedARace() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            ConflictsViewModel vm = new ConflictsViewModel(client, new CurrentThreadTaskExecutor(), false);
            vm.load();
            assertThat(vm.canRace(vm.pair("share.extend", "share.extend"))).isFalse();
        }
    }
}
