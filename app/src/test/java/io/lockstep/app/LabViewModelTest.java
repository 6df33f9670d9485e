package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.LockstepClient;
import io.lockstep.client.race.Race;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.lab.LabViewModel;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lab panel's view model against a real embedded service, on the test's thread. */
class LabViewModelTest {

    @Test
    void racesRunThroughTheApiAndPrintTheHarnessTable() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            LabViewModel vm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.of(lab));
            vm.refresh();
            assertThat(vm.driverSummaryProperty().get()).contains("0 shares");
            vm.trialsProperty().set(6);
            vm.runRace(Race.DOUBLE_DELETE);
            vm.runRace(Race.DELETE_WHILE_SNAPSHOTTING);
            String[] lines = vm.reportProperty().get().split("\n");
            assertThat(lines[0]).startsWith("race").contains("violations");
            assertThat(lines[1]).matches("double-delete\\s+6\\s+0\\s+\\{.*\\}");
            assertThat(lines[2]).matches("delete-while-snapshotting\\s+6\\s+0\\s+\\{.*\\}");
            assertThat(vm.progressProperty().get()).isEqualTo(1.0);
            assertThat(notices.latestProperty().get().text()).isEqualTo(
                    "delete-while-snapshotting: 6 trials, 0 violations.");
            assertThat(vm.racingProperty().get()).isFalse();
        }
    }

    @Test
    void driverSettingsTheServiceRefusesAreReportedWithItsReason() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            LabViewModel vm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.empty());
            vm.refresh();
            vm.minLatencyMsProperty().set(900);
            vm.maxLatencyMsProperty().set(100);
            vm.apply();
            assertThat(notices.latestProperty().get().text()).startsWith("Driver settings refused: ")
                    .contains("latency");
            assertThat(vm.canRestart()).isFalse();
        }
    }
}
