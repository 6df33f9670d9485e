package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.conflict.ConflictsViewModel;
import org.junit.jupiter.api.Test;

/** The Conflict matrix page's view model against a real embedded lab, on the test's thread. */
class ConflictsViewModelTest {

    @Test
    void theMatrixIsReadOnceAndShownPerFamily() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            ConflictsViewModel vm = new ConflictsViewModel(client, new CurrentThreadTaskExecutor());
            vm.load();
            assertThat(vm.families()).containsExactly("share", "job");
            assertThat(vm.familyProperty().get()).isEqualTo("share");
            assertThat(vm.operations()).contains("share.delete", "snapshot.create", "backup.restore");
            var pair = vm.pair("share.delete", "snapshot.create");
            assertThat(pair.verdicts()).isEqualTo("exclusive / guarded");
            assertThat(pair.worst()).isEqualTo("guarded");
            assertThat(vm.summaryProperty().get()).contains("0 unsafe");

            vm.familyProperty().set("job");
            assertThat(vm.operations()).allMatch(o -> o.startsWith("job."));
            assertThat(vm.pair("job.give_up", "job.cancel_now").worst()).isEqualTo("exclusive");
        }
    }
}
