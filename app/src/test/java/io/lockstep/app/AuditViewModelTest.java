package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.api.audit.AuditEntry;
import io.lockstep.api.auth.Role;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.audit.AuditViewModel;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

/** The Audit page's view model against a real embedded lab, on the test's thread. */
class AuditViewModelTest {

    @Test
    void writesAppearNewestFirstAndAreReadIncrementally() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            AuditViewModel vm = new AuditViewModel(client, Role.ADMIN, new CurrentThreadTaskExecutor());
            String id = client.call(client.manila().createShare(CreateShare.of("logged", 1, "NFS"))).share().id();
            vm.refresh();
            assertThat(vm.rows()).extracting(AuditEntry::action).containsExactly("create");
            assertThat(AuditViewModel.target(vm.rows().get(0))).isEqualTo("share " + id.substring(0, 8) + "…");

            LockstepClient stale = client.expecting("error");
            assertThatThrownBy(() -> stale.call(stale.manila().deleteShare(id)));
            vm.refresh();
            assertThat(vm.rows()).extracting(AuditEntry::action).containsExactly("delete", "create");
            assertThat(AuditViewModel.outcome(vm.rows().get(0))).isEqualTo("409 refused");

            vm.refusedOnlyProperty().set(true);
            assertThat(vm.rows()).extracting(AuditEntry::action).containsExactly("delete");
            vm.refusedOnlyProperty().set(false);
            vm.filterProperty().set("CREATE");
            assertThat(vm.rows()).extracting(AuditEntry::action).containsExactly("create");
            assertThat(vm.unavailableProperty().get()).isEmpty();
        }
    }

    @Test
    void aViewerIsToldWhyThereIsNoLog() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            AuditViewModel vm = new AuditViewModel(client, Role.VIEWER, new CurrentThreadTaskExecutor());
            vm.refresh();
            assertThat(vm.unavailableProperty().get()).contains("operator role");
            assertThat(vm.rows()).isEmpty();
        }
    }
}
