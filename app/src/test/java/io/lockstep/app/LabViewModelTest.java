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
            LabViewModel vm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.of(lab), new Agreeing());
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
            LabViewModel vm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.empty(), new Agreeing());
            vm.refresh();
            vm.minLatencyMsProperty().set(900);
            vm.maxLatencyMsProperty().set(100);
            vm.apply();
            assertThat(notices.latestProperty().get().text()).startsWith("Driver settings refused: ")
                    .contains("latency");
            assertThat(vm.canRestart()).isFalse();
        }
    }

    @Test
    void aResetAsksForTheWordThenEndsEverythingAndSaysSoWhenItsEventArrives() throws Exception {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            Agreeing operator = new Agreeing();
            LabViewModel vm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.of(lab), operator);
            client.call(client.lockstep().updateDriver(new io.lockstep.api.lab.DriverSettings(10L, 30L, 0.0, null, null)));
            String id = client.call(client.manila().createShare(io.lockstep.api.share.CreateShare.of("before-reset", 1,
                    "NFS"))).share().id();
            long head = client.call(client.lockstep().events(0, 1, null, null)).lastId();

            vm.reset();
            assertThat(operator.asked).singleElement().satisfies(c -> {
                assertThat(c.friction()).isEqualTo(io.lockstep.views.action.Friction.TYPE_NAME);
                assertThat(c.typedName()).isEqualTo("reset");
            });
            assertThat(vm.resettingProperty().get()).isTrue();
            // the end of the reset comes as an event, as it would through the stream
            var done = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> client.call(
                    client.lockstep().events(head, 1000, "node", "lab")).events(), es -> es.stream()
                    .anyMatch(e -> "reset".equals(e.operation())));
            vm.onEvents(done);
            assertThat(vm.resettingProperty().get()).isFalse();
            assertThat(notices.latestProperty().get().level()).isEqualTo(io.lockstep.views.action.Notice.Level.SUCCESS);
            assertThat(notices.latestProperty().get().text()).startsWith("lab reset: ").contains("ended");
            assertThat(io.lockstep.client.Listings.allShares(client))
                    .noneMatch(s -> s.id().equals(id) && !s.status().equals("deleted"));
            assertThat(vm.minLatencyMsProperty().get()).as("the lab's settings, read again").isEqualTo(200);
        }
    }
}
