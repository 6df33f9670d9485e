package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.quota.QuotaResource;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.capacity.CapacityViewModel;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.live.Catalog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pools and quotas page's view model against a real embedded lab, on the test's thread. */
class CapacityViewModelTest {

    private static CapacityViewModel.QuotaRow row(CapacityViewModel vm, QuotaResource r) {
        return vm.quotas().stream().filter(q -> q.resource() == r).findFirst().orElseThrow();
    }

    @Test
    void poolsAndQuotasShowWhatIsUsedAndAnAdminSetsALimit() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            String project = client.call(client.lockstep().session()).projectId();
            Catalog catalog = new Catalog(client.call(client.lockstep().stateMachines()).stateMachines());
            CapacityViewModel vm = new CapacityViewModel(client, new CurrentThreadTaskExecutor(), notices, true, project,
                    () -> catalog);
            vm.refresh();
            assertThat(vm.pools()).extracting(CapacityViewModel.PoolRow::name).containsExactly(
                    "lockstep@simulated#pool1", "lockstep@simulated#pool2", "lockstep@simulated#pool3");
            assertThat(vm.pools().get(1).traits()).startsWith("thin ×4").contains("dedupe");
            assertThat(row(vm, QuotaResource.SHARES).usage()).isEqualTo("0 of 50");
            assertThat(vm.quotas()).extracting(CapacityViewModel.QuotaRow::resource)
                    .contains(QuotaResource.BACKUPS, QuotaResource.PER_SHARE_GIGABYTES)
                    .doesNotContain(QuotaResource.SHARE_NETWORKS);

            String id = client.call(client.manila().createShare(CreateShare.of("counted", 7, "NFS"))).share().id();
            // what the event stream brings makes the page read again; nothing else does
            vm.onEvents(List.of(new Event(1, "2026-01-01T00:00:00Z", EventKind.TRANSITION, "share", id, project,
                    "create", null, "creating", "test", null, null)));
            assertThat(row(vm, QuotaResource.GIGABYTES).inUse()).isEqualTo(7);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                vm.refresh();
                return vm.pools().stream().mapToDouble(CapacityViewModel.PoolRow::allocatedGb).sum() == 7;
            });

            vm.limitResourceProperty().set(QuotaResource.GIGABYTES);
            vm.limitValueProperty().set("5");
            vm.setLimit();
            assertThat(notices.latestProperty().get().level()).isEqualTo(Notice.Level.ERROR);
            assertThat(notices.latestProperty().get().text()).contains("smaller than already used");
            vm.forceProperty().set(true);
            vm.limitValueProperty().set("5");
            vm.setLimit();
            assertThat(row(vm, QuotaResource.GIGABYTES).tight()).isTrue();
            assertThat(row(vm, QuotaResource.GIGABYTES).usage()).isEqualTo("7 of 5");
        }
    }
}
