package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.lab.ScenarioView;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.scenario.ScenarioGuideViewModel;
import io.lockstep.views.scenario.ScenarioGuideViewModel.CheckRow;
import io.lockstep.views.shell.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guided panel plays a bundled scenario on the console's own embedded lab, step by step. */
class ScenarioGuideViewModelTest {

    @Test
    void aScenarioIsPlayedStepByStepAndItsChecksAreTicked() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            ScenarioGuideViewModel vm = new ScenarioGuideViewModel(client, new CurrentThreadTaskExecutor(),
                    new NoticeBoard(Clock.systemUTC()));
            List<String> shown = new ArrayList<>();
            vm.onShow(shown::add);
            vm.open();
            assertThat(vm.openProperty().get()).isTrue();
            assertThat(vm.scenarios()).extracting(ScenarioView::name).contains("the-2016-races", "lock-held-too-long");
            // every page a bundled step names is one the console has
            assertThat(vm.scenarios()).flatExtracting(ScenarioView::steps).allSatisfy(step -> {
                if (step.show() != null) {
                    assertThat(Page.valueOf(step.show().toUpperCase().replace('-', '_'))).isNotNull();
                }
            });

            ScenarioView locks = vm.scenarios().stream().filter(s -> s.name().equals("lock-held-too-long"))
                    .findFirst().orElseThrow();
            vm.start(locks);
            assertThat(vm.progressText().get()).isEqualTo("Step 1 of 2");
            assertThat(vm.nextText().get()).isEqualTo("Run step 1");
            assertThat(vm.checks()).extracting(CheckRow::state).containsOnly(CheckRow.State.PENDING);
            assertThat(shown).containsExactly("locks");

            for (int step = 0; step < 2; step++) {
                vm.next(); // runs the step on the lab
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    vm.refreshRun();
                    return !vm.runningProperty().get();
                });
                assertThat(vm.checks()).as("step " + (step + 1)).isNotEmpty()
                        .allSatisfy(c -> assertThat(c.state()).as(c.says() + ": " + c.detail()).isEqualTo(CheckRow.State.HELD));
                if (step == 0) {
                    assertThat(vm.nextText().get()).isEqualTo("Next step");
                    vm.next(); // only moves on
                    assertThat(vm.progressText().get()).isEqualTo("Step 2 of 2");
                    assertThat(vm.checks()).extracting(CheckRow::state).containsOnly(CheckRow.State.PENDING);
                }
            }
            assertThat(vm.nextDisabled().get()).as("nothing left to run").isTrue();
            vm.back();
            assertThat(vm.progressText().get()).isEqualTo("Step 1 of 2");
            assertThat(vm.checks()).extracting(CheckRow::state).containsOnly(CheckRow.State.HELD);
            vm.leave();
            assertThat(vm.scenarioProperty().get()).isNull();
        }
    }
}
