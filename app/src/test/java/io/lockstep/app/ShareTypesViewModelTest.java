package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.sharetype.ShareTypesViewModel;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The Share types page's view model against a real embedded lab, on the test's thread. */
class ShareTypesViewModelTest {

    @Test
    void anAdminCreatesAPrivateTypeSetsASpecAndGivesAProjectAccess() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            ShareTypesViewModel vm = new ShareTypesViewModel(client, new CurrentThreadTaskExecutor(), notices, true);
            vm.refresh();
            assertThat(vm.rows()).containsExactly("default | public | DHSS False · snapshots True",
                    "dhss | public | DHSS True · snapshots True", "replicated | public | DHSS False · snapshots False");

            vm.newNameProperty().set("silver");
            vm.newPublicProperty().set(false);
            vm.create();
            assertThat(vm.rows()).contains("silver | private | DHSS False · snapshots True");
            vm.selectedProperty().set(vm.types().stream().filter(t -> t.name().equals("silver")).findFirst().orElseThrow());
            vm.specKeyProperty().set("replication_type");
            vm.specValueProperty().set("sometimes");
            vm.setSpec();
            assertThat(notices.latestProperty().get().level()).isEqualTo(Notice.Level.ERROR);
            assertThat(notices.latestProperty().get().text()).contains("replication_type");
            vm.specValueProperty().set("dr");
            vm.setSpec();
            assertThat(vm.specs()).extracting(ShareTypesViewModel.Spec::key).contains("replication_type");
            assertThat(vm.specs()).filteredOn(ShareTypesViewModel.Spec::required)
                    .extracting(ShareTypesViewModel.Spec::key).containsExactly("driver_handles_share_servers");

            vm.projectProperty().set("p7");
            vm.addProject();
            assertThat(vm.projects()).containsExactly("p7");
            vm.removeProject("p7");
            assertThat(vm.projects()).isEmpty();

            vm.delete(vm.selectedProperty().get());
            assertThat(vm.rows()).noneMatch(r -> r.startsWith("silver"));
            assertThat(vm.selectedProperty().get()).isNull();
        }
    }
}
